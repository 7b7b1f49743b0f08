/** Facts probed from a video blob's own bytes (see media/video-media.ts). */
export interface VideoMediaTable {
  blobCid: string
  /** 1 when the file has an audio stream. */
  hasAudio: number
  probedAt: string
}
