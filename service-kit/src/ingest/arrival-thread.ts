import type { Worker } from 'node:worker_threads'
import type { Logger } from '../logger'
import { startTypeScriptWorker } from '../plain-worker'
import type { RawDropRule } from './arrival'
import type { ArrivalSets, SetState, SetValues } from './arrival-sets'
import type { FrameSource, PauseReason } from './socket'

/** A run of frames the arrival thread dropped, one after another: the last one's seq and time, and how many. */
export interface DropRun {
  seq: number
  time: string
  events: number
}

/** What the ingesting thread tells the arrival thread. */
export type ArrivalCommand =
  | {
      type: 'start'
      epoch: number
      service: string
      cursor: number | null
      collections: readonly string[]
      rules: readonly RawDropRule[]
      sets?: SetState
      paused: PauseReason[]
      maxInFlight: number
      maxInFlightBytes: number
      pingAfterMs?: number
      silenceTimeoutMs?: number
    }
  | { type: 'taken'; items: number; bytes: number }
  | { type: 'pause' | 'resume'; reason: PauseReason }
  | { type: 'reconnect'; epoch: number; cursor: number | null; why: string; now: boolean; unread?: number[] }
  /** Values the service added to its sets (see ArrivalSets). */
  | { type: 'sets'; added: SetValues }
  /** The ingester judged a commit the arrival thread passed on unread. */
  | { type: 'judged'; seq: number }
  | { type: 'judging'; on: boolean }
  | { type: 'close' }

/** What the arrival thread tells the ingesting thread. */
export type ArrivalMessage =
  | { type: 'ready' }
  /**
   * What the arrival thread read, in stream order: a run of dropped frames, or (null) the next frame
   * passed on, whose bytes end at the next of `ends` in `bytes`.
   */
  | { type: 'frames'; epoch: number; items: (DropRun | null)[]; ends: number[]; bytes: Uint8Array; replays: number }
  | { type: 'state'; connected: boolean; connects: number; watchdogDrops: number }
  | { type: 'live' }
  | { type: 'log'; level: 'info' | 'warn'; obj: object; msg: string }

export interface ArrivalThreadOptions {
  /** ws(s) URL of the source. */
  service: string
  /** The service's collections, and its drop rules that need nothing of its state (see RawDropRule). */
  collections: readonly string[]
  rules: readonly RawDropRule[]
  /**
   * The service's set rules and sets (see ArrivalSets), with what they need of the ingester: the
   * commits it was passed unread and has not judged yet, and whether it judges on arrival now.
   */
  sets?: {
    sets: ArrivalSets
    unread: () => number[]
    judging: () => boolean
    /**
     * A thread that died is started again: what it noted of the frames it passed on is gone, and the
     * new one reads on after them, so the ingester holds its rules back until it has judged them.
     */
    restarting: () => void
  }
  /** The seq to read after, asked at start and at every reconnect the ingester asks for (undefined: live). */
  cursor: () => number | undefined
  /** A frame passed on whole: a view of a buffer other frames share (copy what is kept). */
  onFrame: (data: Uint8Array) => void
  /** A run of frames dropped on arrival. */
  onDropped: (run: DropRun) => void
  /** Frames the source sent again at or below what was already passed on. */
  onReplays: (count: number) => void
  /** A connection opened without a cursor (a new live position). */
  onLive: () => void
  /** After each message of frames. */
  afterFrames?: () => void
  logger: Logger
  /** Items (frames and runs) and bytes sent to this thread and not yet taken, above which the arrival thread stops reading. */
  maxInFlight?: number
  maxInFlightBytes?: number
  pingAfterMs?: number
  silenceTimeoutMs?: number
}

/**
 * The firehose socket on a thread of its own. Reading frames is a fifth of the ingesting thread's
 * work when it is behind (the websocket's framing, the peek at every commit's ops, the records of
 * those it may drop), and most of the frames are then dropped anyway: on the arrival thread (see
 * arrival-worker-body.ts) only what may be kept is passed on, the rest as runs of seqs. Flow is
 * bounded twice: it stops reading when what it sent has not been taken (maxInFlight), and when the
 * ingester's queue is full (pause). A reconnect the ingester asks for starts a new epoch: frames of
 * the position given up that are still on their way are not used. A thread that dies is started
 * again, from the ingester's cursor.
 */
export class ArrivalThread implements FrameSource {
  private worker?: Worker
  private readonly pausedFor = new Set<PauseReason>()
  private epoch = 0
  private closed = false
  private started = false
  private isConnected = false
  private loaded!: Promise<void>
  readonly counts = { connects: 0, watchdogDrops: 0 }
  /** Connects and drops of threads that died, added to those of the one running. */
  private readonly before = { connects: 0, watchdogDrops: 0 }

  constructor(private readonly opts: ArrivalThreadOptions) {
    this.spawn()
  }

  get connected(): boolean {
    return this.isConnected
  }

  get isPaused(): boolean {
    return this.pausedFor.size > 0
  }

  /** Resolves once the thread can read (or after `timeoutMs`). */
  ready(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))
    return Promise.race([this.loaded, timeout]).finally(() => clearTimeout(timer))
  }

  start(): void {
    this.started = true
    const cursor = this.opts.cursor()
    const sets = this.opts.sets
    this.send({
      type: 'start',
      epoch: this.epoch,
      service: this.opts.service,
      cursor: cursor ?? null,
      collections: this.opts.collections,
      rules: this.opts.rules,
      sets: sets && {
        drops: sets.sets.drops,
        growth: sets.sets.growth,
        // From here on, what the service adds follows in 'sets' messages.
        sets: sets.sets.snapshot(() => setImmediate(() => this.sendAdded())),
        unread: sets.unread(),
        judging: sets.judging(),
      },
      paused: [...this.pausedFor],
      maxInFlight: this.opts.maxInFlight ?? 16_384,
      maxInFlightBytes: this.opts.maxInFlightBytes ?? 8 * 1024 * 1024,
      pingAfterMs: this.opts.pingAfterMs,
      silenceTimeoutMs: this.opts.silenceTimeoutMs,
    })
  }

  pause(reason: PauseReason): void {
    if (this.pausedFor.has(reason)) return
    this.pausedFor.add(reason)
    this.send({ type: 'pause', reason })
  }

  resume(reason: PauseReason): void {
    if (!this.pausedFor.delete(reason)) return
    this.send({ type: 'resume', reason })
  }

  reconnect(why: string, opts: { now?: boolean } = {}): void {
    if (this.closed) return
    this.send({ type: 'reconnect', epoch: ++this.epoch, cursor: this.opts.cursor() ?? null, why, now: !!opts.now, unread: this.opts.sets?.unread() })
  }

  /** The ingester judged a commit it was passed unread (see SetState.unread). */
  judged(seq: number): void {
    if (this.opts.sets) this.send({ type: 'judged', seq })
  }

  /** Whether the set rules may drop now (not while a backfill imports). */
  judging(on: boolean): void {
    if (this.opts.sets) this.send({ type: 'judging', on })
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.isConnected = false
    void this.worker?.terminate()
  }

  /** Every command goes after what the service added to its sets before it (a backfill's imports before judging resumes). */
  private send(cmd: ArrivalCommand): void {
    if (cmd.type !== 'start' && cmd.type !== 'sets') this.sendAdded()
    if (!this.closed) this.worker?.postMessage(cmd)
  }

  private sendAdded(): void {
    const added = this.opts.sets?.sets.takeAdded()
    if (added) this.send({ type: 'sets', added })
  }

  private spawn(): void {
    // Its garbage is short-lived (a frame's peek, its copy until sent): a small young generation holds it (see WorkerVerifier).
    const worker = startTypeScriptWorker(new URL('./arrival-worker-body.ts', import.meta.url), new URL('./arrival-worker.mjs', import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: 12 },
    })
    this.worker = worker
    let loaded!: () => void
    this.loaded = new Promise<void>((resolve) => (loaded = resolve))
    worker.on('message', (msg: ArrivalMessage) => {
      if (msg.type === 'frames') return this.take(msg)
      if (msg.type === 'ready') return loaded()
      if (msg.type === 'live') return this.opts.onLive()
      if (msg.type === 'log') return void this.opts.logger[msg.level](msg.obj, msg.msg)
      this.isConnected = msg.connected
      this.counts.connects = this.before.connects + msg.connects
      this.counts.watchdogDrops = this.before.watchdogDrops + msg.watchdogDrops
    })
    worker.on('error', (err) => this.opts.logger.error({ err }, 'the firehose arrival thread failed'))
    worker.on('exit', () => {
      if (this.closed || this.worker !== worker) return
      // Read again from where the ingester is: what the dead thread had not passed on is asked for again.
      this.isConnected = false
      this.before.connects = this.counts.connects
      this.before.watchdogDrops = this.counts.watchdogDrops
      this.epoch++
      this.opts.sets?.restarting()
      this.spawn()
      if (this.started) this.start()
    })
  }

  private take(msg: Extract<ArrivalMessage, { type: 'frames' }>): void {
    if (msg.epoch === this.epoch) {
      let frame = 0
      for (const item of msg.items) {
        if (item) this.opts.onDropped(item)
        else this.opts.onFrame(msg.bytes.subarray(frame > 0 ? msg.ends[frame - 1] : 0, msg.ends[frame++]))
      }
      if (msg.replays > 0) this.opts.onReplays(msg.replays)
    }
    this.send({ type: 'taken', items: msg.items.length, bytes: msg.bytes.byteLength })
    if (msg.epoch === this.epoch) this.opts.afterFrames?.()
  }
}
