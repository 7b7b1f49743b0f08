/** Events per second over a recent window. */
export class RateMeter {
  private readonly samples: { at: number; n: number }[] = []
  private readonly startedAt: number

  constructor(
    private readonly windowMs = 10_000,
    now = Date.now(),
  ) {
    this.startedAt = now
  }

  add(n: number, now = Date.now()): void {
    this.samples.push({ at: now, n })
    while (this.samples.length > 0 && this.samples[0]!.at < now - this.windowMs) this.samples.shift()
  }

  /** Events per second over the window (or since start, when that is shorter). */
  perSecond(now = Date.now()): number {
    let total = 0
    for (const s of this.samples) if (s.at >= now - this.windowMs) total += s.n
    const span = Math.min(this.windowMs, Math.max(now - this.startedAt, 1000))
    return Math.round((total * 1000) / span)
  }
}
