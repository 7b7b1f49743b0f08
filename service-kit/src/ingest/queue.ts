/**
 * A FIFO bounded by item count and bytes, with hysteresis: it asks its producer to pause once
 * either bound is reached and to resume once it has drained below half of both. The producer is
 * a socket, so "pause" means "stop reading": the sender then waits on TCP, and our memory stays
 * flat however far behind we are.
 */
export class BoundedQueue<T> {
  private items: T[] = []
  private head = 0
  private bytes = 0
  private paused = false
  private waiter?: () => void
  private interrupted = false

  constructor(
    private readonly limits: { maxItems: number; maxBytes: number },
    private readonly sizeOf: (item: T) => number,
    private readonly flow: { pause: () => void; resume: () => void },
  ) {}

  get length(): number {
    return this.items.length - this.head
  }

  get byteSize(): number {
    return this.bytes
  }

  get isPaused(): boolean {
    return this.paused
  }

  /** The last item queued and not yet taken (a producer may fold the next one into it). */
  last(): T | undefined {
    return this.length > 0 ? this.items[this.items.length - 1] : undefined
  }

  /** Adds an item (never refused: the producer may overshoot by what was already in flight). */
  push(item: T): void {
    this.items.push(item)
    this.bytes += this.sizeOf(item)
    if (!this.paused && (this.length >= this.limits.maxItems || this.bytes >= this.limits.maxBytes)) {
      this.paused = true
      this.flow.pause()
    }
    const wake = this.waiter
    this.waiter = undefined
    wake?.()
  }

  /**
   * Takes up to `max` items from the front, waiting until there is at least one; [] when the signal
   * aborts or someone calls `interrupt` (the consumer has something else to do first).
   */
  async take(max: number, signal?: AbortSignal): Promise<T[]> {
    while (this.length === 0) {
      if (signal?.aborted || this.interrupted) {
        this.interrupted = false
        return []
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal?.removeEventListener('abort', wake)
          resolve()
        }
        this.waiter = wake
        signal?.addEventListener('abort', wake, { once: true })
      })
    }
    const n = Math.min(max, this.length)
    const out = this.items.slice(this.head, this.head + n)
    this.head += n
    for (const item of out) this.bytes -= this.sizeOf(item)
    // Compact now and then rather than shifting on every take.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    this.maybeResume()
    return out
  }

  /** Makes a waiting (or the next) `take` return [] at once. */
  interrupt(): void {
    this.interrupted = true
    const wake = this.waiter
    this.waiter = undefined
    wake?.()
  }

  /** Drops everything queued (a reconnect that starts over). */
  clear(): void {
    this.items = []
    this.head = 0
    this.bytes = 0
    this.maybeResume()
  }

  private maybeResume(): void {
    if (this.paused && this.length <= this.limits.maxItems / 2 && this.bytes <= this.limits.maxBytes / 2) {
      this.paused = false
      this.flow.resume()
    }
  }
}
