/**
 * A video's perceptual fingerprint: the pHash of frames sampled over its length, with where each
 * frame sits in time (so a trimmed copy can still line up). Frames too flat to say anything (black,
 * fades, one colour) are left out: every flat frame hashes alike.
 */
import { sampleFrames, type Frame, type MediaTools } from '@framewright/service-kit'
import { frameHash, hashToHex, type Region } from './phash'

export interface FingerprintFrame {
  atMs: number
  hi: number
  lo: number
}

export interface VideoFingerprint {
  frames: FingerprintFrame[]
  /** The same frames mirrored left to right: what a mirrored copy of a known video looks like. */
  mirrored: FingerprintFrame[]
}

/** Width frames are decoded at for fingerprints: the hash only looks at a 32×32 thumbnail. */
export const FINGERPRINT_FRAME_WIDTH = 64

/**
 * How many frames to sample from a video of this length when it is stored as a known original:
 * dense (four a second) so that a trimmed copy's frames, wherever they fall, have a close neighbour.
 */
export function knownSampleCount(durationMs: number): number {
  return Math.max(8, Math.min(240, Math.round(durationMs / 250)))
}

/**
 * Parts of a known frame hashed besides the whole: a copy cropped by up to 10 % shows one of these
 * more closely than the whole frame (cropping shifts and rescales every frequency the hash reads).
 */
const KNOWN_CROPS: Region[] = [
  { left: 0.05, top: 0.05, right: 0.95, bottom: 0.95 },
  { left: 0.1, top: 0, right: 1, bottom: 1 },
  { left: 0, top: 0, right: 0.9, bottom: 1 },
]

/** The fingerprint of already decoded frames (grey or RGB, any size): what a probe is made of. */
export function fingerprintFrames(frames: readonly Frame[]): VideoFingerprint {
  const out: VideoFingerprint = { frames: [], mirrored: [] }
  for (const frame of frames) {
    const hash = frameHash(frame)
    if (hash.flat) continue
    const mirrored = frameHash(frame, true)
    out.frames.push({ atMs: frame.atMs, hi: hash.hi, lo: hash.lo })
    out.mirrored.push({ atMs: frame.atMs, hi: mirrored.hi, lo: mirrored.lo })
  }
  return out
}

/**
 * The frames stored for a known video: each frame's hash and the hashes of a few crops of it (all at
 * the frame's time), so that copies cropped by up to 10 % still find a close frame.
 */
export function knownFrames(frames: readonly Frame[]): FingerprintFrame[] {
  const out: FingerprintFrame[] = []
  for (const frame of frames) {
    const whole = frameHash(frame)
    if (whole.flat) continue
    out.push({ atMs: frame.atMs, hi: whole.hi, lo: whole.lo })
    for (const region of KNOWN_CROPS) {
      const h = frameHash(frame, false, region)
      if (!h.flat) out.push({ atMs: frame.atMs, hi: h.hi, lo: h.lo })
    }
  }
  return out
}

/** Samples `count` frames of a video file and decodes them at the fingerprint width, in grey. */
export function sampleFingerprintFrames(
  path: string,
  opts: { tools: MediaTools; count: number; signal?: AbortSignal; timeoutMs?: number; background?: boolean },
): Promise<Frame[]> {
  return sampleFrames(path, {
    tools: opts.tools,
    count: opts.count,
    width: FINGERPRINT_FRAME_WIDTH,
    pixelFormat: 'gray',
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    background: opts.background,
  })
}

/** Frames as stored: `atMs:hexhash` joined by spaces (compact, portable text). */
export function encodeFrames(frames: readonly FingerprintFrame[]): string {
  return frames.map((f) => `${f.atMs}:${hashToHex(f)}`).join(' ')
}

/** The inverse of encodeFrames. */
export function decodeFrames(text: string): FingerprintFrame[] {
  if (!text) return []
  return text.split(' ').map((part) => {
    const [at, hex] = part.split(':')
    if (!at || !hex || !/^\d+$/.test(at) || !/^[0-9a-f]{16}$/.test(hex)) throw new RangeError(`not a stored fingerprint frame: ${part}`)
    return { atMs: Number(at), hi: parseInt(hex.slice(0, 8), 16) >>> 0, lo: parseInt(hex.slice(8), 16) >>> 0 }
  })
}
