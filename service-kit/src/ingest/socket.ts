import WebSocket from 'ws'
import { backoffMs } from '../util'

/** What the socket logs through (a service's logger, or the arrival thread's, which sends to it). */
export interface SocketLogger {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
}

export interface FirehoseSocketOptions {
  /** The subscribeRepos URL to open, asked afresh on every (re)connect so it carries the latest cursor. */
  url: () => string
  onMessage: (data: Uint8Array) => void
  onOpen?: () => void
  /** The connection closed or was dropped (a reconnect follows unless the socket was closed). */
  onClose?: () => void
  logger: SocketLogger
  /** Ping after this much silence (ms). */
  pingAfterMs?: number
  /** Reconnect after this much silence (ms) that was neither our pause nor our own process being busy. */
  silenceTimeoutMs?: number
  /** How often the watchdog looks (ms). */
  tickMs?: number
}

/**
 * Why the socket has stopped reading: the queue is full, a backfill is finding its repos, or (on the
 * arrival thread) the ingesting thread has not yet taken what was sent to it.
 */
export type PauseReason = 'queue' | 'backfill' | 'flow'

/** What the ingester reads the stream through: a socket on the ingesting thread, or one on the arrival thread. */
export interface FrameSource {
  readonly connected: boolean
  readonly isPaused: boolean
  readonly counts: { connects: number; watchdogDrops: number }
  start(): void
  pause(reason: PauseReason): void
  resume(reason: PauseReason): void
  reconnect(why: string, opts?: { now?: boolean }): void
  close(): void
}

/**
 * A subscribeRepos websocket that reconnects with backoff and can be paused (we stop reading; the
 * source waits on TCP). A watchdog pings a quiet connection and drops one that stays silent, but
 * only counts silence we can blame on the connection: time we spent paused, or time our event loop
 * was blocked (a watchdog tick that arrives late), does not count, so a busy process never drops a
 * healthy connection and makes the source send everything again.
 */
export class FirehoseSocket implements FrameSource {
  private ws?: WebSocket
  private readonly pausedFor = new Set<PauseReason>()
  private closed = false
  private attempt = 0
  private silentMs = 0
  private pinged = false
  private lastTick = performance.now()
  private timer?: NodeJS.Timeout
  private reconnectTimer?: NodeJS.Timeout
  /** Connections opened and dropped by the watchdog, for stats. */
  readonly counts = { connects: 0, watchdogDrops: 0 }

  constructor(private readonly opts: FirehoseSocketOptions) {}

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN
  }

  start(): void {
    const tick = this.opts.tickMs ?? 1000
    this.timer = setInterval(() => this.watch(tick), tick)
    this.timer.unref()
    this.open()
  }

  /** Whether we have stopped reading, for any reason (see pause). */
  get isPaused(): boolean {
    return this.pausedFor.size > 0
  }

  /**
   * Stops reading for a reason (the queue is full, a backfill holds the stream): the socket reads
   * again once every reason it was paused for is resumed, so that one holder never undoes another's pause.
   */
  pause(reason: PauseReason): void {
    this.pausedFor.add(reason)
    this.ws?.pause()
  }

  resume(reason: PauseReason): void {
    if (!this.pausedFor.delete(reason) || this.pausedFor.size > 0) return
    this.ws?.resume()
  }

  /**
   * Drops the connection and opens a new one: after a backoff when the connection failed us (silence),
   * at once when we chose to (`now`: reading the stream again from another cursor). Waiting a quarter
   * to half a second there was pure loss: a service starting on an empty database against a source
   * that lists no repos reconnects so, and the time counted against its catching up.
   */
  reconnect(why: string, opts: { now?: boolean } = {}): void {
    if (this.closed) return
    this.opts.logger.info({ why }, 'reconnecting to the firehose')
    this.drop()
    if (!opts.now) return this.schedule()
    clearTimeout(this.reconnectTimer)
    this.open()
  }

  close(): void {
    this.closed = true
    clearInterval(this.timer)
    clearTimeout(this.reconnectTimer)
    this.drop()
  }

  /** Ends the current connection without hearing from it again. */
  private drop(): void {
    const ws = this.ws
    this.ws = undefined
    ws?.removeAllListeners()
    ws?.on('error', () => undefined)
    ws?.terminate()
    if (ws) this.opts.onClose?.()
  }

  private open(): void {
    if (this.closed) return
    const url = this.opts.url()
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 })
    this.ws = ws
    this.silentMs = 0
    this.pinged = false
    ws.binaryType = 'nodebuffer'
    ws.on('open', () => {
      this.attempt = 0
      this.counts.connects++
      if (this.isPaused) ws.pause()
      this.opts.logger.info({ url }, 'firehose connected')
      this.opts.onOpen?.()
    })
    ws.on('message', (data: Buffer) => {
      this.heard()
      this.opts.onMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    })
    ws.on('pong', () => this.heard())
    ws.on('ping', () => this.heard())
    ws.on('error', (err) => this.opts.logger.warn({ err: err.message, url }, 'firehose socket error'))
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return
      this.ws = undefined
      this.opts.logger.warn({ code, reason: reason.toString() }, 'firehose connection closed')
      this.opts.onClose?.()
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.closed) return
    const delay = backoffMs(this.attempt++, 500, 30_000)
    this.reconnectTimer = setTimeout(() => this.open(), delay)
  }

  private heard(): void {
    this.silentMs = 0
    this.pinged = false
  }

  private watch(tick: number): void {
    const now = performance.now()
    const elapsed = now - this.lastTick
    this.lastTick = now
    const ws = this.ws
    if (!ws || ws.readyState !== WebSocket.OPEN || this.isPaused) return
    // A tick that comes late means our own loop was busy: charge the connection one tick at most.
    this.silentMs += Math.min(elapsed, tick)
    if (!this.pinged && this.silentMs >= (this.opts.pingAfterMs ?? 15_000)) {
      this.pinged = true
      ws.ping()
    }
    if (this.silentMs >= (this.opts.silenceTimeoutMs ?? 45_000)) {
      this.counts.watchdogDrops++
      this.reconnect(`silent for ${Math.round(this.silentMs / 1000)} s`)
    }
  }
}
