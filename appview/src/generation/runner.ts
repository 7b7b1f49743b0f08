import { randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { mkdir, rm } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { isStorageFull, sleep, StorageFullError, type Logger, type MediaStore, type MediaTools, extractThumbnail } from '@framewright/service-kit'
import { mediaKeys } from '../media/keys'
import { DEFAULT_MAX_INTERRUPTIONS, requestOf, type JobRow, type JobStore } from './jobs'
import { UnknownProviderJobError } from './provider'
import type { ProviderRegistry } from './registry'

export interface JobRunnerOptions {
  /** Finished drafts and their posters go here, where every API replica can serve them. */
  store: MediaStore
  /** This machine's folder for a result while it is fetched and its poster made. */
  workDir: string
  concurrency: number
  /** ffmpeg for posters, under the process's media limits. */
  tools: MediaTools
  logger: Logger
  pollMs?: number
  /** How many times a job may be interrupted (the service stopped while it ran) before it is failed; 3 by default. */
  maxInterruptions?: number
}

/**
 * Drives queued jobs through their providers: submit, poll progress into the job row, copy the
 * result into the media store at once (hosted result URLs expire), make a poster frame, record
 * provenance. Jobs live in the database, so after a restart the runner picks them up again and
 * asks the provider about the job it already started; a provider that has forgotten it gets the
 * job again (renders are reproducible from prompt + seed).
 */
/** How often a runner says it is alive on its jobs. */
const HEARTBEAT_MS = 10_000
/** A running job whose runner has been silent this long goes back to the queue. */
const LEASE_MS = 60_000
const staleBefore = () => new Date(Date.now() - LEASE_MS).toISOString()

export class JobRunner {
  private stopped = false
  private readonly wake = new EventEmitter()
  private readonly inFlight = new Map<string, { done: Promise<void> }>()
  private loop?: Promise<void>
  private lastBeat = 0
  /** Names this runner on the jobs it holds (the queue may be shared with runners on other machines). */
  readonly id = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`

  constructor(
    private readonly jobs: JobStore,
    private readonly registry: ProviderRegistry,
    private readonly opts: JobRunnerOptions,
  ) {}

  async start(): Promise<void> {
    await mkdir(this.opts.workDir, { recursive: true })
    // Alone on its database (SQLite), every running job was this runner's before a restart; with a
    // shared queue, only jobs whose runner stopped saying it was alive go back.
    const taken = await this.jobs.requeueRunning(this.jobs.sharedQueue ? staleBefore() : undefined, this.opts.maxInterruptions)
    this.logTakenBack(taken, 'resuming generation jobs interrupted by a restart')
    this.loop = this.run()
  }

  /** Tells the runner a job was queued. */
  notify(): void {
    this.wake.emit('job')
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.beat()
      while (!this.stopped && this.inFlight.size < this.opts.concurrency) {
        const job = await this.jobs.claimNext(this.id)
        if (!job) break
        const done = this.process(job).finally(() => {
          this.inFlight.delete(job.id)
          this.notify()
        })
        this.inFlight.set(job.id, { done })
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          this.wake.off('job', done)
          resolve()
        }
        const timer = setTimeout(done, 1_000)
        this.wake.once('job', done)
      })
    }
  }

  /** Every HEARTBEAT_MS: says this runner is alive on its jobs, and takes back the jobs of runners that are not. */
  private async beat(): Promise<void> {
    if (Date.now() - this.lastBeat < HEARTBEAT_MS) return
    this.lastBeat = Date.now()
    try {
      await this.jobs.heartbeat(this.id, [...this.inFlight.keys()])
      if (this.jobs.sharedQueue) {
        this.logTakenBack(await this.jobs.requeueRunning(staleBefore(), this.opts.maxInterruptions), 'resuming generation jobs whose runner stopped')
      }
    } catch (err) {
      this.opts.logger.warn({ err }, 'could not renew the job leases')
    }
  }

  private logTakenBack({ resumed, gaveUp }: { resumed: number; gaveUp: number }, message: string): void {
    if (resumed > 0) this.opts.logger.info({ resumed }, message)
    if (gaveUp > 0) this.opts.logger.warn({ gaveUp, maxInterruptions: this.opts.maxInterruptions ?? DEFAULT_MAX_INTERRUPTIONS }, 'gave up generation jobs interrupted too often')
  }

  private async process(job: JobRow): Promise<void> {
    const log = this.opts.logger.child({ job: job.id, provider: job.provider })
    const provider = this.registry.get(job.provider)
    if (!provider) return this.jobs.fail(job.id, `provider ${job.provider} is no longer offered here`)
    let providerJobId = job.providerJobId ?? undefined
    const request = requestOf(job)
    try {
      if (providerJobId) {
        // A job started before a restart: the provider may still have it, or may have forgotten it.
        providerJobId = await provider.status(providerJobId).then(
          () => providerJobId,
          (err) => {
            if (err instanceof UnknownProviderJobError) return undefined
            throw err
          },
        )
      }
      if (!providerJobId) {
        providerJobId = await provider.submit(request)
        await this.jobs.update(job.id, { providerJobId, stage: 'submitted' })
      }
      let last = { progress: -1, stage: '' }
      for (;;) {
        if (this.stopped) return
        const status = await provider.status(providerJobId)
        if (status.progress !== last.progress || (status.stage ?? '') !== last.stage) {
          last = { progress: status.progress, stage: status.stage ?? '' }
          await this.jobs.update(job.id, { progress: Math.max(0, Math.min(99, Math.round(status.progress))), stage: status.stage ?? null })
        }
        if (status.state === 'failed') throw new Error(status.error ?? 'the provider failed the job')
        if (status.state === 'succeeded') break
        await sleep(this.opts.pollMs ?? provider.pollIntervalMs ?? 200)
      }
      const finished = providerJobId
      const info = await this.storeResult(job.id, (video) => provider.fetchResult(finished, video), log)
      await this.jobs.succeed(job.id, info, provider.provenance(providerJobId, request))
      await provider.discard?.(providerJobId).catch(() => undefined)
      log.info({ ms: Date.now() - Date.parse(job.createdAt), bytes: info.size }, 'generation job succeeded')
    } catch (err) {
      if (this.stopped) return // interrupted by shutdown: it stays running and resumes on restart
      // A full disk is ours to fix, not the creator's: said so, without our paths in it.
      const message = isStorageFull(err) ? new StorageFullError('the video').message : err instanceof Error ? err.message : String(err)
      log.warn({ err }, 'generation job failed')
      await this.jobs.fail(job.id, message)
      if (providerJobId) await provider.discard?.(providerJobId).catch(() => undefined)
    }
  }

  /**
   * Fetches a job's result and makes its poster on this machine, then puts both in the media store
   * before the job is marked done: a replica that sees the job succeeded can serve its draft.
   */
  private async storeResult<T>(jobId: string, fetchResult: (file: string) => Promise<T>, log: Logger): Promise<T> {
    const video = join(this.opts.workDir, `${jobId}.mp4`)
    const poster = join(this.opts.workDir, `${jobId}.jpg`)
    try {
      const info = await fetchResult(video)
      const posterMade = await extractThumbnail(video, poster, { tools: this.opts.tools, background: true }).then(
        () => true,
        (err) => void log.warn({ err }, 'could not make a poster frame'),
      )
      await this.opts.store.put(mediaKeys.draft(jobId), video, 'video/mp4')
      if (posterMade) await this.opts.store.put(mediaKeys.poster(jobId), poster, 'image/jpeg')
      return info
    } finally {
      await Promise.all([rm(video, { force: true }), rm(poster, { force: true })])
    }
  }

  /**
   * Stops taking jobs and stops polling; in-flight jobs go back to the queue, keeping their provider
   * job, and resume on the next start (hosted providers keep rendering meanwhile; local ones are
   * stopped by their close()).
   */
  async destroy(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    this.notify()
    await this.loop
    await Promise.all([...this.inFlight.values()].map(({ done }) => done.catch(() => undefined)))
    // Handed back as it stops: with a shared queue another runner (or this one, restarted) takes them
    // on at once rather than after the lease runs out; and either way a job requeued at start is then
    // one a crash interrupted, which counts towards giving it up, not one a clean stop did.
    const handedBack = await this.jobs.requeueHeldBy(this.id).catch((err) => (this.opts.logger.warn({ err }, 'could not hand back running jobs'), 0))
    if (handedBack > 0) this.opts.logger.info({ handedBack }, 'handed running generation jobs back to the queue')
  }
}
