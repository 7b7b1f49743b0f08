import type { Logger } from '@framewright/service-kit'
import type { LabelStore, StoredLabel } from './store'

/** Labels read from the log per query, by the shared reader and by a subscriber replaying. */
const BATCH = 500

/**
 * How much a subscriber may have waiting that its socket has not taken yet (frames queued here plus
 * the one being written). A consumer that lets more pile up is too slow: it is closed, not buffered
 * without end. 1,000 frames or 2 MiB, whichever comes first: room for two batches of the shared
 * reader, which hands out at most one batch at a time.
 */
export interface SubscriberLimits {
  maxFrames: number
  maxBytes: number
}

export const SUBSCRIBER_LIMITS: SubscriberLimits = { maxFrames: 1_000, maxBytes: 2 * 1024 * 1024 }

/** A label's frame, encoded once however many subscribers it goes to. */
export interface LabelFrame {
  seq: number
  /** Its size on the wire. */
  bytes: number
}

/** The subscriber fell too far behind: the caller sends the stream's error frame and closes it. */
export class ConsumerTooSlowError extends Error {
  override name = 'ConsumerTooSlow'
}

/**
 * The live end of subscribeLabels for one process: one reader of the label log for every
 * subscriber. It wakes when labels commit (here, or in another process through the store's notes)
 * and on one shared safety poll, reads what is new once, and queues each label's frame, encoded
 * once, on every live subscriber. A subscriber replaying from an old cursor reads the log itself,
 * as fast as its socket takes the frames, and joins the live ones when it has caught up. An idle
 * subscriber costs a queue and a promise: no timer, no query of its own.
 */
export class LabelFanout<F extends LabelFrame> {
  private readonly live = new Set<LabelSubscriber<F>>()
  /** The highest seq read for the live subscribers (undefined while there are none). */
  private head: number | undefined
  private reading: Promise<void> | undefined
  private readAgain = false
  private stopWaking: (() => void) | undefined
  readonly limits: SubscriberLimits
  private readonly pollMs: number

  constructor(
    private readonly store: Pick<LabelStore, 'since' | 'headSeq' | 'onCommitted'>,
    private readonly encode: (label: StoredLabel) => F,
    private readonly logger: Logger,
    opts: {
      limits?: SubscriberLimits
      /** The shared safety poll: a label whose note was lost is still read within this. */
      pollMs?: number
    } = {},
  ) {
    this.limits = opts.limits ?? SUBSCRIBER_LIMITS
    this.pollMs = opts.pollMs ?? 1_000
  }

  /** The seq a subscriber without a cursor starts after: the newest committed. */
  headSeq(): Promise<number> {
    return this.store.headSeq()
  }

  /** A subscriber that gets every label with seq > after, in order, until it closes. */
  subscribe(after: number, onTooSlow: (err: ConsumerTooSlowError) => void): LabelSubscriber<F> {
    return new LabelSubscriber(this, after, onTooSlow)
  }

  /** How many subscribers are following the live end. */
  get liveCount(): number {
    return this.live.size
  }

  /** @internal A replaying subscriber has read up to its position: it joins the live ones if that is the head. */
  async join(sub: LabelSubscriber<F>): Promise<boolean> {
    if (this.head === undefined) {
      const head = await this.store.headSeq()
      // Another subscriber may have joined (and the reader moved on) meanwhile.
      this.head ??= head
    }
    if (sub.closed || sub.position < this.head) return false
    this.live.add(sub)
    this.startWaking()
    return true
  }

  /** @internal */
  leave(sub: LabelSubscriber<F>): void {
    if (!this.live.delete(sub) || this.live.size > 0) return
    this.stopWaking?.()
    this.stopWaking = undefined
    // Nobody follows the live end: the next subscriber to join starts from the head of its time.
    this.head = undefined
  }

  /** @internal Reads a batch of the log for a subscriber replaying it. */
  async read(after: number): Promise<F[]> {
    return (await this.store.since(after, BATCH)).map(this.encode)
  }

  /** One wake-up for all live subscribers: every commit, and one poll timer as a safety net. */
  private startWaking(): void {
    if (this.stopWaking) return
    const stopListening = this.store.onCommitted(() => void this.readNew())
    const poll = setInterval(() => void this.readNew(), this.pollMs).unref()
    this.stopWaking = () => {
      stopListening()
      clearInterval(poll)
    }
  }

  /** Reads past the head once for everyone (one read at a time; a wake during it reads again after). */
  private readNew(): Promise<void> {
    if (this.reading) {
      this.readAgain = true
      return this.reading
    }
    this.reading = (async () => {
      try {
        do {
          this.readAgain = false
          for (;;) {
            if (this.head === undefined) return
            const labels = await this.store.since(this.head, BATCH)
            for (const label of labels) {
              if (this.head === undefined) return
              const frame = this.encode(label)
              for (const sub of this.live) sub.push(frame)
              this.head = label.seq
            }
            if (labels.length < BATCH) break
            // A long run of labels (a big ingestion batch): let the sockets take this batch before the
            // next, so a reader keeping up is not counted as behind by a burst it never had time for.
            await new Promise((resolve) => setImmediate(resolve))
          }
        } while (this.readAgain)
      } catch (err) {
        // The next commit or poll reads again from the same head: nothing is skipped.
        this.logger.warn({ err }, 'could not read new labels for subscribers')
      } finally {
        this.reading = undefined
      }
    })()
    return this.reading
  }
}

/** One subscribeLabels connection: its position in the log and the frames its socket has not taken yet. */
export class LabelSubscriber<F extends LabelFrame> {
  /** The seq of the last frame handed to this subscriber's socket or queued for it. */
  position: number
  closed = false
  private readonly queue: F[] = []
  private queuedBytes = 0
  /** The frame the socket is writing now (taken by the consumer, not yet flushed). */
  private inFlight: F | undefined
  private wake: (() => void) | undefined

  constructor(
    private readonly fanout: LabelFanout<F>,
    after: number,
    private readonly onTooSlow: (err: ConsumerTooSlowError) => void,
  ) {
    this.position = after
  }

  /**
   * The frames, in seq order. The consumer takes the next one only when the previous one is
   * written (xrpc-server awaits each send), so what waits here is what the socket has not flushed.
   */
  async *frames(): AsyncGenerator<F> {
    try {
      let joined = false
      while (!this.closed) {
        this.inFlight = undefined
        const next = this.queue.shift()
        if (next) {
          this.queuedBytes -= next.bytes
          this.inFlight = next
          yield next
          continue
        }
        if (!joined) {
          // Replaying: read the log at the pace the socket takes it, until caught up with the live end.
          const batch = await this.fanout.read(this.position)
          if (this.closed) break
          for (const frame of batch) this.enqueue(frame)
          if (batch.length === 0) joined = await this.fanout.join(this)
          continue
        }
        await new Promise<void>((resolve) => (this.wake = resolve))
      }
    } finally {
      this.close()
    }
  }

  /** @internal A live label from the shared reader. */
  push(frame: F): void {
    if (this.closed || frame.seq <= this.position) return
    this.enqueue(frame)
    const waiting = this.queue.length + (this.inFlight ? 1 : 0)
    const bytes = this.queuedBytes + (this.inFlight?.bytes ?? 0)
    const { maxFrames, maxBytes } = this.fanout.limits
    if (waiting > maxFrames || bytes > maxBytes) {
      const err = new ConsumerTooSlowError(`${waiting} labels (${bytes} bytes) were waiting for this subscriber; reconnect with cursor=${this.acknowledged()} to resume`)
      this.close()
      this.onTooSlow(err)
    }
  }

  /** Stops: drops what is queued, leaves the live set, ends frames(); safe to call twice. */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.queue.length = 0
    this.queuedBytes = 0
    this.fanout.leave(this)
    this.wake?.()
  }

  /** The seq before the oldest frame the socket has not flushed: where a reconnect should resume. */
  private acknowledged(): number {
    const first = this.inFlight ?? this.queue[0]
    return first ? first.seq - 1 : this.position
  }

  private enqueue(frame: F): void {
    this.queue.push(frame)
    this.queuedBytes += frame.bytes
    this.position = frame.seq
    this.wake?.()
    this.wake = undefined
  }
}
