import { FfmpegError } from './ffmpeg'

/** errno codes of a write refused for want of room: the disk is full, or the user's quota is. */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT'])
/** How ffmpeg (which reports no errno) says the same of the file it writes. */
const FFMPEG_FULL = /No space left on device|Disk quota exceeded/i

/**
 * A write needed room the disk (or quota) does not have. Nothing of the write is kept: callers
 * write to a temporary name and rename it into place only once it is whole. Says nothing of the
 * paths involved, so it may reach a caller as it is.
 */
export class StorageFullError extends Error {
  override name = 'StorageFullError'
  constructor(what: string, options?: { cause?: unknown }) {
    super(`no room to store ${what}: this service's storage is full`, options)
  }
}

/** Whether an error (or one it was caused by) is a write refused for want of room. */
export function isStorageFull(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof StorageFullError) return true
    if (FULL_CODES.has((e as NodeJS.ErrnoException).code ?? '')) return true
    if (e instanceof FfmpegError && e.stderrTail.some((line) => FFMPEG_FULL.test(line))) return true
  }
  return false
}

/** Runs a write, turning a refusal for want of room into StorageFullError (other errors pass through). */
export async function storing<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (err) {
    if (!(err instanceof StorageFullError) && isStorageFull(err)) throw new StorageFullError(what, { cause: err })
    throw err
  }
}
