/**
 * Where each kind of media lives in the MediaStore. The layout is the one the media folder has
 * always had, so an existing folder keeps working: `blobs/<did>/<cid>`, `thumbs/<cid>.jpg`,
 * `drafts/<job id>.mp4|jpg`.
 */
export const mediaKeys = {
  /** A video blob of `did`'s repo, as fetched from their PDS. */
  blob: (did: string, cid: string) => `blobs/${safe(did)}/${safe(cid)}`,
  /** The poster frame of a published video's blob. */
  thumb: (cid: string) => `thumbs/${cid.replace(/[^a-z0-9]/gi, '')}.jpg`,
  /** A finished generation job's video. */
  draft: (jobId: string) => `drafts/${safe(jobId)}.mp4`,
  /** A finished generation job's poster frame. */
  poster: (jobId: string) => `drafts/${safe(jobId)}.jpg`,
}

/** Folders of the store that only cache what can be fetched or made again: kept under a byte budget. */
export const CACHED_MEDIA_FOLDERS = ['blobs', 'thumbs'] as const

/** DIDs (with their colons) and CIDs become key segments: keep them to a safe alphabet. */
function safe(segment: string): string {
  return segment.replace(/[^a-zA-Z0-9._-]/g, '_')
}
