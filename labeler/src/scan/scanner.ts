import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { probeVideo, sampleFrames, type Database, type IdResolver, ThrottledWarning, type Logger, type MediaTools, type OutboundClient } from '@framewright/service-kit'
import type { LabelerSchema } from '../db/schema'
import { fetchBlob } from '../media/get-blob'
import type { Kysely } from 'kysely'
import type { Analyser, ScanSubject } from './analyser'
import { backlogKey, ScanBacklog } from './backlog'

export interface ScannerOptions {
  db: Database<LabelerSchema>
  analysers: Analyser[]
  idResolver: IdResolver
  /** Fetches from authors' PDSes (see fetchBlob). */
  outbound: OutboundClient
  ffmpeg: MediaTools
  /** Most subjects waiting in the backlog; beyond it new ones are skipped and counted, never waited for. */
  maxQueued: number
  maxBlobBytes: number
  /** Subjects scanned at once (each fetches, decodes, then waits for the analysers). */
  concurrency?: number
  /** Frames sampled per video (at least 4). */
  frames?: number
  frameWidth?: number
  /** How often the backlog is read when nothing woke the scanner (default 10 s: a safety net; offers wake it once committed). */
  pollMs?: number
  logger: Logger
  /** Called with the subjects after their facts were written: the engine re-evaluates them. */
  onScanned: (subjects: ScanSubject[]) => Promise<void>
}

export interface ScanStats {
  seen: number
  scanned: number
  skippedQueueFull: number
  failed: number
  queued: number
  inFlight: number
  coverage?: number
  framesPerSecond: number
  since: string
}

/**
 * The scan pipeline beside ingestion. Ingestion offers every new video in the transaction that
 * indexed it (`offer` writes it to the backlog table and never waits for a scan); while started,
 * the scanner takes the oldest waiting subjects, fetches each blob from its author's PDS, samples
 * frames once, runs every analyser, has the subject re-evaluated, and takes it off the backlog.
 * When the backlog is full a subject is skipped and counted, so a burst can cost coverage but
 * never ingestion's pace; what was taken survives a restart or a crash.
 */
export class Scanner {
  private readonly backlog: ScanBacklog
  private readonly busy = new Set<string>()
  private readonly scans = new Set<Promise<void>>()
  private started = false
  private stopped = false
  private pumping = false
  private pumpAgain = false
  private readonly counts = { seen: 0, scanned: 0, skippedQueueFull: 0, failed: 0 }
  private readonly since = new Date().toISOString()
  private frameTimes: { at: number; n: number }[] = []
  private statsTimer?: NodeJS.Timeout
  private pollTimer?: NodeJS.Timeout

  private readonly skipWarning: ThrottledWarning

  constructor(private readonly opts: ScannerOptions) {
    this.backlog = new ScanBacklog(opts.maxQueued)
    this.skipWarning = new ThrottledWarning(opts.logger, 'scan backlog full: video skipped')
  }

  /** Starts scanning the backlog (what an earlier run left first), and logging coverage every minute. */
  start(): void {
    if (this.started || this.stopped) return
    this.started = true
    this.statsTimer = setInterval(() => void this.stats().then((s) => this.opts.logger.info(s, 'scan coverage'), () => undefined), 60_000)
    this.statsTimer.unref()
    this.pollTimer = setInterval(() => this.pump(), this.opts.pollMs ?? 10_000)
    this.pollTimer.unref()
    this.pump()
  }

  /**
   * Offers subjects for scanning in `tx`, the transaction of the ingestion batch that indexed them;
   * returns those skipped because the backlog is full (or because nothing here can scan). Call
   * `wake` once that transaction has committed.
   */
  async offer(subjects: ScanSubject[], tx: Kysely<LabelerSchema>): Promise<ScanSubject[]> {
    // Nothing to look for (no analysers configured): not a video this labeler could have scanned.
    if (this.stopped || this.opts.analysers.length === 0 || subjects.length === 0) return subjects
    const skipped = await this.backlog.add(tx, subjects)
    this.counts.seen += subjects.length
    this.counts.skippedQueueFull += skipped.length
    for (const s of skipped) this.skipWarning.warn({ uri: s.uri, skippedInAll: this.counts.skippedQueueFull })
    return skipped
  }

  /** Reads the backlog now (new offers have committed). */
  wake(): void {
    this.pump()
  }

  /** Counts analysers' frames (for framesPerSecond). */
  countFrames(n: number): void {
    this.frameTimes.push({ at: Date.now(), n })
  }

  async stats(): Promise<ScanStats> {
    const cutoff = Date.now() - 60_000
    this.frameTimes = this.frameTimes.filter((f) => f.at >= cutoff)
    const frames = this.frameTimes.reduce((sum, f) => sum + f.n, 0)
    const { seen, scanned } = this.counts
    const waiting = await this.backlog.size(this.opts.db.db)
    return {
      ...this.counts,
      queued: Math.max(0, waiting - this.busy.size),
      inFlight: this.busy.size,
      ...(seen > 0 ? { coverage: Math.round((scanned / seen) * 100) } : {}),
      framesPerSecond: Math.round(frames / 60),
      since: this.since,
    }
  }

  /** Stops taking subjects; scans in flight finish (their results are dropped if the database closes). The backlog stays. */
  async destroy(): Promise<void> {
    this.stopped = true
    clearInterval(this.statsTimer)
    clearInterval(this.pollTimer)
    while (this.scans.size > 0) await Promise.allSettled([...this.scans])
  }

  /** Takes as many of the oldest waiting subjects as there is room to scan; one read at a time. */
  private pump(): void {
    if (!this.started || this.stopped) return
    if (this.pumping) {
      this.pumpAgain = true
      return
    }
    const room = (this.opts.concurrency ?? 2) - this.busy.size
    if (room <= 0) return
    this.pumping = true
    this.backlog
      .next(this.opts.db.db, room, this.busy)
      .then((subjects) => {
        for (const subject of subjects) {
          if (this.stopped) return
          const key = backlogKey(subject)
          this.busy.add(key)
          const scan: Promise<void> = this.scan(subject)
            .then(() => (this.stopped ? undefined : this.backlog.done(this.opts.db.db, subject)))
            .catch((err) => this.opts.logger.warn({ err, uri: subject.uri }, 'scan backlog: could not take a scanned video off'))
            .finally(() => {
              this.busy.delete(key)
              this.scans.delete(scan)
              this.pump()
            })
          this.scans.add(scan)
        }
      })
      .catch((err) => this.opts.logger.warn({ err }, 'scan backlog: could not read it'))
      .finally(() => {
        this.pumping = false
        if (this.pumpAgain) {
          this.pumpAgain = false
          this.pump()
        }
      })
  }

  private async scan(subject: ScanSubject): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'fw-scan-'))
    try {
      const bytes = await fetchBlob(subject.author, subject.blobCid, { idResolver: this.opts.idResolver, outbound: this.opts.outbound, maxBytes: this.opts.maxBlobBytes, timeoutMs: 30_000 })
      const path = join(dir, 'video.mp4')
      await writeFile(path, bytes, { mode: 0o600 })
      const probe = await probeVideo(path, this.opts.ffmpeg, { background: true })
      const frames = await sampleFrames(path, { tools: this.opts.ffmpeg, count: Math.max(4, this.opts.frames ?? 4), width: this.opts.frameWidth ?? 480, probe, background: true })
      // Analysers are independent: one that fails (a manifest the reader chokes on) does not cost the others their facts.
      const failures: string[] = []
      for (const analyser of this.opts.analysers) {
        if (this.stopped) return
        try {
          await analyser.analyse(subject, { path, bytes, probe, frames }, this.opts.db.db)
        } catch (err) {
          failures.push(analyser.name)
          this.opts.logger.warn({ err, uri: subject.uri, analyser: analyser.name }, 'analyser failed')
        }
      }
      if (failures.length === this.opts.analysers.length) throw new Error(`every analyser failed (${failures.join(', ')})`)
      if (this.stopped) return
      await this.opts.onScanned([subject])
      this.counts.scanned++
    } catch (err) {
      this.counts.failed++
      if (!this.stopped) this.opts.logger.warn({ err, uri: subject.uri }, 'scan failed')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
}
