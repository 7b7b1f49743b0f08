import type { Kysely } from 'kysely'
import { DbCursorStore, type IngestCursorSchema } from '../db/cursor-store'
import type { Logger } from '../logger'
import type { VideoGraphSchema } from '../video-graph/schema'

/** Time and timers, so tests can move time by hand. */
export interface ExpiryClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const systemClock: ExpiryClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    // A pending expiry must not keep a stopping process alive.
    t.unref?.()
    return t
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

export interface GrantExpirySchedulerOptions {
  db: Kysely<VideoGraphSchema & IngestCursorSchema>
  /** Re-evaluates whatever depends on these people's grants, which have expired since the last run. */
  onExpired: (subjects: string[]) => Promise<void>
  logger: Logger
  /** How often the grants are read again whatever the timer says: the safety net. */
  sweepIntervalMs?: number
  /** How soon to try again when onExpired fails. */
  retryMs?: number
  clock?: ExpiryClock
}

/** Timers fire this long after an expiry, so that the consent rule already reads the grant as expired. */
const SLACK_MS = 50
/** setTimeout's longest delay; a later expiry is reached by re-arming. */
const MAX_DELAY_MS = 2 ** 31 - 1

/**
 * Grants stop covering at `expiresAt` with no event to say so; this makes services notice on time.
 * A timer is armed for the next expiry in the grant table, re-armed when a grant changes, and a
 * periodic sweep reads the table again in case a change was missed. What has been handled is a
 * watermark (an instant) kept in the service's database beside its firehose cursor: after a
 * restart, the first run handles every grant that expired while the service was down. All state is
 * derived from the grant table, so nothing is lost when the process stops.
 *
 * Runs are serialized; a failed onExpired leaves the watermark where it was and is retried.
 */
export class GrantExpiryScheduler {
  private readonly clock: ExpiryClock
  private readonly watermark: DbCursorStore
  private readonly sweepIntervalMs: number
  private readonly retryMs: number
  private chain: Promise<void> = Promise.resolve()
  private timer?: unknown
  private sweeper?: unknown
  private armedFor?: number
  private destroyed = false

  constructor(private readonly opts: GrantExpirySchedulerOptions) {
    this.clock = opts.clock ?? systemClock
    // Kysely's schema type is invariant: the cursor store sees only its own table of the same connection.
    this.watermark = new DbCursorStore(opts.db as unknown as Kysely<IngestCursorSchema>, 'grant-expiry')
    this.sweepIntervalMs = opts.sweepIntervalMs ?? 60_000
    this.retryMs = opts.retryMs ?? 5_000
  }

  /** Handles the expiries since the last run (a restart's catch-up), then keeps watching. */
  async start(): Promise<void> {
    this.scheduleSweep()
    await this.sweep()
  }

  /** When the timer will next fire for an expiry (epoch ms), if it is armed. */
  get nextExpiry(): number | undefined {
    return this.armedFor
  }

  /**
   * A person's grant changed: when it now expires sooner than the timer is armed for, the timer is
   * moved. Never blocks the caller (the ingester) behind a run in progress.
   */
  grantChanged(did: string): void {
    this.enqueue(async () => {
      const row = await this.opts.db.selectFrom('likeness_grant').select('expiresAt').where('did', '=', did).executeTakeFirst()
      const at = row?.expiresAt ? Date.parse(row.expiresAt) : NaN
      if (Number.isNaN(at) || at <= this.clock.now()) return // no expiry, or already past: the change itself re-evaluated it
      if (this.armedFor === undefined || at < this.armedFor) this.arm(at)
    })
  }

  /**
   * The grants of these people were written in `tx` (any schema holding the video graph), a transaction that may not have committed yet
   * (an ingestion batch's). Their expiries are read through `tx` — what the batch wrote, which no
   * other connection may see yet — and the timer moves if one comes sooner. Nothing here waits for
   * a run in progress (that run may itself be waiting for the connection `tx` holds). Arming early
   * for a batch that is then rolled back costs one run that finds nothing; the retried batch calls
   * this again.
   */
  async grantsWritten(tx: Kysely<any>, subjects: readonly string[]): Promise<void> {
    if (subjects.length === 0 || this.destroyed) return
    const rows = await (tx as Kysely<VideoGraphSchema>).selectFrom('likeness_grant').select('expiresAt').where('did', 'in', [...new Set(subjects)]).where('expiresAt', 'is not', null).execute()
    const now = this.clock.now()
    // Past ones (or unreadable ones, expired from the start) were re-evaluated by the batch itself.
    const upcoming = rows.map((r) => Date.parse(r.expiresAt!)).filter((t) => !Number.isNaN(t) && t > now)
    if (upcoming.length === 0) return
    const soonest = Math.min(...upcoming)
    void this.enqueue(async () => {
      if (this.armedFor === undefined || soonest < this.armedFor) this.arm(soonest)
    })
  }

  /** Handles every expiry since the watermark now, and arms for the next one. */
  sweep(): Promise<void> {
    return this.enqueue(() => this.run())
  }

  /** Resolves when nothing is queued (for tests). */
  idle(): Promise<void> {
    return this.chain
  }

  /** Stops the timers and waits for a run in progress; safe to call twice. */
  async destroy(): Promise<void> {
    this.destroyed = true
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    if (this.sweeper !== undefined) this.clock.clearTimeout(this.sweeper)
    this.timer = this.sweeper = this.armedFor = undefined
    await this.chain
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.chain.then(async () => {
      if (this.destroyed) return
      try {
        await task()
      } catch (err) {
        this.opts.logger.error({ err }, 'grant expiry run failed; retrying')
        this.arm(this.clock.now() + this.retryMs - SLACK_MS)
      }
    })
    this.chain = next
    return next
  }

  private async run(): Promise<void> {
    const now = this.clock.now()
    const after = (await this.watermark.get()) ?? 0
    // Every grant with an expiry, parsed here: expiresAt is a datetime string as its author wrote it
    // (any offset), so SQL cannot compare it as text.
    const rows = await this.opts.db.selectFrom('likeness_grant').select(['did', 'expiresAt']).where('expiresAt', 'is not', null).execute()
    const expired: string[] = []
    let next: number | undefined
    for (const row of rows) {
      const at = Date.parse(row.expiresAt!)
      if (Number.isNaN(at)) continue // the rule reads it as expired from the start: no moment to wait for
      if (at > after && at <= now) expired.push(row.did)
      else if (at > now && (next === undefined || at < next)) next = at
    }
    if (expired.length > 0) {
      this.opts.logger.info({ subjects: expired.length }, 'likeness grants expired: re-evaluating the videos of those people')
      await this.opts.onExpired(expired)
    }
    await this.watermark.set(now)
    this.arm(next)
  }

  private arm(at: number | undefined): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    this.timer = this.armedFor = undefined
    if (at === undefined || this.destroyed) return
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, at - this.clock.now() + SLACK_MS))
    this.armedFor = at
    this.timer = this.clock.setTimeout(() => {
      this.timer = this.armedFor = undefined
      void this.sweep()
    }, delay)
  }

  private scheduleSweep(): void {
    if (this.destroyed) return
    this.sweeper = this.clock.setTimeout(() => {
      void this.sweep().finally(() => this.scheduleSweep())
    }, this.sweepIntervalMs)
  }
}
