import type { Readable } from 'node:stream'

/** What a store knows about one object. */
export interface MediaStat {
  size: number
  /** The content type the object was stored with, where the store keeps one. */
  contentType?: string
}

/** Inclusive byte offsets, as in an HTTP Range header. */
export interface ByteRange {
  start: number
  end: number
}

/**
 * Where the appview keeps media bytes: cached video blobs, thumbnails and generation drafts.
 * Keys are namespaced paths (`blobs/<did>/<cid>`, `thumbs/<cid>.jpg`, `drafts/<id>.mp4`) of
 * segments in [A-Za-z0-9._-]. The local folder serves one machine; an S3-compatible bucket
 * makes the same bytes reachable from every API replica and job runner.
 */
export interface MediaStore {
  /** `local` objects are plain files on this machine (routes may hand them to sendFile). */
  readonly kind: 'local' | 's3'
  /** Stores the file at `file` under `key`, replacing what was there; `file` is left in place. */
  put(key: string, file: string, contentType: string): Promise<void>
  /** The object's size (and content type), or undefined when there is none. */
  stat(key: string): Promise<MediaStat | undefined>
  /** The object's bytes, or only `range` of them; throws MediaNotFoundError, or MediaRangeError past its end. */
  read(key: string, range?: ByteRange): Promise<Readable>
  /**
   * A file on this machine holding the object's bytes, for tools that need a path (ffmpeg).
   * Read it soon and do not change it: a remote store's copy lives in a bounded scratch cache.
   */
  localPath(key: string): Promise<string>
  /** Removes the object; a missing one is not an error. */
  delete(key: string): Promise<void>
  /**
   * Checks at start that the store can be used (the folder can be made; the bucket exists and
   * our credentials reach it): a ConfigError naming the setting to change, or an UpstreamError
   * when the service cannot be reached at all.
   */
  verify(): Promise<void>
  /** Releases connections; safe to call twice. */
  close(): Promise<void>
}

/** No object is stored under the key. */
export class MediaNotFoundError extends Error {
  override name = 'MediaNotFoundError'
  constructor(readonly key: string) {
    super(`no media stored under ${key}`)
  }
}

/** A byte range starts past the object's end or runs backwards. */
export class MediaRangeError extends Error {
  override name = 'MediaRangeError'
  constructor(
    readonly key: string,
    readonly range: ByteRange,
  ) {
    super(`bytes ${range.start}-${range.end} are not within ${key}`)
  }
}

/** A key that is not a media key (empty, absolute, `..`, or outside the safe alphabet). */
export class InvalidMediaKeyError extends Error {
  override name = 'InvalidMediaKeyError'
}

const SEGMENT = /^[A-Za-z0-9._-]+$/

/** Checks a key before it becomes a path or an object name, and returns it. */
export function checkMediaKey(key: string): string {
  const segments = key.split('/')
  const ok = key.length <= 512 && segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')
  if (!ok) throw new InvalidMediaKeyError(`not a media key: ${JSON.stringify(key)}`)
  return key
}

/** Checks a range against an object's size (callers clamp `end` to the last byte first). */
export function checkRange(key: string, size: number, range: ByteRange): void {
  if (!Number.isSafeInteger(range.start) || !Number.isSafeInteger(range.end) || range.start < 0 || range.end < range.start || range.start >= size) {
    throw new MediaRangeError(key, range)
  }
}

/** A whole object in memory (small objects and tests only). */
export async function readMediaBytes(store: MediaStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of await store.read(key)) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
