import type { IdResolver } from '@atproto/identity'
import { Firehose, MemoryRunner, type Event } from '@atproto/sync'
import type { Logger } from '../logger'
import type { CursorStore } from '../db/cursor-store'
import { backoffMs, sleep } from '../util'

export type { Event as FirehoseEvent }

/** Thrown by a handler for an event that can never succeed (bad record): logged and skipped, not retried. */
export class UnprocessableEventError extends Error {
  override name = 'UnprocessableEventError'
}

export interface FirehoseIngesterOptions {
  /** ws(s) URL of a PDS or relay serving com.atproto.sync.subscribeRepos. */
  service: string
  idResolver: IdResolver
  cursor: CursorStore & { reset(): Promise<void> }
  /** Collections whose commits we want (NSIDs, or prefixes ending in '.*'). */
  collections: string[]
  handle: (evt: Event) => Promise<void>
  logger: Logger
  /** How many times a failing handler is retried before the event is given up (and logged). */
  maxHandlerAttempts?: number
}

/** What the ingester has done since start, for tests, logs and benchmarks. */
export interface IngestStats {
  startCursor: number | undefined
  /** Lowest and highest seq handed to the handler since start. */
  firstSeq: number | undefined
  lastSeq: number | undefined
  handled: number
  replaysDropped: number
  failed: number
}

/**
 * Follows a repo firehose and hands each event to a handler, saving the cursor in the service's
 * own database only after every event below it is done (so a crash replays, never skips).
 *
 * Commit signatures are verified against each repo's resolved key (@atproto/sync). Events the PDS
 * re-sends at or below the cursor are dropped; a cursor in the source's future (the network was
 * reset under us) is forgotten and the stream replayed from its start. Handlers must be
 * idempotent: replays after a crash are expected.
 */
export class FirehoseIngester {
  readonly stats: IngestStats = { startCursor: undefined, firstSeq: undefined, lastSeq: undefined, handled: 0, replaysDropped: 0, failed: 0 }
  private firehose?: Firehose
  private runner?: MemoryRunner
  private readonly abort = new AbortController()

  constructor(private readonly opts: FirehoseIngesterOptions) {}

  /** Starts following the stream from the saved cursor; resolves once connecting has begun. */
  async start(): Promise<void> {
    // With no saved cursor, start from the oldest event the source still holds (seq 0), not live:
    // a new service on a local network must see the records written before it started.
    const startCursor = (await this.opts.cursor.get()) ?? 0
    this.stats.startCursor = startCursor
    const runner = new MemoryRunner({
      startCursor,
      concurrency: 8,
      setCursor: (seq) => this.opts.cursor.set(seq),
    })
    this.runner = runner
    this.firehose = new Firehose({
      service: this.opts.service,
      idResolver: this.opts.idResolver,
      runner,
      filterCollections: this.opts.collections,
      // Handles in identity events are re-verified by the services that show them.
      unauthenticatedHandles: true,
      subscriptionReconnectDelay: 1000,
      handleEvent: (evt) => this.handleWithRetry(evt),
      onError: (err) => void this.onError(err),
    })
    this.opts.logger.info({ source: this.opts.service, cursor: startCursor }, 'firehose ingestion starting')
    void this.firehose.start()
  }

  /** Highest seq below which every event has been processed. */
  get cursor(): number | undefined {
    return this.runner?.getCursor()
  }

  private async handleWithRetry(evt: Event): Promise<void> {
    const done = this.runner?.getCursor()
    if (done !== undefined && evt.seq <= done) {
      this.stats.replaysDropped++
      return
    }
    this.stats.firstSeq = Math.min(this.stats.firstSeq ?? evt.seq, evt.seq)
    this.stats.lastSeq = Math.max(this.stats.lastSeq ?? evt.seq, evt.seq)
    const maxAttempts = this.opts.maxHandlerAttempts ?? 6
    for (let attempt = 0; ; attempt++) {
      try {
        await this.opts.handle(evt)
        this.stats.handled++
        return
      } catch (err) {
        const uri = 'uri' in evt ? evt.uri.toString() : evt.did
        if (err instanceof UnprocessableEventError) {
          this.stats.failed++
          this.opts.logger.warn({ seq: evt.seq, uri, reason: err.message }, 'skipping unprocessable event')
          return
        }
        if (attempt + 1 >= maxAttempts || this.abort.signal.aborted) {
          this.stats.failed++
          this.opts.logger.error({ err, seq: evt.seq, uri }, 'event failed after retries; giving it up')
          return
        }
        this.opts.logger.warn({ err, seq: evt.seq, uri, attempt }, 'event handler failed; retrying')
        await sleep(backoffMs(attempt), this.abort.signal).catch(() => undefined)
      }
    }
  }

  private async onError(err: Error): Promise<void> {
    const cause = err.cause as { error?: string } | undefined
    if (cause?.error === 'FutureCursor') {
      // Our cursor is ahead of the source: it was reset (a new local network starts at seq 0).
      this.opts.logger.warn({ cursor: this.runner?.getCursor() }, 'cursor is in the future of the source; replaying from its start')
      await this.opts.cursor.reset()
      if (this.runner) this.runner.cursor = 0
      return
    }
    this.opts.logger.warn({ err: err.cause ?? err, kind: err.name }, 'firehose error')
  }

  /** Stops the subscription and waits for in-flight events to finish; safe to call twice. */
  async destroy(): Promise<void> {
    if (this.abort.signal.aborted) return
    this.abort.abort()
    await this.firehose?.destroy()
    await this.runner?.processAll()
    await this.runner?.destroy()
  }
}
