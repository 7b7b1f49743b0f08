import type { IdResolver } from '@atproto/identity'
import { sql, type Kysely } from 'kysely'
import type { Logger } from '../logger'
import { backoffMs, sleep } from '../util'
import { CursorTracker } from './cursor-tracker'
import { deadLetterSummary, fileDeadLetters, type DeadLetter } from './dead-letters'
import type { FirehoseEvent, KeepQuestion } from './events'
import { CollectionFilter, splitPath } from './filter'
import { decodeFrame, MalformedFrameError, type FirehoseFrame } from './frames'
import { peekCommitOps, type CommitPeek } from './prefilter'
import { COMMIT_HEADER, dropsEveryOp, isCommitFrame, opsWithRecords, peekFrame, rebased, type RawDropRule, type RawOps } from './arrival'
import type { ArrivalSets } from './arrival-sets'
import { detachFrame, prepareFrame, type KeepRules, type Prepared } from './prepare'
import { BoundedQueue } from './queue'
import { RateMeter } from './rate'
import { RepoKeys } from './repo-keys'
import { DidDocumentStore } from './did-documents'
import { verifyPrepared } from './verify-batch'
import { covers, EarlyVerifier } from './early-verify'
import type { IngestSchema } from './schema'
import { fixedSizeChunks } from '../db/statement-shapes'
import { FirehoseSocket, type FrameSource } from './socket'
import { ArrivalThread } from './arrival-thread'
import { OutboundClient } from '../net/client'
import { createVerifier, type CommitVerifier } from './verifier'
import { Backfill, type BackfillMode } from './backfill'
import { RepoImporter } from './backfill-import'
import { DiscoveryNotOfferedError } from './backfill-discovery'
import { ResyncQueue } from './backfill-resync'

/** How often a writer looks for repos marked for re-import by another process (dead letters replayed). */
export const RESYNC_POLL_MS = 15_000

/**
 * Thrown by a handler for an event that can never succeed (an invalid record): the event is filed
 * as a dead letter with this reason, and the rest of its batch goes on.
 */
export class UnprocessableEventError extends Error {
  override name = 'UnprocessableEventError'
}

/** One batch of events for a service, to apply inside `tx` (which also saves the cursor). */
export interface IngestBatch {
  readonly events: readonly FirehoseEvent[]
  readonly tx: Kysely<any>
  /**
   * Runs `fn` on each event in order. An UnprocessableEventError files that event as a dead letter
   * (its writes so far stay: removing an invalid record is part of handling it); any other error
   * fails the whole batch, which is retried.
   */
  each(fn: (evt: FirehoseEvent) => Promise<void>): Promise<void>
  /**
   * Runs `fn` once the batch's transaction has committed, never if it rolls back: for waking work
   * that reads what the batch wrote from another connection (a read before the commit finds nothing).
   */
  afterCommit(fn: () => void): void
}

/** What a service plugs into the pipeline. */
export interface IngestHandler {
  /** Collections whose commits it wants (NSIDs, or prefixes ending in '.*'). */
  readonly collections: readonly string[]
  /** Whether it keeps a record op, judged on the record before verification (default: yes). */
  keep?(op: KeepQuestion): boolean
  /**
   * A first look at a record write before it is decoded (its raw DAG-CBOR): false drops the op as
   * `keep` would have, and saves decoding it; anything else goes on to `keep` with the decoded
   * record. Only worth having for a collection most of whose records are dropped (Bluesky posts at
   * the labeler).
   */
  keepRaw?(op: Omit<KeepQuestion, 'record'>, record: Uint8Array): boolean
  /**
   * The part of the keep rule that needs only an op's collection and repo (a follow is kept only
   * when its author is a participant): false when no op of that collection by that repo can be
   * kept. Asked before the commit is decoded, at the same point of the pipeline as `keep`, so the
   * network's other follows cost a peek at the frame instead of a decoded CAR.
   */
  mayKeep?(collection: string, did: string): boolean
  /**
   * Whether an op of this collection by this repo is kept whatever its record holds (unless it is
   * invalid): its repo's signing key is then looked up as soon as the commit is queued. Only for what
   * is surely kept: a look-up for a commit that is then dropped is a DID directory request spent on
   * a stranger (default: no early look-ups).
   */
  willKeep?(collection: string, did: string): boolean
  /**
   * A first look at each record write of ours as its commit arrives, in stream order, before the
   * commits queued ahead of it are judged: true drops it there, and a commit whose every op is
   * dropped so is dropped unread (never queued, decoded or judged again), as one outside our
   * collections is. Only for a rule that needs nothing the commits ahead may bring (a post's embed),
   * or that counts what they may (the appview counts the companion posts of videos still queued):
   * anything else is false, and `keepRaw` and `keep` judge it with its batch. Asked of every write of
   * ours that reaches this thread, so a rule may note what arrives (a video's companion post) for its
   * own answers (with set rules on an arrival thread, which stand for it, it is not asked of the frames
   * that thread judged, nor is anything else the service keeps noted here); its answer is not used while a
   * backfill runs (the state it imports comes before the stream queued meanwhile), nor while a commit
   * of ours that could not be read so waits in the queue (the rule has not seen what it brings).
   */
  dropOnArrival?(op: Omit<KeepQuestion, 'record'>, record: Uint8Array): boolean
  /**
   * Drop rules that need nothing but the record (see RawDropRule): judged where frames arrive, before
   * `dropOnArrival` (which never sees a write they drop), and, with an arrival thread, on that thread,
   * so that the frames they drop never reach this one. Only for what `keepRaw` and `keep` would drop
   * whatever the service holds.
   */
  readonly arrivalDrops?: readonly RawDropRule[]
  /**
   * Drop rules that read sets the service grows (see ArrivalSets): with an arrival thread, judged there
   * as frames arrive, standing for `dropOnArrival` (which is then not asked of what they judged; a
   * handler giving set rules gives dropOnArrival too, for the frames read without a thread). Only for
   * what `keepRaw` and `keep` would drop whatever the commits queued ahead bring: the sets must hold
   * what the service counts, and their growth rules add what those commits bring as they arrive.
   */
  readonly arrivalSets?: ArrivalSets
  /** Applies a batch (verified commits, account, identity and sync events), in stream order. */
  applyBatch(batch: IngestBatch): Promise<void>
  /**
   * The at-uris of the records of a repo the service holds, in its collections: a re-imported repo
   * (#sync) hands the service a delete for each one the repo no longer has. Without it, a re-sync
   * only adds and updates.
   */
  heldRecords?(tx: Kysely<any>, did: string): Promise<string[]>
}

export interface FirehoseIngesterOptions {
  /** ws(s) URL of a PDS or relay serving com.atproto.sync.subscribeRepos. */
  service: string
  /** The service's database (any schema with the ingest tables: ingest_cursor, dead_letter, repo_state, did_document). */
  db: Kysely<any>
  /** Reads that must not wait for the ingester's own transactions (Database.reads; default: db). */
  reads?: Kysely<any>
  /** Name of this stream's row in ingest_cursor. */
  stream?: string
  idResolver: IdResolver
  /** For fetches from the PDSes DID documents name (a repo import's getRepo); default: one that reaches no private address. */
  outbound?: OutboundClient
  handler: IngestHandler
  logger: Logger
  /** Threads that check signatures (0: on the main thread). */
  verifyWorkers?: number
  /**
   * Read the socket on a thread of its own, which drops there what the handler's plain and set rules
   * drop (see ArrivalThread, IngestHandler.arrivalSets). Off unless asked: each service's configuration
   * decides (arrivalThreadConfig: on; measured with bench/ingest.ts, it gains every service events/s
   * while behind, for 30–40 MB more at the peak).
   */
  arrivalThread?: boolean
  /** Queue bounds: the socket pauses when either is reached. */
  maxQueuedEvents?: number
  maxQueuedBytes?: number
  /** Most events per batch (one transaction each). */
  maxBatch?: number
  /** Log a progress line this often while behind (ms). */
  progressEveryMs?: number
  /** How often the writer looks for repos another process marked for re-import (default RESYNC_POLL_MS). */
  resyncPollMs?: number
  /**
   * When to import every repo holding our collections before following the stream (see backfill.ts):
   * 'auto' (the default) when no cursor is saved, 'always' at every start, 'never' (replay the
   * stream from the oldest event the source holds instead).
   */
  backfill?: BackfillMode
  /** Repos imported at once by backfill. */
  backfillConcurrency?: number
}

/** Runs what a batch asked to run once it committed; one that throws is logged, not the batch's failure. */
export function runCommitted(fns: readonly (() => void)[], logger?: Logger): void {
  for (const fn of fns) {
    try {
      fn()
    } catch (err) {
      logger?.warn({ err }, 'work after an ingestion batch committed failed')
    }
  }
}

/**
 * Applies a batch through the service's handler; an event whose handler finds it can never succeed
 * (UnprocessableEventError) becomes a dead letter and the rest goes on. The stream and repo imports
 * both apply batches this way; `origin` says where an event came from (its seq, its frame), and
 * `afterCommit` keeps what the handler asks to run once the caller's transaction has committed.
 */
export async function applyBatchFilingLetters(
  handler: IngestHandler,
  tx: Kysely<any>,
  events: FirehoseEvent[],
  origin: (evt: FirehoseEvent) => Pick<DeadLetter, 'seq' | 'frame'>,
  afterCommit: (fn: () => void) => void,
): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = []
  if (events.length === 0) return letters
  await handler.applyBatch({
    events,
    tx,
    afterCommit,
    each: async (fn) => {
      let since = performance.now()
      for (const evt of events) {
        // Let the socket be read now and then while a batch is applied (awaits on the database are
        // microtasks, which never let I/O in): the source keeps sending into our queue meanwhile
        // instead of waiting on a full TCP window until the batch is done.
        if (performance.now() - since > YIELD_EVERY_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve))
          since = performance.now()
        }
        try {
          await fn(evt)
        } catch (err) {
          if (!(err instanceof UnprocessableEventError)) throw err
          letters.push({ ...origin(evt), did: evt.did, subject: 'uri' in evt ? evt.uri : evt.did, reason: err.name, detail: err.message })
        }
      }
    },
  })
  return letters
}

/** A batch holds at most this many times `maxBatch` events, those its rules drop included. */
const BATCH_SPAN = 4

/** How long applying a batch runs before it lets other work (reading the socket) in. */
const YIELD_EVERY_MS = 5

/** What the ingester has done since start, for tests, logs and the status method. */
export interface IngestStats {
  startCursor: number | undefined
  /** Lowest and highest seq applied since start. */
  firstSeq: number | undefined
  lastSeq: number | undefined
  /** Events handed to the handler. */
  handled: number
  /** Frames the source re-sent at or below what we already had. */
  replaysDropped: number
  /** Events filed as dead letters since start. */
  failed: number
  /** Commits not applied because we already hold a newer rev of their repo. */
  staleCommits: number
  /** Commits whose ops we kept and verified. */
  verified: number
  /** Of those, commits whose verdict was ready when their batch came (see EarlyVerifier). */
  verifiedEarly: number
  /** Batches applied (transactions committed). */
  batches: number
  /** Highest seq the source has sent us. */
  headSeq: number | undefined
  /** When the event at the cursor happened, by the source's clock. */
  cursorTime: string | undefined
  /** The source said our cursor was older than it keeps (events were missed: backfill must cover them). */
  outdatedCursor: boolean
}

/** What a dropped frame keeps of its bytes: nothing (it is only a seq and a time now). */
const NOTHING = new Uint8Array(0)

/**
 * A queued frame's own copy of its bytes. A websocket message is a view into the socket read it came
 * in (64 KB allocated for each); queued frames far apart in the stream (most frames between them are
 * dropped as they arrive) would each hold a read of their own: up to 2,000 of them, 128 MB
 * (measured, bench/ingest.ts: peak 411–422 MB without the copy, 380–401 MB with it). A copy holds its
 * few kilobytes only, and the batch then need not copy it again (see detachFrame). Copying into
 * shared slabs instead was slower (feed generator 23,300 against 29,900 events/s, median of three).
 */
function owned(data: Uint8Array): Uint8Array {
  return data.byteLength === data.buffer.byteLength ? data : data.slice()
}

interface Queued {
  raw: Uint8Array
  frame?: Exclude<FirehoseFrame, { t: 'info' | 'error' }>
  /**
   * Commits the prefilter dropped (only their seq and time were read): a run of them in a row is one
   * item, standing for `events` frames, with the last one's seq and time.
   */
  dropped?: { seq: number; time: string }
  events?: number
  /** A commit with ops in our collections, not decoded yet: the repo-level keep rule may still drop it. */
  peeked?: CommitPeek
  error?: MalformedFrameError
}

/**
 * Follows a repo firehose into a service's database, filter first: a commit's ops are matched to
 * the service's collections before its CAR is read, records are decoded only for ops in those
 * collections, and only commits the service keeps are verified (MST proofs and signature, see
 * repo/). Nothing is ever skipped: a failed key look-up or a busy database retries the batch with
 * backoff and holds the cursor below it; only an event that can never succeed becomes a dead
 * letter, with its reason and raw frame. The socket pauses when the queue is full, batches are
 * applied in one transaction each with the cursor saved in it, and a repo's commits are applied in
 * order (batches are applied one at a time, in stream order).
 */
export class FirehoseIngester {
  readonly stats: IngestStats = {
    startCursor: undefined,
    firstSeq: undefined,
    lastSeq: undefined,
    handled: 0,
    replaysDropped: 0,
    failed: 0,
    staleCommits: 0,
    verified: 0,
    verifiedEarly: 0,
    batches: 0,
    headSeq: undefined,
    cursorTime: undefined,
    outdatedCursor: false,
  }
  private readonly abort = new AbortController()
  private readonly filter: CollectionFilter
  /** Whether a collection is one of ours (made once: asked of every frame). */
  private readonly wants = (collection: string) => this.filter.matches(collection)
  private readonly keys: RepoKeys
  private readonly documents: DidDocumentStore
  private readonly verifier: CommitVerifier
  private readonly early: EarlyVerifier
  private readonly tracker = new CursorTracker()
  private readonly queue: BoundedQueue<Queued>
  private readonly socket: FrameSource
  private readonly arrivalThread?: ArrivalThread
  /** The handler's drop rules that need only the record, judged on this thread (none: the arrival thread judges them). */
  private readonly arrivalDrops: readonly RawDropRule[]
  private readonly rate = new RateMeter()
  private readonly stream: string
  /** Seq of the last frame queued; undefined while following live from an unknown position (backfill). */
  private lastQueued: number | undefined = 0
  /** Connections opened without a cursor: each is a new live position, and backfill must cover up to it. */
  private liveAnchors = 0
  private readonly importer: RepoImporter
  private readonly resync: ResyncQueue
  private backfill?: Backfill
  /** A backfill is importing: what arrives meanwhile comes after what it imports, and is not judged on arrival. */
  private importsFirst = false
  /** A backfill is finding its repos: the socket pauses once the stream's position is taken (see releaseHold). */
  private holdAfterAnchor = false
  /**
   * Seqs of queued commits of ours the arrival rule could not read (an odd shape, a CAR without the
   * record): until their batch has judged them, nothing is dropped on arrival, since a rule that
   * counts what the commits ahead may bring (a video's people, a grant's holder) has not seen them.
   */
  private readonly unreadAhead = new Set<number>()
  /** The arrival thread judges the handler's set rules (IngestHandler.arrivalSets), standing for dropOnArrival. */
  private readonly setsOnThread: boolean
  /** Seq of the last frame taken from the queue and judged. */
  private lastJudged: number | undefined
  private savedCursor: number | undefined
  private resetting = false
  private loop?: Promise<void>
  private progressTimer?: NodeJS.Timeout
  private resyncTimer?: NodeJS.Timeout

  private readonly db: Kysely<IngestSchema>

  constructor(private readonly opts: FirehoseIngesterOptions) {
    this.db = opts.db as Kysely<IngestSchema>
    this.stream = opts.stream ?? 'firehose'
    this.filter = new CollectionFilter(opts.handler.collections)
    // The documents of the repos it verifies are kept with what it indexed: a restart does not look them all up again.
    this.documents = new DidDocumentStore(opts.reads ?? opts.db)
    this.keys = new RepoKeys(opts.idResolver, this.documents)
    this.verifier = createVerifier(opts.verifyWorkers ?? 0)
    this.early = new EarlyVerifier({ keys: this.keys, verifier: this.verifier, filter: this.filter })
    this.queue = new BoundedQueue<Queued>(
      { maxItems: opts.maxQueuedEvents ?? 2_000, maxBytes: opts.maxQueuedBytes ?? 16 * 1024 * 1024 },
      (q) => q.raw.byteLength,
      { pause: () => this.socket.pause('queue'), resume: () => this.socket.resume('queue') },
    )
    this.importer = new RepoImporter({
      db: opts.db,
      handler: opts.handler,
      filter: this.filter,
      idResolver: opts.idResolver,
      outbound: opts.outbound ?? new OutboundClient(),
      maxBatch: opts.maxBatch ?? 1_000,
      signal: this.abort.signal,
    })
    this.resync = new ResyncQueue({ db: opts.db, importer: this.importer, logger: opts.logger, signal: this.abort.signal })
    // The firehose URL is operator configuration, not a host the network names: no outbound guard.
    const arrivalDrops = opts.handler.arrivalDrops ?? []
    // Judged where frames are read: on the arrival thread when there is one (frames it passes on were not dropped by them).
    this.arrivalDrops = opts.arrivalThread ? [] : arrivalDrops
    this.setsOnThread = !!(opts.arrivalThread && opts.handler.arrivalSets && opts.handler.dropOnArrival)
    const holdAfterAnchor = () => {
      if (this.holdAfterAnchor && this.lastQueued !== undefined) this.socket.pause('backfill')
    }
    if (opts.arrivalThread) {
      this.socket = this.arrivalThread = new ArrivalThread({
        service: opts.service,
        collections: opts.handler.collections,
        rules: arrivalDrops,
        // Its set rules wait for what this thread has yet to judge: frames passed on unread (see unreadAhead), a backfill.
        sets: this.setsOnThread
          ? {
              sets: opts.handler.arrivalSets!,
              unread: () => [...this.unreadAhead],
              judging: () => !this.importsFirst,
              // A restarted thread waits until the last frame received is judged, as if it could not have been read.
              restarting: () => {
                if (this.lastQueued !== undefined && (this.lastJudged === undefined || this.lastJudged < this.lastQueued)) this.unreadAhead.add(this.lastQueued)
              },
            }
          : undefined,
        cursor: () => this.lastQueued,
        onFrame: (data) => this.receive(data),
        onDropped: (run) => this.receiveDropped(run.seq, run.time, run.events),
        onReplays: (count) => void (this.stats.replaysDropped += count),
        onLive: () => void this.liveAnchors++,
        afterFrames: holdAfterAnchor,
        logger: opts.logger,
      })
    } else {
      this.socket = new FirehoseSocket({
        url: () => this.subscribeUrl(),
        onMessage: (data) => {
          this.receive(data)
          holdAfterAnchor()
        },
        logger: opts.logger,
      })
    }
  }

  /** Starts following the stream from the saved cursor; resolves once connecting has begun. */
  async start(): Promise<void> {
    // With no saved cursor, start from the oldest event the source still holds (seq 0), not live:
    // a new service on a local network must see the records written before it started.
    const row = await this.db.selectFrom('ingest_cursor').select('cursor').where('stream', '=', this.stream).executeTakeFirst()
    const mode = this.opts.backfill ?? 'auto'
    const backfill = mode === 'always' || (mode === 'auto' && !row)
    // Backfilling with no saved cursor: follow live from now (the repos hold everything before it).
    const cursor = row ? Number(row.cursor) : backfill ? undefined : 0
    this.stats.startCursor = cursor
    this.savedCursor = cursor
    this.lastQueued = cursor
    this.tracker.reset(cursor)
    // Verification workers first (for a few seconds at most): frames read before they can verify wait in the queue.
    await Promise.all([this.verifier.ready(), this.arrivalThread?.ready()])
    this.opts.logger.info({ source: this.opts.service, cursor, backfill }, 'firehose ingestion starting')
    // Before the socket starts: the arrival thread's set rules wait for the import too.
    this.importsFirst = backfill
    this.socket.start()
    if (backfill) {
      this.holdAfterAnchor = true
      this.backfill = new Backfill({
        db: this.opts.db,
        importer: this.importer,
        // The firehose's own host (operator configuration): listing repos there needs no outbound guard.
        source: this.opts.service.replace(/^ws/, 'http'),
        collections: this.opts.handler.collections,
        logger: this.opts.logger,
        signal: this.abort.signal,
        concurrency: this.opts.backfillConcurrency,
        onDiscovered: () => this.releaseHold(),
      })
    }
    this.loop = this.backfillThenRun()
    this.progressTimer = setInterval(() => this.logProgress(), this.opts.progressEveryMs ?? 10_000)
    this.progressTimer.unref()
    // Repos marked for re-import by another process (replayed dead letters): read from the partial index.
    this.resyncTimer = setInterval(() => {
      if (!this.backfill || this.backfill.stats.state === 'done') void this.resync.requestMarked().catch((err) => this.opts.logger.warn({ err }, 'could not list repos to re-sync'))
    }, this.opts.resyncPollMs ?? RESYNC_POLL_MS)
    this.resyncTimer.unref()
  }

  /** Highest seq below which every event has been applied (and saved). */
  get cursor(): number | undefined {
    return this.savedCursor
  }

  private subscribeUrl(): string {
    const url = new URL('/xrpc/com.atproto.sync.subscribeRepos', this.opts.service.replace(/^http/, 'ws'))
    // Ask for what we have not queued yet: frames already in the queue will be applied. Always with
    // a cursor, 0 included: without one a source sends only live events — which is what a backfill
    // that has not seen a frame yet wants (what came before is in the repos it imports).
    if (this.lastQueued === undefined) this.liveAnchors++
    else url.searchParams.set('cursor', String(this.lastQueued))
    return url.toString()
  }

  /** Whether the source sent again a frame we already queued. */
  private isReplay(seq: number): boolean {
    return this.lastQueued !== undefined && seq <= this.lastQueued
  }

  /**
   * Backfills (when asked) while the socket queues what happens meanwhile, then applies the stream.
   * If the socket had to connect live again before any frame came (its position is lost), what
   * happened in between is covered by importing again: getRepo answers with the repos' state now.
   */
  private async backfillThenRun(): Promise<void> {
    if (this.backfill) {
      await this.waitForConnection()
      for (let round = 0; !this.abort.signal.aborted; round++) {
        const anchors = this.liveAnchors
        try {
          await this.backfill.run()
        } catch (err) {
          if (!(err instanceof DiscoveryNotOfferedError)) throw err
          // A source that cannot list its repos (a replay server, a bare firehose): read its whole
          // history instead, as with backfill turned off.
          this.opts.logger.warn({ err: err.message }, 'backfill: the source lists no repos; replaying the stream from its oldest event instead')
          this.releaseHold()
          this.replayFromStart()
          break
        }
        if (this.liveAnchors === anchors || this.abort.signal.aborted) break
        this.opts.logger.warn({ round }, 'backfill: the stream connected live again before its first event; importing again to cover the gap')
      }
      this.importsFirst = false
      this.arrivalThread?.judging(true)
      this.releaseHold()
      if (this.abort.signal.aborted) return
    }
    await this.resync.requestMarked().catch((err) => this.opts.logger.error({ err }, 'could not list repos to re-sync'))
    await this.run()
  }

  /**
   * Lets the live socket read on after a backfill's discovery. Until the repos are found the stream's
   * first frame (its position) is all a backfill needs of it: reading on would only fill the queue
   * with frames that wait for the import, or that are thrown away when the source lists no repos and
   * the stream is read again from its start. The queue's own bound still applies after.
   */
  private releaseHold(): void {
    this.holdAfterAnchor = false
    this.socket.resume('backfill')
  }

  /** Drops what the live connection queued and reads the stream again from seq 0. */
  private replayFromStart(): void {
    this.queue.clear()
    this.early.clear()
    this.unreadAhead.clear()
    this.lastJudged = undefined
    this.lastQueued = 0
    this.savedCursor = 0
    this.stats.startCursor = 0
    this.tracker.reset(0)
    this.socket.reconnect('replaying from the start of the stream', { now: true })
  }

  /** Waits (up to 10 s) for the live socket to be open, so that backfill starts after the stream's position is taken. */
  private async waitForConnection(): Promise<void> {
    for (let waited = 0; !this.socket.connected && waited < 10_000 && !this.abort.signal.aborted; waited += 50) {
      await sleep(50, this.abort.signal).catch(() => undefined)
    }
    if (!this.socket.connected) this.opts.logger.warn('backfill: starting before the stream connected; a later reconnect is covered by importing again')
  }

  /** A websocket message: decoded enough to know its seq, then queued (or handled at once if it is about the connection). */
  private receive(data: Uint8Array): void {
    if (this.resetting) return
    const peeked = peekFrame(data, this.wants)
    if (peeked) {
      const { peek, read: body } = peeked
      if (!this.arrived(peek.seq, 1)) return
      if (!peek.wanted) return this.queueDropped(peek.seq, peek.time)
      // Ops the handler can judge now (see IngestHandler.dropOnArrival): most of the network's likes
      // and posts go no further than this read of their frame.
      const read = (this.opts.handler.dropOnArrival || this.arrivalDrops.length > 0) && body && isCommitFrame(data) ? opsWithRecords(this.filter, body) : undefined
      if (read && dropsEveryOp(this.arrivalDrops, read)) return this.queueDropped(peek.seq, peek.time)
      if (this.opts.handler.dropOnArrival && !read) this.unreadAhead.add(peek.seq)
      // Set rules on the arrival thread judged it there, with at least what dropOnArrival knows here: asked again, it would drop nothing more.
      if (read && !this.setsOnThread && this.dropsOnArrival(read, peek.repo!)) return this.queueDropped(peek.seq, peek.time)
      // A commit we will surely keep is verified now, while it waits in the queue (its repo's key
      // looked up first): its batch then finds the verdict ready instead of waiting for the DID
      // directory and the workers (see EarlyVerifier).
      const raw = owned(data)
      if (this.willKeepPeeked(peek)) {
        // Its check reads the frame's own copy: a view of what the socket read would hold all of it until done.
        if (isCommitFrame(data)) this.early.start(peek.seq, peek.repo!, body && rebased(body, data, raw))
        else this.keys.prefetch(peek.repo!)
      }
      this.queue.push({ raw, peeked: peek })
      return
    }
    let frame: FirehoseFrame
    try {
      frame = decodeFrame(data)
    } catch (err) {
      const error = err instanceof MalformedFrameError ? err : new MalformedFrameError(String(err))
      if (error.seq !== undefined) {
        if (this.isReplay(error.seq)) return void this.stats.replaysDropped++
        this.lastQueued = error.seq
      }
      this.queue.push({ raw: owned(data), error })
      return
    }
    if (frame.t === 'error') return void this.onErrorFrame(frame.error, frame.message)
    if (frame.t === 'info') {
      if (frame.name === 'OutdatedCursor') this.stats.outdatedCursor = true
      this.opts.logger.warn({ name: frame.name, message: frame.message }, 'firehose info')
      return
    }
    if (frame.seq !== undefined) {
      if (this.isReplay(frame.seq)) return void this.stats.replaysDropped++
      this.lastQueued = frame.seq
      this.stats.headSeq = Math.max(this.stats.headSeq ?? 0, frame.seq)
    }
    if (frame.t === 'identity') this.early.identityReceived(frame.did, frame.seq)
    if (frame.t === 'commit' && this.opts.handler.dropOnArrival) this.unreadAhead.add(frame.seq)
    // Its decoded parts point into `data`: detachFrame copies what its batch keeps (few such frames).
    this.queue.push({ raw: data, frame })
  }

  /**
   * Queues a frame dropped unread. Most of the network's frames are: one after another they fold into
   * one queue item (nothing else happened in between, so the cursor may pass them all at once),
   * sparing each its own trip through the queue, the batch and the cursor's bookkeeping.
   */
  private queueDropped(seq: number, time: string, events = 1): void {
    const tail = this.queue.last()
    if (tail?.dropped && tail.raw === NOTHING && !tail.frame && !tail.peeked && !tail.error) {
      tail.dropped = { seq, time }
      tail.events = (tail.events ?? 1) + events
      return
    }
    this.queue.push({ raw: NOTHING, dropped: { seq, time }, events })
  }

  /** A run of frames the arrival thread dropped (see ArrivalThread): the last one's seq and time, and how many. */
  private receiveDropped(seq: number, time: string, events: number): void {
    if (this.resetting || !this.arrived(seq, events)) return
    this.queueDropped(seq, time, events)
  }

  /** Notes that the stream reached `seq` (`events` frames up to it); false, and counted, when the source sent it before. */
  private arrived(seq: number, events: number): boolean {
    if (this.isReplay(seq)) {
      this.stats.replaysDropped += events
      return false
    }
    this.lastQueued = seq
    this.stats.headSeq = Math.max(this.stats.headSeq ?? 0, seq)
    return true
  }

  /**
   * A commit with ops in our collections: dropped when the repo-level keep rule keeps none of them
   * (judged now, with the participants as of the batch before, as the record-level rule is), else
   * decoded.
   */
  private decodePeeked(q: Queued & { peeked: CommitPeek }): Queued {
    const { peeked } = q
    // A commit surely kept (willKeep) is not asked of the raw-record rule: it could not drop it.
    if (!this.mayKeepPeeked(peeked) || (!this.willKeepPeeked(peeked) && this.dropsRaw(q.raw, peeked.repo!))) return { raw: NOTHING, dropped: peeked }
    try {
      const frame = decodeFrame(q.raw)
      if (frame.t === 'error' || frame.t === 'info') throw new MalformedFrameError('a #commit frame decoded as something else', peeked.seq)
      return { raw: q.raw, frame }
    } catch (err) {
      const error = err instanceof MalformedFrameError ? err : new MalformedFrameError(String(err), peeked.seq)
      return { raw: q.raw, error: error.seq === undefined ? new MalformedFrameError(error.message, peeked.seq, error.did) : error }
    }
  }

  /**
   * Whether the raw-record rule (IngestHandler.keepRaw) drops every op of ours in a peeked commit,
   * read straight from the frame: the network's likes and replies are mostly dropped this way, and
   * their frames are then never decoded. An op it cannot judge so (a delete, a record missing from
   * the CAR, a frame of an odd shape) sends the commit on to the full decode, which judges it as before.
   */
  private dropsRaw(raw: Uint8Array, repo: string): boolean {
    const keepRaw = this.opts.handler.keepRaw
    const read = keepRaw && this.readRawOps(raw)
    if (!read) return false
    let dropped = true
    for (let i = 0; i < read.ours.length && dropped; i++) dropped = this.judgeRaw(read, i, repo, (op, record) => keepRaw.call(this.opts.handler, op, record) === false)
    return dropped
  }

  /**
   * Whether the handler drops every op of ours of a commit as it arrives (IngestHandler.dropOnArrival);
   * each is asked, so that the handler sees every write of ours in stream order.
   */
  private dropsOnArrival(read: RawOps, repo: string): boolean {
    const dropOnArrival = this.opts.handler.dropOnArrival!
    let dropped = true
    for (let i = 0; i < read.ours.length; i++) if (!this.judgeRaw(read, i, repo, (op, record) => dropOnArrival.call(this.opts.handler, op, record))) dropped = false
    return dropped && !this.importsFirst && this.unreadAhead.size === 0
  }

  /** A raw-record rule's answer for one op of a commit read from its frame (false when the op has no record to judge). */
  private judgeRaw(read: RawOps, i: number, repo: string, rule: (op: Omit<KeepQuestion, 'record'>, record: Uint8Array) => boolean): boolean {
    const op = read.ours[i]!
    const record = read.records[i]
    if (!record || (op.action !== 'create' && op.action !== 'update')) return false
    const { collection, rkey } = splitPath(op.path)
    return rule({ did: repo, collection, rkey, action: op.action }, record)
  }

  /**
   * A commit's ops of ours and their records, read from its frame without decoding it; undefined
   * when it cannot be read so (not a #commit frame of the usual shape, a CAR that does not read up
   * to its records, no op of ours): the full decode judges it, and files what is wrong with it.
   */
  private readRawOps(raw: Uint8Array): RawOps | undefined {
    if (!isCommitFrame(raw)) return undefined
    const read = peekCommitOps(raw.subarray(COMMIT_HEADER.length))
    return read && opsWithRecords(this.filter, read)
  }

  /** Whether the repo-level keep rule may keep any op of a peeked commit (see IngestHandler.mayKeep). */
  private mayKeepPeeked(peeked: CommitPeek): boolean {
    const mayKeep = this.opts.handler.mayKeep
    return !mayKeep || peeked.collections!.some((collection) => mayKeep.call(this.opts.handler, collection, peeked.repo!))
  }

  /** Whether some op of a peeked commit is surely kept (see IngestHandler.willKeep). */
  private willKeepPeeked(peeked: CommitPeek): boolean {
    const willKeep = this.opts.handler.willKeep
    return !!willKeep && peeked.collections!.some((collection) => willKeep.call(this.opts.handler, collection, peeked.repo!))
  }

  private onErrorFrame(error: string, message: string | undefined): void {
    if (error === 'FutureCursor') {
      // Our cursor is ahead of the source: it was reset (a new local network starts at seq 0).
      this.opts.logger.warn({ cursor: this.savedCursor }, 'cursor is in the future of the source; replaying from its start')
      this.resetting = true
      this.queue.interrupt()
      return
    }
    this.opts.logger.warn({ error, message }, 'firehose error frame')
  }

  /** The main loop: take a batch, prepare and verify it while the previous one is applied, apply in order. */
  private async run(): Promise<void> {
    const signal = this.abort.signal
    const maxBatch = this.opts.maxBatch ?? 1_000
    let next: Promise<Prepared[] | undefined> | undefined
    while (!signal.aborted) {
      if (this.resetting) {
        await next?.catch(() => undefined)
        next = undefined
        await this.resetToStart()
        continue
      }
      const current = await (next ?? this.prepareNext(maxBatch))
      next = undefined
      if (signal.aborted) break
      if (!current) continue
      // Start on the next batch (decode, keys, signatures on the workers) while this one is written.
      next = this.queue.length > 0 ? this.prepareNext(maxBatch) : undefined
      await this.applyInOrder(current)
    }
  }

  /**
   * Takes the next batch from the queue and prepares it (decode, keep rules, signatures). `maxBatch`
   * bounds the events the batch hands to the service; the events the filter and keep rules drop ride
   * along, up to BATCH_SPAN times as many events in all, as long as the queue has them. Most of the
   * network's events are dropped, and a transaction costs mostly the index pages its writes touch
   * (written again to the log at every commit): fewer, fuller transactions write fewer of them.
   */
  private async prepareNext(maxBatch: number): Promise<Prepared[] | undefined> {
    const rules = { filter: this.filter, keep: this.opts.handler.keep?.bind(this.opts.handler), keepRaw: this.opts.handler.keepRaw?.bind(this.opts.handler) }
    const entries: Prepared[] = []
    let kept = 0
    for (let want = maxBatch; want > 0; want = Math.min(maxBatch - kept, maxBatch * BATCH_SPAN - entries.length)) {
      // The first take waits for an event; later ones take only what is queued already.
      if (entries.length > 0 && this.queue.length === 0) break
      const taken = await this.queue.take(want, this.abort.signal)
      if (taken.length === 0) break
      for (const item of taken) {
        const entry = this.prepareOne(item, rules)
        if (entry.seq !== undefined) this.lastJudged = entry.seq
        if (this.unreadAhead.size > 0 && entry.seq !== undefined && this.unreadAhead.delete(entry.seq)) this.arrivalThread?.judged(entry.seq)
        if (entry.kind !== 'skip') kept++
        const early = entry.seq !== undefined ? this.early.take(entry.seq) : undefined
        if (early && entry.kind === 'commit' && covers(early.claims, entry.job.claims)) entry.early = early.result
        entries.push(entry)
      }
    }
    if (entries.length === 0) return undefined
    for (const e of entries) if (e.seq !== undefined && e.seq >= 0) this.tracker.add(e.seq)
    this.early.flush()
    await verifyPrepared(entries, { keys: this.keys, verifier: this.verifier, logger: this.opts.logger, signal: this.abort.signal, stats: this.stats })
    return entries
  }

  private prepareOne(item: Queued, rules: KeepRules): Prepared {
    const q = item.peeked ? this.decodePeeked(item as Queued & { peeked: CommitPeek }) : item
    if (q.dropped) return { kind: 'skip', seq: q.dropped.seq, time: q.dropped.time, events: q.events }
    if (q.error || !q.frame) {
      const err = q.error!
      return { kind: 'dead', seq: err.seq, time: '', letter: { seq: err.seq ?? null, did: err.did ?? null, subject: err.did ?? null, reason: 'MalformedFrame', detail: err.message, frame: q.raw } }
    }
    try {
      return detachFrame(prepareFrame(q.frame, q.raw, rules), q.raw)
    } catch (err) {
      // A keep rule or decoder bug must not take the pipeline down: the event is set aside, loudly.
      this.opts.logger.error({ err, seq: 'seq' in q.frame ? q.frame.seq : undefined }, 'could not prepare an event')
      const seq = 'seq' in q.frame ? q.frame.seq : undefined
      return { kind: 'dead', seq, time: '', letter: { seq: seq ?? null, did: null, subject: null, reason: 'PrepareFailed', detail: String(err), frame: q.raw } }
    }
  }

  /**
   * Applies a batch, retrying with backoff until it commits: a busy or failing database stalls the
   * stream, it never skips it. A batch that keeps failing is split, so that one poisonous event
   * stalls only itself (and says which it is in the log) while everything before it commits.
   */
  private async applyInOrder(entries: Prepared[]): Promise<void> {
    for (let attempt = 0; !this.abort.signal.aborted; attempt++) {
      try {
        await this.applyOnce(entries)
        return
      } catch (err) {
        const seqs = entries.map((e) => e.seq).filter((s): s is number => s !== undefined && s >= 0)
        this.opts.logger.warn({ err, attempt, from: seqs[0], to: seqs.at(-1) }, 'could not apply a batch; retrying')
        if (attempt >= 2 && entries.length > 1) {
          const half = Math.ceil(entries.length / 2)
          await this.applyInOrder(entries.slice(0, half))
          await this.applyInOrder(entries.slice(half))
          return
        }
        await sleep(backoffMs(attempt, 200, 30_000), this.abort.signal).catch(() => undefined)
      }
    }
  }

  private async applyOnce(entries: Prepared[]): Promise<void> {
    const lastSeq = Math.max(...entries.map((e) => e.seq ?? -1))
    const last = entries.findLast((e) => e.seq === lastSeq)
    const committed: (() => void)[] = []
    const result = await this.db.transaction().execute(async (tx) => {
      const letters: DeadLetter[] = []
      const events: FirehoseEvent[] = []
      const frames = new Map<FirehoseEvent, Uint8Array>()
      const dids = [...new Set(entries.flatMap((e) => (e.kind === 'commit' || e.kind === 'sync' ? [e.did] : [])))]
      const held = new Map<string, string>()
      if (dids.length > 0) {
        for (const row of await tx.selectFrom('repo_state').select(['did', 'rev']).where('did', 'in', dids).execute()) held.set(row.did, row.rev)
      }
      const revs = new Map<string, { rev: string; needsResync: number }>()
      const resyncs: string[] = []
      let stale = 0
      for (const e of entries) {
        if (e.kind === 'dead') letters.push(e.letter)
        else if (e.kind === 'event') events.push(e.event)
        else if (e.kind === 'commit' || e.kind === 'sync') {
          if (e.verdict && !e.verdict.ok) {
            letters.push({ seq: e.seq, did: e.did, subject: e.kind === 'commit' ? (e.events[0]?.uri ?? e.did) : e.did, reason: e.verdict.reason, detail: e.verdict.message, frame: e.frame })
            continue
          }
          const have = held.get(e.did)
          if (have !== undefined && e.rev <= have) {
            stale++
            continue
          }
          held.set(e.did, e.rev)
          if (e.kind === 'commit') {
            revs.set(e.did, { rev: e.rev, needsResync: revs.get(e.did)?.needsResync ?? 0 })
            for (const evt of e.events) {
              events.push(evt)
              frames.set(evt, e.frame)
            }
          } else {
            revs.set(e.did, { rev: e.rev, needsResync: 1 })
            resyncs.push(e.did)
            events.push({ event: 'sync', seq: e.seq, time: e.time, did: e.did, rev: e.rev })
          }
        }
      }
      letters.push(
        ...(await applyBatchFilingLetters(this.opts.handler, tx, events, (evt) => ({ seq: evt.seq, frame: frames.get(evt) ?? null }), (fn) => committed.push(fn))),
      )
      const updatedAt = new Date().toISOString()
      const rows = [...revs].map(([did, state]) => ({ did, rev: state.rev, needsResync: state.needsResync, updatedAt }))
      for (const chunk of fixedSizeChunks(rows, 1000)) {
        // A few statements per batch; a commit never clears a pending re-sync, a #sync sets it.
        await tx
          .insertInto('repo_state')
          .values(chunk)
          .onConflict((oc) =>
            oc.column('did').doUpdateSet({
              rev: (eb) => eb.ref('excluded.rev'),
              updatedAt: (eb) => eb.ref('excluded.updatedAt'),
              needsResync: sql<number>`case when excluded."needsResync" = 1 then 1 else repo_state."needsResync" end`,
            }),
          )
          .execute()
      }
      await fileDeadLetters(tx, letters.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)))
      // Documents fetched since the last batch are kept; those an #identity event changed are not.
      const documentsWritten = await this.documents.write(tx, [...new Set(events.flatMap((e) => (e.event === 'identity' ? [e.did] : [])))])
      if (lastSeq >= 0) {
        await tx
          .insertInto('ingest_cursor')
          .values({ stream: this.stream, cursor: lastSeq, updatedAt })
          .onConflict((oc) => oc.column('stream').doUpdateSet({ cursor: lastSeq, updatedAt }).where('ingest_cursor.cursor', '<', lastSeq))
          .execute()
      }
      return { letters, events, stale, resyncs, documentsWritten }
    })
    // Committed: the cursor may pass these events now.
    result.documentsWritten()
    runCommitted(committed, this.opts.logger)
    for (const e of entries) if (e.seq !== undefined && e.seq >= 0) this.tracker.done(e.seq)
    if (lastSeq >= 0) {
      this.savedCursor = Math.max(this.savedCursor ?? 0, this.tracker.cursor ?? lastSeq)
      this.stats.cursorTime = last?.time || this.stats.cursorTime
      this.stats.firstSeq = Math.min(this.stats.firstSeq ?? lastSeq, entries.find((e) => (e.seq ?? -1) >= 0)?.seq ?? lastSeq)
      this.stats.lastSeq = Math.max(this.stats.lastSeq ?? 0, lastSeq)
    }
    this.stats.batches++
    this.stats.handled += result.events.length
    this.stats.failed += result.letters.length
    this.stats.staleCommits += result.stale
    let events = 0
    for (const e of entries) events += e.kind === 'skip' ? (e.events ?? 1) : 1
    this.rate.add(events)
    for (const letter of result.letters) {
      this.opts.logger.warn({ seq: letter.seq, subject: letter.subject, reason: letter.reason, detail: letter.detail }, 'event set aside as a dead letter')
    }
    // A changed DID document: the next commit from it must be checked against the new key.
    for (const evt of result.events) {
      if (evt.event !== 'identity') continue
      await this.keys.forget(evt.did)
      this.early.identityApplied(evt.did, evt.seq)
    }
    // Our copy of these repos is behind (#sync, or a commit too big to carry its ops): import them again.
    for (const did of result.resyncs) this.resync.request(did)
  }

  /** The source was reset: forget our cursor and what is queued, and read it again from its start. */
  private async resetToStart(): Promise<void> {
    await this.db.deleteFrom('ingest_cursor').where('stream', '=', this.stream).execute()
    this.queue.clear()
    this.early.clear()
    this.unreadAhead.clear()
    this.lastJudged = undefined
    this.tracker.reset(0)
    this.lastQueued = 0
    this.savedCursor = 0
    this.resetting = false
    this.socket.reconnect('the source was reset', { now: true })
  }

  /** Cursor, lag, rate, queue and dead letters: what the status method serves. */
  async status() {
    const letters = await deadLetterSummary(this.db)
    const cursor = this.savedCursor ?? null
    const head = this.stats.headSeq ?? null
    const cursorTime = this.stats.cursorTime ? Date.parse(this.stats.cursorTime) : NaN
    return {
      source: this.opts.service,
      connected: this.socket.connected,
      cursor,
      headSeq: head,
      lagEvents: head !== null && cursor !== null ? Math.max(0, head - cursor) : null,
      // Caught up is no lag, however long ago the last event was (a quiet network).
      lagSeconds: Number.isNaN(cursorTime) ? null : head !== null && cursor !== null && cursor >= head ? 0 : Math.max(0, Math.round((Date.now() - cursorTime) / 1000)),
      eventsPerSecond: this.rate.perSecond(),
      queueDepth: this.queue.length,
      queueBytes: this.queue.byteSize,
      paused: this.socket.isPaused,
      handled: this.stats.handled,
      verified: this.stats.verified,
      // Repos' DID documents: fetched from the directory, or read back from what an earlier run kept.
      didDocuments: { fetched: this.keys.counts.fetched, kept: this.keys.counts.fromStore },
      staleCommits: this.stats.staleCommits,
      replaysDropped: this.stats.replaysDropped,
      reconnects: Math.max(0, this.socket.counts.connects - 1),
      outdatedCursor: this.stats.outdatedCursor,
      backfill: { ...(this.backfill?.stats ?? { state: 'none' as const, reposTotal: 0, reposDone: 0, records: 0, failed: 0 }) },
      resyncsPending: this.resync.pending,
      resyncsDone: this.resync.done,
      deadLetters: letters.count,
      recentDeadLetters: letters.recent.map((l) => ({ ...l, seq: l.seq === null ? undefined : Number(l.seq) })),
    }
  }

  private logProgress(): void {
    const lag = (this.stats.headSeq ?? 0) - (this.savedCursor ?? 0)
    const seconds = this.stats.cursorTime ? Math.round((Date.now() - Date.parse(this.stats.cursorTime)) / 1000) : 0
    // Nothing unapplied is no lag, however long ago the last event was (a quiet network).
    if (lag <= 0 || (lag < 1_000 && seconds < 60)) return
    this.opts.logger.info(
      { cursor: this.savedCursor, head: this.stats.headSeq, lagEvents: lag, lagSeconds: seconds, eventsPerSecond: this.rate.perSecond(), queued: this.queue.length, deadLetters: this.stats.failed },
      'catching up with the firehose',
    )
  }

  /** Stops the subscription and waits for the batch in progress; safe to call twice. */
  async destroy(): Promise<void> {
    if (this.abort.signal.aborted) return
    this.opts.logger.info({ ...this.stats, didDocuments: { ...this.keys.counts, pruned: this.documents.pruned } }, 'firehose ingestion stopping')
    this.abort.abort()
    clearInterval(this.progressTimer)
    clearInterval(this.resyncTimer)
    this.socket.close()
    await this.loop?.catch(() => undefined)
    this.early.close()
    await this.verifier.close()
  }
}
