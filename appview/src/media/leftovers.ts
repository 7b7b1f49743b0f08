import { lstat, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '@framewright/service-kit'
import type { JobStore } from '../generation/jobs'

/** Under the media folder: blob downloads in progress (BlobCache). */
export const TMP_FOLDER = 'tmp'
/** Under the media folder: job results while their poster is made (JobRunner). */
export const WORK_FOLDER = 'work'
/** Under the media folder: one folder per procedural render (ProceduralProvider), named by its provider job id. */
export const PROCEDURAL_FOLDER = 'procedural'

/** Nothing younger than this is a leftover: a write in progress touches its file far more often. */
const DEFAULT_MIN_AGE_MS = 3_600_000

export interface LeftoverFilesOptions {
  /** The appview's media folder (cfg.mediaDir); the local media store's root when it is local. */
  mediaDir: string
  jobs: JobStore
  logger: Logger
  /** Files last written longer ago than this are leftovers (an hour when absent). */
  minAgeMs?: number
  /** How often the sweep runs after the one at start (hourly when absent). */
  sweepEveryMs?: number
}

/** What one sweep removed. */
export interface LeftoverSweep {
  files: number
  bytes: number
}

/**
 * Removes what writes cut short by a kill left behind, which nothing else ever deletes: blob
 * downloads in tmp/, job results in work/, procedural render folders, and the `.part` files the
 * local media store writes beside their destination. Only files untouched for minAgeMs go (a live
 * write keeps its file fresh, on this process or another sharing the folder), and a procedural
 * folder never while the database has its job queued or running, however old it is.
 */
export class LeftoverFiles {
  private timer?: NodeJS.Timeout
  private running?: Promise<unknown>

  constructor(private readonly opts: LeftoverFilesOptions) {}

  /** Sweeps now, in the background, then every sweepEveryMs until destroy(). */
  start(): void {
    if (this.timer) return
    const tick = () => {
      if (this.running) return
      this.running = this.sweep()
        .catch((err) => this.opts.logger.warn({ err }, 'could not remove leftover files'))
        .finally(() => (this.running = undefined))
    }
    this.timer = setInterval(tick, this.opts.sweepEveryMs ?? 3_600_000)
    this.timer.unref()
    tick()
  }

  async sweep(now = Date.now()): Promise<LeftoverSweep> {
    const before = now - (this.opts.minAgeMs ?? DEFAULT_MIN_AGE_MS)
    const removed: LeftoverSweep = { files: 0, bytes: 0 }
    const root = this.opts.mediaDir
    const own = new Set([TMP_FOLDER, WORK_FOLDER, PROCEDURAL_FOLDER])
    // Every file in tmp/ and work/ is temporary; elsewhere only the store's `.part` files are.
    for (const folder of [TMP_FOLDER, WORK_FOLDER]) await removeOldFiles(join(root, folder), before, () => true, removed)
    for (const item of await entries(root)) {
      if (own.has(item.name)) continue
      const path = join(root, item.name)
      if (item.isDirectory()) await removeOldFiles(path, before, (name) => name.endsWith('.part'), removed)
      else if (item.isFile() && item.name.endsWith('.part')) await removeIfOld(path, before, removed)
    }
    // Listed after the folders are read: a job submitted meanwhile has a folder too fresh to go.
    const procedural = await entries(join(root, PROCEDURAL_FOLDER))
    if (procedural.length > 0) {
      const active = await this.opts.jobs.activeProviderJobIds()
      for (const item of procedural) {
        if (active.has(item.name)) continue
        const path = join(root, PROCEDURAL_FOLDER, item.name)
        if (!item.isDirectory()) {
          await removeIfOld(path, before, removed)
          continue
        }
        const summary = await folderSummary(path)
        if (!summary || summary.newestMs >= before) continue
        await rm(path, { recursive: true, force: true })
        removed.files += summary.files
        removed.bytes += summary.bytes
      }
    }
    if (removed.files > 0) this.opts.logger.info(removed, 'removed files left by writes cut short (a kill or crash)')
    return removed
  }

  /** Stops sweeping and waits for a sweep under way; safe to call twice. */
  async destroy(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.running
  }
}

async function entries(dir: string) {
  return readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return []
    throw err
  })
}

/**
 * The files under `dir`, their bytes, and the newest time anything in it (a folder too: one just
 * made, still empty, is in use) was written; undefined if it went meanwhile.
 */
async function folderSummary(dir: string): Promise<{ files: number; bytes: number; newestMs: number } | undefined> {
  const self = await lstat(dir).catch(() => undefined)
  if (!self) return undefined
  const summary = { files: 0, bytes: 0, newestMs: self.mtimeMs }
  const walk = async (at: string) => {
    for (const item of await entries(at)) {
      const path = join(at, item.name)
      const st = await lstat(path).catch(() => undefined)
      if (!st) continue
      summary.newestMs = Math.max(summary.newestMs, st.mtimeMs)
      if (st.isDirectory()) await walk(path)
      else {
        summary.files++
        summary.bytes += st.size
      }
    }
  }
  await walk(dir)
  return summary
}

async function removeOldFiles(dir: string, before: number, match: (name: string) => boolean, removed: LeftoverSweep): Promise<void> {
  for (const item of await entries(dir)) {
    const path = join(dir, item.name)
    if (item.isDirectory()) await removeOldFiles(path, before, match, removed)
    else if (item.isFile() && match(item.name)) await removeIfOld(path, before, removed)
  }
}

async function removeIfOld(path: string, before: number, removed: LeftoverSweep): Promise<void> {
  const st = await lstat(path).catch(() => undefined)
  if (!st || st.mtimeMs >= before) return
  await rm(path, { force: true })
  removed.files++
  removed.bytes += st.size
}
