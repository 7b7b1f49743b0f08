/**
 * Makes the fingerprints moderators' decisions ask for, beside everything else: fetches the video
 * from its author's PDS, samples it densely, hashes the frames and stores them. Requests are rows in
 * the database, so a restart loses none; a failing one is retried a few times on its own backoff
 * (never holding up the others), then marked failed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { probeVideo, sleep, type IdResolver, type Logger, type MediaTools, type OutboundClient } from '@framewright/service-kit'
import { fetchBlob } from '../media/get-blob'
import { knownFrames, knownSampleCount, sampleFingerprintFrames } from './fingerprint'
import type { KnownFingerprintStore } from './store'

export interface FingerprinterOptions {
  store: KnownFingerprintStore
  idResolver: IdResolver
  /** Fetches from authors' PDSes (see fetchBlob). */
  outbound: OutboundClient
  ffmpeg: MediaTools
  maxBlobBytes: number
  logger: Logger
}

/** The longest it sleeps with nothing due (a lost wake costs at most this). */
const IDLE_WAIT_MS = 30_000

export class KnownFingerprinter {
  private stopped = false
  private loop?: Promise<void>
  private wakeUp?: () => void
  /** A wake that came while it was not waiting (reading the queue, or working): it must not sleep on it. */
  private woken = false
  private readonly abort = new AbortController()

  constructor(private readonly opts: FingerprinterOptions) {}

  start(): void {
    this.loop ??= this.run()
  }

  /** Tells the worker a new request is waiting. */
  wake(): void {
    this.woken = true
    this.wakeUp?.()
  }

  /** Resolves once nothing is pending (for tests and the local stack's seeding). */
  async idle(): Promise<void> {
    while (!this.stopped && (await this.opts.store.pending(1)).length > 0) await sleep(50)
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.woken = false
      const batch = await this.opts.store.pending(10).catch((err) => {
        this.opts.logger.error({ err }, 'could not read pending fingerprints')
        return []
      })
      for (const row of batch) {
        if (this.stopped) return
        try {
          const frames = await this.fingerprint(row.author, row.blobCid)
          if (frames.length === 0) throw new Error('the video has no frame with enough detail to fingerprint')
          if (await this.opts.store.ready(row.id, frames)) {
            this.opts.logger.info({ source: row.sourceUri, val: row.val, hashes: frames.length }, 'stored the fingerprint of a moderated video')
          }
        } catch (err) {
          if (this.stopped) return
          const message = err instanceof Error ? err.message : String(err)
          this.opts.logger.warn({ source: row.sourceUri, val: row.val, attempt: row.attempts + 1, err: message }, 'could not fingerprint a moderated video')
          await this.opts.store.attemptFailed(row.id, message).catch((e) => this.opts.logger.error({ err: e }, 'could not record a failed fingerprint attempt'))
        }
      }
      // Something was due: look again at once (a new request goes before any retry). A request (or
      // destroy) that came after the queue was read woke nobody: act on it at once too.
      if (batch.length > 0 || this.woken || this.stopped) continue
      // Nothing due: wait for a new request, or until the next retry falls due.
      const nextRetry = await this.opts.store.nextRetryAt().catch(() => undefined)
      const delay = Math.max(50, Math.min(IDLE_WAIT_MS, (nextRetry ?? Infinity) - Date.now()))
      if (this.woken || this.stopped) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, delay)
        this.wakeUp = done
        function done() {
          clearTimeout(timer)
          resolve()
        }
      })
      this.wakeUp = undefined
    }
  }

  private async fingerprint(author: string, blobCid: string) {
    const bytes = await fetchBlob(author, blobCid, { idResolver: this.opts.idResolver, outbound: this.opts.outbound, maxBytes: this.opts.maxBlobBytes, signal: this.abort.signal })
    const dir = await mkdtemp(join(tmpdir(), 'framewright-fingerprint-'))
    try {
      const file = join(dir, 'video.mp4')
      await writeFile(file, bytes)
      const probe = await probeVideo(file, this.opts.ffmpeg, { signal: this.abort.signal, background: true })
      const frames = await sampleFingerprintFrames(file, { tools: this.opts.ffmpeg, count: knownSampleCount(probe.durationMs), signal: this.abort.signal, background: true })
      return knownFrames(frames)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  /** Stops after the current step; safe to call twice. */
  async destroy(): Promise<void> {
    this.stopped = true
    this.abort.abort()
    this.wakeUp?.()
    await this.loop
  }
}
