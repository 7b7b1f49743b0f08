import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { LruFiles } from './lru-files'

/**
 * Local copies of remote objects for tools that need a file path (ffmpeg, ffprobe), kept under a
 * byte budget by LruFiles: the least recently used copies go first, a copy handed out in the last
 * minute is not evicted, and copies left by an earlier process are counted again at start (a
 * copy's name is a hash of its key, so it is found again by the same key).
 */
export class ScratchCache {
  private readonly files: LruFiles
  private readonly inFlight = new Map<string, Promise<string>>()

  constructor(
    private readonly dir: string,
    maxBytes: number,
    /** How long a copy handed out stays safe from eviction, so the tool it was handed to can open it. */
    inUseMs = 60_000,
  ) {
    this.files = new LruFiles({ root: dir, maxBytes, inUseMs })
  }

  /** The local copy of `key`, made with `download` (which streams the object's bytes) when there is none. */
  async path(key: string, download: () => Promise<Readable>): Promise<string> {
    await this.files.start()
    const name = nameOf(key)
    if (this.files.has(name)) {
      await this.files.touch(name)
      return join(this.dir, name)
    }
    let pending = this.inFlight.get(key)
    if (!pending) {
      pending = this.fetch(name, download).finally(() => this.inFlight.delete(key))
      this.inFlight.set(key, pending)
    }
    return pending
  }

  /** Forgets (and removes) the copy of `key`, when its object is deleted. */
  async drop(key: string): Promise<void> {
    await this.files.start()
    const name = nameOf(key)
    if (!this.files.has(name)) return
    this.files.forget(name)
    await rm(join(this.dir, name), { force: true })
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.files.bytes
  }

  set inUseMs(ms: number) {
    this.files.inUseMs = ms
  }

  private async fetch(name: string, download: () => Promise<Readable>): Promise<string> {
    const file = join(this.dir, name)
    const tmp = `${file}.${randomBytes(6).toString('hex')}.part`
    await mkdir(this.dir, { recursive: true })
    try {
      await pipeline(await download(), createWriteStream(tmp))
      await rename(tmp, file)
    } catch (err) {
      await rm(tmp, { force: true })
      throw err
    }
    const { size } = await stat(file)
    await this.files.add(name, size)
    return file
  }
}

/** Copies are named by a hash of the key: flat, fixed-length, and no key can escape the folder. */
function nameOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 40)
}
