import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'


/**
 * Local copies of remote objects for tools that need a file path (ffmpeg, ffprobe), kept under a
 * byte budget: the least recently used copies go first. A copy handed out in the last minute is
 * not evicted (the budget may be overshot meanwhile); an evicted file that a tool already opened
 * stays readable until it closes it.
 */
export class ScratchCache {
  private readonly entries = new Map<string, { file: string; size: number; usedAt: number }>()
  private readonly inFlight = new Map<string, Promise<string>>()
  private total = 0
  private ready?: Promise<void>

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    /** How long a copy handed out stays safe from eviction, so the tool it was handed to can open it. */
    private readonly inUseMs = 60_000,
  ) {}

  /** The local copy of `key`, made with `download` (which streams the object's bytes) when there is none. */
  async path(key: string, download: () => Promise<Readable>): Promise<string> {
    await (this.ready ??= this.reset())
    const entry = this.entries.get(key)
    if (entry) {
      entry.usedAt = Date.now()
      // Refresh the recency order: a Map iterates in insertion order.
      this.entries.delete(key)
      this.entries.set(key, entry)
      return entry.file
    }
    let pending = this.inFlight.get(key)
    if (!pending) {
      pending = this.fetch(key, download).finally(() => this.inFlight.delete(key))
      this.inFlight.set(key, pending)
    }
    return pending
  }

  /** Forgets (and removes) the copy of `key`, when its object is deleted. */
  async drop(key: string): Promise<void> {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    this.total -= entry.size
    await rm(entry.file, { force: true })
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.total
  }

  private async fetch(key: string, download: () => Promise<Readable>): Promise<string> {
    // Copies are named by a hash of the key: flat, fixed-length, and no key can escape the folder.
    const file = join(this.dir, createHash('sha256').update(key).digest('hex').slice(0, 40))
    const tmp = `${file}.${randomBytes(6).toString('hex')}.part`
    try {
      await pipeline(await download(), createWriteStream(tmp))
      await rename(tmp, file)
    } catch (err) {
      await rm(tmp, { force: true })
      throw err
    }
    const { size } = await stat(file)
    this.entries.set(key, { file, size, usedAt: Date.now() })
    this.total += size
    await this.evict()
    return file
  }

  private async evict(): Promise<void> {
    const now = Date.now()
    for (const [key, entry] of this.entries) {
      if (this.total <= this.maxBytes) break
      if (now - entry.usedAt < this.inUseMs) continue
      this.entries.delete(key)
      this.total -= entry.size
      await rm(entry.file, { force: true })
    }
  }

  /** Copies left by an earlier process are not indexed: start from an empty folder. */
  private async reset(): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    const names = await readdir(this.dir)
    await Promise.all(names.map((n) => rm(join(this.dir, n), { force: true, recursive: true })))
  }
}
