import { mkdir, readdir, rm, stat, utimes } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { Logger } from '../../logger'

export interface LruFilesOptions {
  /** The folder the files live under; names are paths relative to it, with '/' between segments. */
  root: string
  /** The subfolders that belong to the cache (all of root when absent): only these are scanned at start. */
  folders?: string[]
  /** The budget: past it, the least recently used files are deleted. */
  maxBytes: number
  /** How long a file just used stays safe from eviction, so the tool it was handed to can open it. */
  inUseMs?: number
  /** How often a use is written to the file's mtime (once a minute when absent). */
  saveUseEveryMs?: number
  logger?: Logger
}

interface Entry {
  size: number
  usedAt: number
  /** When usedAt was last written to the file's mtime (which is what a restart reads). */
  savedAt: number
}

/** A used file's mtime is brought up to date at most this often: recency survives a restart to within a minute. */
const SAVE_USE_EVERY_MS = 60_000

/**
 * The byte accounting of a folder of cached files, with least-recently-used eviction. Bytes are
 * counted from the files on disk; when a file is added past the budget, the files used longest
 * ago are deleted (a file used in the last `inUseMs` is spared, so the budget may be overshot
 * meanwhile; a deleted file that a reader already opened stays readable until it closes it).
 * Recency is kept in each file's mtime, so start() rebuilds the same order from the folder after
 * a restart. Files ending in `.part` are writes in progress and are left alone.
 */
export class LruFiles {
  // A Map iterates in insertion order: the first entry is the least recently used.
  private readonly entries = new Map<string, Entry>()
  private total = 0
  private started?: Promise<void>
  inUseMs: number

  constructor(private readonly opts: LruFilesOptions) {
    this.inUseMs = opts.inUseMs ?? 60_000
  }

  /** Reads every file under the cache's folders into the accounting, oldest use first, then trims to the budget. */
  start(): Promise<void> {
    return (this.started ??= this.rebuild())
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.total
  }

  /** Files held now. */
  get count(): number {
    return this.entries.size
  }

  has(name: string): boolean {
    return this.entries.has(name)
  }

  /** Names held, least recently used first. */
  names(): string[] {
    return [...this.entries.keys()]
  }

  /** Marks a held file as just used; a file the accounting does not hold (another process wrote it) is read from disk. */
  async touch(name: string): Promise<void> {
    await this.start()
    const entry = this.entries.get(name)
    if (!entry) {
      const s = await stat(this.pathOf(name)).catch(() => undefined)
      if (s?.isFile()) await this.add(name, s.size)
      return
    }
    const now = Date.now()
    entry.usedAt = now
    this.entries.delete(name)
    this.entries.set(name, entry)
    if (now - entry.savedAt >= (this.opts.saveUseEveryMs ?? SAVE_USE_EVERY_MS)) {
      entry.savedAt = now
      const at = new Date(now)
      await utimes(this.pathOf(name), at, at).catch(() => undefined)
    }
  }

  /** Counts a file just written (replacing what was held under its name), then evicts down to the budget. */
  async add(name: string, size: number): Promise<void> {
    await this.start()
    this.forget(name)
    const now = Date.now()
    this.entries.set(name, { size, usedAt: now, savedAt: now })
    this.total += size
    await this.evict()
  }

  /** Stops counting a file (its owner deleted it). */
  forget(name: string): void {
    const entry = this.entries.get(name)
    if (!entry) return
    this.entries.delete(name)
    this.total -= entry.size
  }

  /** Deletes least recently used files until the bytes held fit the budget (files in use are skipped). */
  async evict(): Promise<void> {
    const now = Date.now()
    const evicted: string[] = []
    for (const [name, entry] of this.entries) {
      if (this.total <= this.opts.maxBytes) break
      if (now - entry.usedAt < this.inUseMs) continue
      this.forget(name)
      evicted.push(name)
      await rm(this.pathOf(name), { force: true })
    }
    if (evicted.length > 0) this.opts.logger?.debug({ evicted: evicted.length, bytes: this.total, maxBytes: this.opts.maxBytes }, 'evicted cached media')
  }

  private pathOf(name: string): string {
    return join(this.opts.root, ...name.split('/'))
  }

  private async rebuild(): Promise<void> {
    await mkdir(this.opts.root, { recursive: true })
    const found: { name: string; size: number; usedAt: number }[] = []
    for (const folder of this.opts.folders ?? ['']) await this.scan(join(this.opts.root, folder), found)
    found.sort((a, b) => a.usedAt - b.usedAt)
    for (const f of found) {
      if (this.entries.has(f.name)) continue
      this.entries.set(f.name, { size: f.size, usedAt: f.usedAt, savedAt: f.usedAt })
      this.total += f.size
    }
    this.opts.logger?.info({ files: this.entries.size, bytes: this.total, maxBytes: this.opts.maxBytes }, 'media cache accounted')
    await this.evict()
  }

  private async scan(dir: string, found: { name: string; size: number; usedAt: number }[]): Promise<void> {
    const items = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const item of items) {
      const path = join(dir, item.name)
      if (item.isDirectory()) await this.scan(path, found)
      else if (item.isFile() && !item.name.endsWith('.part')) {
        const s = await stat(path).catch(() => undefined)
        if (s) found.push({ name: relative(this.opts.root, path).split(sep).join('/'), size: s.size, usedAt: s.mtimeMs })
      }
    }
  }
}
