import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { probeVideo, sampleFrames, type Database, type FfmpegPaths, type IdResolver, ThrottledWarning, type Logger } from '@framewright/service-kit'
import type { LabelerSchema } from '../db/schema'
import { fetchBlob } from '../media/get-blob'
import type { Analyser, ScanSubject } from './analyser'

export interface ScannerOptions {
  db: Database<LabelerSchema>
  analysers: Analyser[]
  idResolver: IdResolver
  ffmpeg: FfmpegPaths
  /** Most subjects waiting; beyond it new ones are skipped and counted, never waited for. */
  maxQueued: number
  maxBlobBytes: number
  /** Subjects scanned at once (each fetches, decodes, then waits for the analysers). */
  concurrency?: number
  /** Frames sampled per video (at least 4). */
  frames?: number
  frameWidth?: number
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
 * The scan pipeline: a bounded queue beside ingestion. Ingestion offers every new video and hands
 * on at once (`offer` never waits); workers fetch each blob from its author's PDS, sample frames
 * once, run every analyser, then have the subject re-evaluated. When the queue is full a subject
 * is skipped and counted, so a burst can cost coverage but never ingestion's pace.
 */
export class Scanner {
  private readonly queue: ScanSubject[] = []
  private readonly queuedUris = new Set<string>()
  private inFlight = 0
  private stopped = false
  private readonly counts = { seen: 0, scanned: 0, skippedQueueFull: 0, failed: 0 }
  private readonly since = new Date().toISOString()
  private frameTimes: { at: number; n: number }[] = []
  private readonly idle: (() => void)[] = []
  private statsTimer?: NodeJS.Timeout

  private readonly skipWarning: ThrottledWarning

  constructor(private readonly opts: ScannerOptions) {
    this.skipWarning = new ThrottledWarning(opts.logger, 'scan queue full: video skipped')
  }

  /** Starts logging coverage every minute. */
  start(): void {
    this.statsTimer = setInterval(() => this.opts.logger.info(this.stats(), 'scan coverage'), 60_000)
    this.statsTimer.unref()
  }

  /** Offers a subject for scanning; returns false when it was skipped (queue full, or stopped). */
  offer(subject: ScanSubject): boolean {
    // Nothing to look for (no analysers configured): not a video this labeler could have scanned.
    if (this.stopped || this.opts.analysers.length === 0) return false
    this.counts.seen++
    const key = `${subject.uri} ${subject.blobCid}`
    if (this.queuedUris.has(key)) return true
    if (this.queue.length >= this.opts.maxQueued) {
      this.counts.skippedQueueFull++
      this.skipWarning.warn({ uri: subject.uri, queued: this.queue.length, skippedInAll: this.counts.skippedQueueFull })
      return false
    }
    this.queue.push(subject)
    this.queuedUris.add(key)
    this.pump()
    return true
  }

  /** Counts analysers' frames (for framesPerSecond). */
  countFrames(n: number): void {
    this.frameTimes.push({ at: Date.now(), n })
  }

  stats(): ScanStats {
    const cutoff = Date.now() - 60_000
    this.frameTimes = this.frameTimes.filter((f) => f.at >= cutoff)
    const frames = this.frameTimes.reduce((sum, f) => sum + f.n, 0)
    const { seen, scanned } = this.counts
    return {
      ...this.counts,
      queued: this.queue.length,
      inFlight: this.inFlight,
      ...(seen > 0 ? { coverage: Math.round((scanned / seen) * 100) } : {}),
      framesPerSecond: Math.round(frames / 60),
      since: this.since,
    }
  }

  /** Resolves when nothing is queued or in flight (tests and benchmarks). */
  drained(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  /** Stops taking subjects; scans in flight finish (their results are dropped if the database closes). */
  async destroy(): Promise<void> {
    this.stopped = true
    clearInterval(this.statsTimer)
    this.queue.length = 0
    this.queuedUris.clear()
    if (this.inFlight > 0) await this.drained()
  }

  private pump(): void {
    while (!this.stopped && this.inFlight < (this.opts.concurrency ?? 2) && this.queue.length > 0) {
      const subject = this.queue.shift()!
      this.queuedUris.delete(`${subject.uri} ${subject.blobCid}`)
      this.inFlight++
      void this.scan(subject).finally(() => {
        this.inFlight--
        this.pump()
        if (this.queue.length === 0 && this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve()
      })
    }
  }

  private async scan(subject: ScanSubject): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'fw-scan-'))
    try {
      const bytes = await fetchBlob(subject.author, subject.blobCid, { idResolver: this.opts.idResolver, maxBytes: this.opts.maxBlobBytes, timeoutMs: 30_000 })
      const path = join(dir, 'video.mp4')
      await writeFile(path, bytes, { mode: 0o600 })
      const probe = await probeVideo(path, this.opts.ffmpeg.ffprobe)
      const frames = await sampleFrames(path, { paths: this.opts.ffmpeg, count: Math.max(4, this.opts.frames ?? 4), width: this.opts.frameWidth ?? 480, probe })
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
