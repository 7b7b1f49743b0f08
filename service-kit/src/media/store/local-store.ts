import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { copyFile, link, mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import { storing } from '../storage-full'
import { checkMediaKey, checkRange, MediaNotFoundError, type ByteRange, type MediaStat, type MediaStore } from './media-store'

/**
 * Media as plain files under one folder, a key being its path below it (the layout the appview has
 * always used: `blobs/…`, `thumbs/…`, `drafts/…`). The default for one machine: nothing to set up.
 */
export class LocalMediaStore implements MediaStore {
  readonly kind = 'local' as const

  constructor(readonly root: string) {}

  /** The file an object lives in (whether or not it exists). */
  pathOf(key: string): string {
    return join(this.root, checkMediaKey(key))
  }

  async put(key: string, file: string, _contentType: string): Promise<void> {
    const dest = this.pathOf(key)
    await mkdir(dirname(dest), { recursive: true })
    // Written beside the destination and renamed into place, so a reader never sees half a file.
    // A hard link costs nothing when the file is on the same disk (the usual case: our own temp files).
    const tmp = `${dest}.${randomBytes(6).toString('hex')}.part`
    try {
      await storing(key, async () => {
        await link(file, tmp).catch(() => copyFile(file, tmp))
        await rename(tmp, dest)
      })
    } catch (err) {
      await rm(tmp, { force: true })
      throw err
    }
  }

  async stat(key: string): Promise<MediaStat | undefined> {
    const s = await stat(this.pathOf(key)).catch(() => undefined)
    return s?.isFile() ? { size: s.size } : undefined
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key)
    const s = await this.stat(key)
    if (!s) throw new MediaNotFoundError(key)
    if (!range) return createReadStream(path)
    checkRange(key, s.size, range)
    return createReadStream(path, { start: range.start, end: Math.min(range.end, s.size - 1) })
  }

  async localPath(key: string): Promise<string> {
    if (!(await this.stat(key))) throw new MediaNotFoundError(key)
    return this.pathOf(key)
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true })
  }

  async verify(): Promise<void> {
    await mkdir(this.root, { recursive: true })
  }

  async close(): Promise<void> {}
}
