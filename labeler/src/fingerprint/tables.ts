import type { Generated } from 'kysely'

/**
 * A video a moderator labelled known-deepfake or !takedown, as a perceptual fingerprint: later videos
 * whose frames match get the same value. One row per (source, value); it is deleted when the
 * moderator lifts that value from the source, and with it every copy's label from it.
 */
export interface KnownFingerprintTable {
  id: Generated<number>
  /** The labelled video (app.framewright.video.post) or Bluesky post. */
  sourceUri: string
  /** The moderator's value (known-deepfake, !takedown). */
  val: string
  /** The video blob fingerprinted, and whose repo it is in. */
  blobCid: string
  author: string
  /** 'pending' until the frames are hashed ('ready'), or 'failed' (see error) after the last attempt. */
  status: string
  /** `atMs:hexhash` per stored hash, space-separated (see fingerprint.ts); empty until ready. */
  frames: string
  attempts: number
  error: string | null
  createdAt: string
  updatedAt: string
}

/**
 * A scanned video's match with a known fingerprint (written by the scan pipeline): the fact the
 * known-copy detector turns into the original's label, with this evidence.
 */
export interface KnownCopyMatchTable {
  /** The matching video or Bluesky post. */
  subjectUri: string
  sourceUri: string
  val: string
  matchedFrames: number
  probeFrames: number
  /** Mean Hamming distance of matched frames, in tenths of a bit (integers only). */
  meanDistanceTenths: number
  mirrored: number
  offsetMs: number
  matchedAt: string
}
