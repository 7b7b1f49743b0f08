/**
 * The one way a service runs ffmpeg and ffprobe. Media from the network is hostile until proven
 * otherwise: a crafted file can make a decoder spin for ever, and a flood of requests for posters
 * would start one decoder each. So every run checks its inputs' sizes before it starts, waits for
 * one of a process-wide number of slots (a bounded queue: past it, callers are told to come back),
 * and is killed, with its whole process group, when it runs past its time.
 */
import { stat } from 'node:fs/promises'
import { ConfigError } from '../errors'
import { defaultFfmpegPaths, FfmpegAbortedError, FfmpegError, type FfmpegPaths } from './ffmpeg'

export interface MediaLimits {
  /** How long one run of ffmpeg or ffprobe may take before it is killed. */
  timeoutMs: number
  /** How many runs at once in this process. */
  concurrency: number
  /** How many requests may wait for a slot; one more gets MediaBusyError. Background work always waits. */
  maxWaiting: number
  /** The largest input file a run accepts (checked before it starts). */
  maxInputBytes: number
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = {
  timeoutMs: 30_000,
  concurrency: 2,
  maxWaiting: 16,
  maxInputBytes: 100_000_000,
}

/** A run took longer than its time limit; its process group has been killed when this is thrown. */
export class MediaTimeoutError extends FfmpegError {
  override name = 'MediaTimeoutError'
  constructor(
    readonly tool: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`${tool} took longer than ${timeoutMs} ms and was stopped`, [], null, options)
  }
}

/** Every slot is taken and the queue for them is full: try again later (HTTP 503 with Retry-After). */
export class MediaBusyError extends Error {
  override name = 'MediaBusyError'
  constructor(
    readonly waiting: number,
    /** A fair guess at when a slot frees up, for Retry-After. */
    readonly retryAfterSeconds: number,
  ) {
    super(`media processing is busy (${waiting} requests already waiting); try again in ${retryAfterSeconds} s`)
  }
}

/** An input file is larger than a run accepts (HTTP 413). */
export class MediaTooLargeError extends Error {
  override name = 'MediaTooLargeError'
  constructor(
    readonly path: string,
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(`${path} is ${size} bytes, over the ${maxBytes}-byte limit for media processing`)
  }
}

/** One run's description for MediaTools.run. */
export interface MediaRun {
  /** Which binary, for messages. */
  tool: 'ffmpeg' | 'ffprobe'
  /** Files the run reads; each is checked against maxInputBytes before anything starts. */
  inputs?: readonly string[]
  /** The caller's own signal: aborting it stops the wait or the run (FfmpegAbortedError). */
  signal?: AbortSignal
  /** This run's time limit instead of the default (a render of our own takes longer than a poster). */
  timeoutMs?: number
  /**
   * Work with its own bounded queue (job renders, the labeler's scans) waits for a slot however
   * many others wait: the waiter bound sheds requests from the network, not background work.
   */
  background?: boolean
}

interface Waiter {
  background: boolean
  start: () => void
  cancel: (err: Error) => void
}

/** A busy answer asks callers to come back after about this long: posters take well under a second. */
const RETRY_AFTER_SECONDS = 5

/** ffmpeg and ffprobe for one process, under its MediaLimits. */
export class MediaTools implements FfmpegPaths {
  readonly ffmpeg: string
  readonly ffprobe: string
  private running = 0
  private readonly queue: Waiter[] = []
  private waitingRequests = 0

  constructor(
    paths: FfmpegPaths,
    readonly limits: MediaLimits = DEFAULT_MEDIA_LIMITS,
  ) {
    this.ffmpeg = paths.ffmpeg
    this.ffprobe = paths.ffprobe
  }

  /** The binaries of the installer packages (or the given paths), under `limits`. */
  static create(opts: { ffmpegPath?: string; ffprobePath?: string; limits?: MediaLimits } = {}): MediaTools {
    const paths = opts.ffmpegPath && opts.ffprobePath ? undefined : defaultFfmpegPaths()
    return new MediaTools({ ffmpeg: opts.ffmpegPath ?? paths!.ffmpeg, ffprobe: opts.ffprobePath ?? paths!.ffprobe }, opts.limits)
  }

  /** Runs now, and waiting for a slot now. */
  get stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length }
  }

  /**
   * Runs `work` (which spawns the binary with the signal it is given) under the limits: inputs
   * are checked, a slot is taken, and the signal fires at the time limit, after which the run
   * rejects with MediaTimeoutError whatever `work` threw.
   */
  async run<T>(run: MediaRun, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    for (const input of run.inputs ?? []) {
      // A missing input is the tool's to report, in its own words.
      const s = await stat(input).catch(() => undefined)
      if (s && s.size > this.limits.maxInputBytes) throw new MediaTooLargeError(input, s.size, this.limits.maxInputBytes)
    }
    await this.acquire(run)
    const timeoutMs = run.timeoutMs ?? this.limits.timeoutMs
    const timeout = new AbortController()
    const timer = setTimeout(() => timeout.abort(new MediaTimeoutError(run.tool, timeoutMs)), timeoutMs)
    const signal = run.signal ? AbortSignal.any([run.signal, timeout.signal]) : timeout.signal
    try {
      return await work(signal)
    } catch (err) {
      if (timeout.signal.aborted && !run.signal?.aborted) throw new MediaTimeoutError(run.tool, timeoutMs, { cause: err })
      throw err
    } finally {
      clearTimeout(timer)
      this.release()
    }
  }

  private acquire(run: MediaRun): Promise<void> {
    if (run.signal?.aborted) return Promise.reject(new FfmpegAbortedError(`${run.tool} was aborted before it started`, [], null, { cause: run.signal.reason }))
    if (this.running < this.limits.concurrency && this.queue.length === 0) {
      this.running += 1
      return Promise.resolve()
    }
    const background = run.background ?? false
    if (!background && this.waitingRequests >= this.limits.maxWaiting) return Promise.reject(new MediaBusyError(this.waitingRequests, RETRY_AFTER_SECONDS))
    return new Promise<void>((resolve, reject) => {
      const leave = () => {
        const i = this.queue.indexOf(waiter)
        if (i >= 0) this.queue.splice(i, 1)
        if (!background) this.waitingRequests -= 1
        run.signal?.removeEventListener('abort', onAbort)
      }
      const waiter: Waiter = {
        background,
        start: () => {
          leave()
          resolve()
        },
        cancel: (err) => {
          leave()
          reject(err)
        },
      }
      const onAbort = () => waiter.cancel(new FfmpegAbortedError(`${run.tool} was aborted while it waited for a slot`, [], null, { cause: run.signal?.reason }))
      run.signal?.addEventListener('abort', onAbort, { once: true })
      if (!background) this.waitingRequests += 1
      this.queue.push(waiter)
    })
  }

  private release(): void {
    const next = this.queue[0]
    // The slot passes straight to the first waiter, so `running` never dips for a newcomer to take it.
    if (next) next.start()
    else this.running -= 1
  }
}

/** The media limits as a service's env.ts reads them (FRAMEWRIGHT_FFMPEG_*). */
export interface MediaLimitsEnv {
  ffmpegTimeoutMs?: number
  ffmpegConcurrency?: number
  ffmpegMaxWaiting?: number
  ffmpegMaxInputBytes?: number
}

/** The limits with defaults applied (the input limit defaults to the service's own blob limit); errors name the variable. */
export function mediaLimitsConfig(env: MediaLimitsEnv, defaults: Partial<MediaLimits> = {}): MediaLimits {
  const d = { ...DEFAULT_MEDIA_LIMITS, ...defaults }
  const limits: MediaLimits = {
    timeoutMs: env.ffmpegTimeoutMs ?? d.timeoutMs,
    concurrency: env.ffmpegConcurrency ?? d.concurrency,
    maxWaiting: env.ffmpegMaxWaiting ?? d.maxWaiting,
    maxInputBytes: env.ffmpegMaxInputBytes ?? d.maxInputBytes,
  }
  if (limits.timeoutMs < 1_000) throw new ConfigError('FRAMEWRIGHT_FFMPEG_TIMEOUT_MS', 'must be at least 1000 (one second)')
  if (limits.concurrency < 1 || limits.concurrency > 64) throw new ConfigError('FRAMEWRIGHT_FFMPEG_CONCURRENCY', 'must be 1–64')
  if (limits.maxWaiting < 0) throw new ConfigError('FRAMEWRIGHT_FFMPEG_MAX_WAITING', 'must be 0 or more')
  if (limits.maxInputBytes < 1_000_000) throw new ConfigError('FRAMEWRIGHT_FFMPEG_MAX_INPUT_BYTES', 'must be at least 1000000 (one megabyte)')
  return limits
}
