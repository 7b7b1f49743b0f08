import type { IdResolver } from '@atproto/identity'
import type { Kysely } from 'kysely'
import { FRAMEWRIGHT_RECORDS } from '@framewright/lexicons'
import type { FirehoseEvent, KeepQuestion } from '../ingest/events'
import { FirehoseIngester } from '../ingest/ingester'
import type { BackfillMode } from '../ingest/backfill'
import type { RawDropRule } from '../ingest/arrival'
import { ArrivalSets } from '../ingest/arrival-sets'
import type { Logger } from '../logger'
import type { WriterState } from '../db/writer-lock'
import type { Database } from '../db/database'
import type { ServiceRole } from '../roles'
import { OutboundClient } from '../net/client'
import { FollowFetcher } from './follow-fetcher'
import { FOLLOW, InvalidGraphRecord, VideoGraphIndexer, type GraphChange } from './indexer'
import { Participants, type ParticipantReason, type ParticipantSchema } from './participants'
import { GraphWrites } from './graph-writes'
import type { BatchVideosView } from './video-batch'
import { consentForNewVideo, pendingFollows, type DepictionConsent } from './queries'

/** Where a service's ingester reads from. */
export interface IngestSource {
  firehoseUrl: string
  idResolver: IdResolver
  /** For fetches from the PDSes DID documents name (backfill's getRepo); see OutboundClient. */
  outbound?: OutboundClient
  logger: Logger
  /** Threads that check commit signatures (0: on the main thread). */
  verifyWorkers?: number
  /** Read the socket on a thread of its own (see FirehoseIngesterOptions.arrivalThread). */
  arrivalThread?: boolean
  /** Most events per batch (one transaction each). */
  maxBatch?: number
  /** When to import every repo holding our collections before following the stream (default: on an empty database). */
  backfill?: BackfillMode
}

/** A service's database: any schema holding the video graph and ingest tables. */
type GraphDb = Kysely<any>
/** How processes of one service tell each other of a change (see Database.notify and listen). */
type Notes = Pick<Database<unknown>, 'notify' | 'listen'>
/** The note an API replica sends when someone becomes a participant: "<reason> <did>". */
const PARTICIPANTS_TOPIC = 'participants'
const GRANT = FRAMEWRIGHT_RECORDS.likenessGrant

/**
 * A service's video graph: the indexer, the participants whose follows it keeps, and the fetcher
 * of follows the firehose could not have shown it. One per service, built with its context: the
 * ingester writes through it and request handlers (a viewer's first feed, a generation job's
 * consent check) ask it for follows.
 */
export class VideoGraph {
  readonly participants = new Participants()
  readonly follows: FollowFetcher
  readonly indexer: VideoGraphIndexer
  /** What to re-evaluate once someone's follows are fetched (the service's reaction to a change). */
  onChanges?: (changes: GraphChange[], tx: Kysely<any>) => Promise<void>

  private readonly db: GraphDb
  private readonly notes?: Notes
  private readonly logger: Logger

  constructor(opts: { db: GraphDb; idResolver: IdResolver; outbound?: OutboundClient; logger: Logger; notes?: Notes }) {
    this.db = opts.db
    this.notes = opts.notes
    this.logger = opts.logger
    this.follows = new FollowFetcher({
      db: opts.db,
      idResolver: opts.idResolver,
      outbound: opts.outbound ?? new OutboundClient(),
      participants: this.participants,
      logger: opts.logger.child({ subsystem: 'follows' }),
      onKnown: async (did, tx) => this.onChanges?.([{ kind: 'follows-known', did }], tx),
    })
    this.indexer = new VideoGraphIndexer(this.participants, {
      followDeleted: (did, uri) => this.follows.noteDeleted(did, uri),
      // Every participant's follows are fetched, a grant holder's too: those the stream did not keep
      // (made before the grant, or judged before it by a re-import of their repo, whose later commits
      // the stream then skips as stale) would otherwise be held or not depending on when the repo was
      // imported and whether the service restarted since (`load` asks for every unknown participant).
      grantHolder: (did, tx) => this.want(did, 'grant', tx),
    })
  }

  /**
   * Loads the participants (at start, before ingestion), and asks again for the follows of those
   * whose fetch was asked for and never finished (the process stopped, or their PDS was down).
   */
  async load(db: GraphDb): Promise<void> {
    await this.participants.load(db)
    const unknown = await (db as Kysely<ParticipantSchema>).selectFrom('participant').select(['did', 'reason']).where('followsKnownAt', 'is', null).execute()
    for (const row of unknown) this.follows.request(row.did, row.reason as ParticipantReason)
  }

  /** The follows rule: keep a follow when its author is a participant (deletes too: decidable without a look-up). */
  keepsFollow(op: KeepQuestion): boolean {
    return this.participants.has(op.did)
  }

  /**
   * Fetches, in the background, the follows the consent rule is waiting for. Given the ingestion
   * batch's transaction, the request is written with the batch (a participant row whose follows are
   * not known yet), so a crash before the fetch ends does not forget it: `load` asks again.
   */
  async requestFollows(dids: Iterable<string>, tx?: Kysely<any>): Promise<void> {
    for (const did of dids) await this.want(did, 'mutuals', tx)
  }

  /** A viewer of our feeds (or a prefs holder): their follows are kept from now on, and their older ones fetched. */
  async noteViewer(did: string, tx?: Kysely<any>): Promise<void> {
    await this.want(did, 'viewer', tx)
  }

  private async want(did: string, reason: ParticipantReason, tx?: Kysely<any>): Promise<void> {
    const isNew = !this.participants.has(did)
    if (tx) await this.participants.add(tx, did, reason)
    this.follows.request(did, reason)
    // The writer may be another process (this one an API replica noting a viewer): it must keep
    // this person's follows from now on too, and it fetches their older ones itself.
    if (isNew) await this.notes?.notify(PARTICIPANTS_TOPIC, tx, `${reason} ${did}`)
  }

  /**
   * While this process is the service's writer: participants other processes add (an API replica's
   * new viewer) become participants here at once, their older follows fetched from here. Each time
   * it starts listening it reads the table again, for any added while nobody listened. Returns a
   * function that stops listening.
   */
  hearParticipants(): () => Promise<void> {
    if (!this.notes) return async () => {}
    return this.notes.listen(PARTICIPANTS_TOPIC, (payload) => {
      const space = payload.indexOf(' ')
      const did = payload.slice(space + 1)
      // Someone this process already keeps the follows of needs nothing more; anyone else is fetched
      // again from here, since the noting process's fetch may predate this process keeping them.
      if (space > 0) return void (this.participants.has(did) || this.follows.request(did, payload.slice(0, space) as ParticipantReason, true))
      void this.load(this.db).catch((err) => this.logger.warn({ err }, 'could not read the participants again; those added meanwhile are kept from the next start'))
    })
  }

  destroy(): void {
    this.follows.destroy()
  }
}

/**
 * What a service does with one batch of events: it sees each event before the graph does (its own
 * collections, or state it must read before the graph changes it), then what the batch changed in
 * the graph, once, inside the batch's transaction. A new one is made for every batch (and every
 * retry of one), so it may keep state across the batch's events.
 */
export interface ServiceBatch {
  /** Every event of the batch, before any is applied: for reads of the state they will change, done at once. */
  begin?(events: readonly FirehoseEvent[], tx: Kysely<any>): Promise<void>
  onEvent?(evt: FirehoseEvent, tx: Kysely<any>): Promise<void>
  /**
   * What changed in the graph (in order, possibly repeated; possibly none), after every event.
   * `videos`, for a batch of the stream (not for follows fetched in the background): the videos it
   * wrote as it left them, so that reactions need not read back what the batch has just written.
   */
  finish(changes: GraphChange[], tx: Kysely<any>, videos?: BatchVideosView): Promise<void>
  /** After the batch's transaction committed (never if it rolled back). */
  committed?(): void
}

/**
 * A firehose ingester that keeps a service's video graph up to date and tells the service what each
 * batch changed, so it can re-evaluate what depends on it (feed ranks, labels). Invalid records
 * leave the graph, are reported as changes, and are filed as dead letters.
 */
export function createVideoGraphIngester(
  opts: IngestSource & {
    db: GraphDb
    /** Reads that must not wait for the ingester's transactions (Database.reads; default: db). */
    reads?: GraphDb
    graph: VideoGraph
    /** Extra collections the service indexes itself (in its batch's onEvent). */
    extraCollections?: string[]
    /** The keep rule for the extra collections (default: keep). */
    keep?: (op: KeepQuestion) => boolean
    /** A look at an extra collection's raw record before it is decoded (see IngestHandler.keepRaw; default: decode it). */
    keepRaw?: (op: Omit<KeepQuestion, 'record'>, record: Uint8Array) => boolean
    /**
     * Follows the service keeps besides its participants' (e.g. follows of people it notifies).
     * Giving it means every follow commit is decoded, since its author alone no longer decides.
     */
    keepFollow?: (op: KeepQuestion) => boolean
    /**
     * keepFollow judged on a follow's raw record, before it is decoded: false only when keepFollow
     * would be false (see IngestHandler.keepRaw). Without it every follow commit is decoded.
     */
    keepFollowRaw?: (op: Omit<KeepQuestion, 'record'>, record: Uint8Array) => boolean
    /** Drop rules for the extra collections that need nothing but the record (see IngestHandler.arrivalDrops). */
    arrivalDrops?: readonly RawDropRule[]
    /**
     * The service's set rules for the arrival thread (see IngestHandler.arrivalSets), to which the
     * graph adds its follows rule: a follow is kept there when its author is a participant or (with
     * `followSubjects`) its subject is in that set, which must hold everyone keepFollow and
     * dropFollowOnArrival count; a follow's delete when its author is a participant or (with
     * `followActors`) in that set, which the authors of the follows it keeps join and which must hold
     * everyone whose deletes keepFollow keeps. Without `followSubjects`, a service with keepFollow
     * leaves follows to dropFollowOnArrival; without `followActors`, it keeps their deletes.
     */
    arrivalSets?: ArrivalSets
    followSubjects?: string
    followActors?: string
    /** A raw-record rule for the extra collections judged as a commit arrives (see IngestHandler.dropOnArrival). */
    dropOnArrival?: (op: Omit<KeepQuestion, 'record'>, record: Uint8Array) => boolean
    /**
     * keepFollow's part judged on a follow's raw record as it arrives: true only when keepFollow will
     * surely be false, counting what the commits queued ahead may bring (see dropOnArrival). Without
     * it, a service with keepFollow judges every follow with its batch.
     */
    dropFollowOnArrival?: (op: Omit<KeepQuestion, 'record'>, record: Uint8Array) => boolean
    /**
     * Extra collections whose records make their writer a participant (a feed generator's prefs make a
     * viewer): counted from the keep rules on, in stream order, as a grant is.
     */
    participantRecords?: string[]
    /** Its part that needs only the collection and the repo (see IngestHandler.mayKeep; default: maybe). */
    mayKeep?: (collection: string, did: string) => boolean
    batch: () => ServiceBatch
    /** The at-uris of records of the extra collections the service holds for a repo (a re-sync deletes those the repo no longer has). */
    heldRecords?: (tx: Kysely<any>, did: string) => Promise<string[]>
  },
): FirehoseIngester {
  const { graph } = opts
  // Follows fetched in the background change decisions too: the service reacts as to a batch.
  graph.onChanges = (changes, tx) => opts.batch().finish(changes, tx)
  const makesParticipant = (op: Pick<KeepQuestion, 'collection' | 'action' | 'rkey'>) =>
    op.action !== 'delete' && ((op.collection === GRANT && op.rkey === 'self') || !!opts.participantRecords?.includes(op.collection))
  /**
   * Writers of records that make participants, noted as their commits arrive: the follows rule on
   * arrival counts them before the keep rules do (their commits are still queued). Kept for good: they
   * are our own users, few, and counting one too many only leaves a follow to its batch's rule.
   */
  const mayBeParticipant = new Set<string>()
  const arrivalSets = opts.arrivalThread ? graphArrivalSets(opts) : undefined
  return new FirehoseIngester({
    service: opts.firehoseUrl,
    db: opts.db,
    reads: opts.reads,
    idResolver: opts.idResolver,
    outbound: opts.outbound,
    logger: opts.logger,
    verifyWorkers: opts.verifyWorkers,
    arrivalThread: opts.arrivalThread,
    maxBatch: opts.maxBatch,
    backfill: opts.backfill,
    handler: {
      collections: [...VideoGraphIndexer.collections, ...(opts.extraCollections ?? [])],
      arrivalDrops: opts.arrivalDrops,
      arrivalSets,
      keep: (op) => {
        if (op.collection === FOLLOW) return graph.keepsFollow(op) || !!opts.keepFollow?.(op)
        // A grant makes its holder a participant when the indexer applies it (and asks for their
        // follows); the keep rules run a batch ahead of that (the next batch is judged while this one
        // is written), so the holder counts from here, in stream order: a follow of theirs in the same
        // or the next batch is kept live rather than left to the fetch. One that then fails
        // verification or validation leaves them counted until restart: a few follows kept that need
        // not be, harmless.
        if (makesParticipant(op)) graph.participants.mark(op.did)
        return opts.keep?.(op) ?? true
      },
      keepRaw: (op, record) => {
        if (op.collection !== FOLLOW) return opts.keepRaw?.(op, record) ?? true
        return graph.participants.has(op.did) || !opts.keepFollowRaw || opts.keepFollowRaw(op, record)
      },
      heldRecords: async (tx, did) => [...(await graphRecordsOf(tx, did)), ...((await opts.heldRecords?.(tx, did)) ?? [])],
      // Our own records are kept (unless invalid), and so are a participant's follows: their repos'
      // keys are looked up early. The network's records judged by what they hold (posts, likes,
      // profiles, other follows) are not: most are dropped.
      willKeep: (collection, did) => (collection === FOLLOW ? graph.participants.has(did) : collection.startsWith('app.framewright.')),
      // The network's follows are judged as they arrive: one whose author is no participant (nor may be
      // one, by a commit still queued) and that the service's own follow rule drops is never queued.
      dropOnArrival: (op, record) => {
        if (makesParticipant(op)) mayBeParticipant.add(op.did)
        if (op.collection !== FOLLOW) return opts.dropOnArrival?.(op, record) ?? false
        if (graph.participants.has(op.did) || mayBeParticipant.has(op.did)) return false
        return !opts.keepFollow || !!opts.dropFollowOnArrival?.(op, record)
      },
      // Follows are most of what we index by collection, and their rule needs only the author.
      mayKeep: (collection, did) => {
        if (collection === FOLLOW) return !!opts.keepFollow || graph.participants.has(did)
        return opts.mayKeep?.(collection, did) ?? true
      },
      applyBatch: async (batch) => {
        const service = opts.batch()
        const changes: GraphChange[] = []
        // Video and follow writes are gathered and written together, after every event and before the service reacts.
        const writes = new GraphWrites()
        await service.begin?.(batch.events, batch.tx)
        await writes.preload(batch.tx, batch.events)
        await batch.each(async (evt) => {
          await service.onEvent?.(evt, batch.tx)
          try {
            const change = await graph.indexer.handle(batch.tx, evt, writes)
            if (change) changes.push(change)
          } catch (err) {
            if (err instanceof InvalidGraphRecord) changes.push(err.change)
            throw err
          }
        })
        await writes.flush(batch.tx)
        await service.finish(changes, batch.tx, writes.videos)
        if (service.committed) batch.afterCommit(() => service.committed!())
      },
    },
  })
}

/** The graph's records of one repo: its videos, grant, reviews and the follows kept of it. */
async function graphRecordsOf(tx: Kysely<any>, did: string): Promise<string[]> {
  const [videos, grants, reviews, follows] = await Promise.all([
    tx.selectFrom('video').select('uri').where('creator', '=', did).execute(),
    tx.selectFrom('likeness_grant').select('uri').where('did', '=', did).execute(),
    tx.selectFrom('likeness_review').select('uri').where('reviewer', '=', did).execute(),
    tx.selectFrom('follow').select('uri').where('creator', '=', did).execute(),
  ])
  return [...videos, ...grants, ...reviews, ...follows].map((r: { uri: string }) => r.uri)
}

/** The body of app.framewright.ingest.getStatus for a service's ingester and graph. */
export async function ingestStatusBody(ctx: { ingester: FirehoseIngester; graph: VideoGraph; writer?: { readonly state: WriterState } }, role: ServiceRole) {
  const { ingester, graph } = ctx
  const status = await ingester.status()
  const opt = (n: number | null) => (n === null ? undefined : n)
  return {
    ...status,
    role,
    writer: ctx.writer?.state ?? 'idle',
    cursor: opt(status.cursor),
    headSeq: opt(status.headSeq),
    lagEvents: opt(status.lagEvents),
    lagSeconds: opt(status.lagSeconds),
    recentDeadLetters: status.recentDeadLetters.map((l) => ({
      id: l.id,
      seq: l.seq,
      did: l.did ?? undefined,
      subject: l.subject ?? undefined,
      reason: l.reason,
      detail: l.detail,
      createdAt: l.createdAt,
    })),
    participants: graph.participants.size,
  }
}

/**
 * The consent rule for a video not made yet, for a request that can wait a moment: if a mutuals
 * decision waits for someone's follows, they are fetched (up to `waitMs`) and the rule asked again.
 */
export async function consentForNewVideoWithFollows(
  db: Kysely<any>,
  graph: VideoGraph,
  creator: string,
  subjects: string[],
  waitMs = 5_000,
): Promise<DepictionConsent[]> {
  const first = await consentForNewVideo(db, creator, subjects)
  const waiting = pendingFollows(first)
  if (waiting.length === 0) return first
  await graph.requestFollows(waiting)
  await Promise.all(waiting.map((did) => graph.follows.whenKnown(did, waitMs)))
  return consentForNewVideo(db, creator, subjects)
}

/**
 * The arrival thread's rules for follows (see IngestHandler.arrivalSets), beside the service's own:
 * participants, and those a grant or a participant record on its way makes one (mayBeParticipant
 * there), keep their follows; with `followSubjects`, so do the people in that set.
 */
function graphArrivalSets(
  opts: { graph: VideoGraph; arrivalSets?: ArrivalSets; followSubjects?: string; followActors?: string; keepFollow?: unknown; participantRecords?: string[] },
): ArrivalSets {
  const sets = opts.arrivalSets ?? new ArrivalSets()
  opts.graph.participants.mirrorTo((did) => sets.add(PARTICIPANTS_SET, did))
  for (const collection of [GRANT, ...(opts.participantRecords ?? [])]) sets.grows({ collection, set: PARTICIPANTS_SET, path: 'repo' })
  // A service keeping follows by a rule of its own that the sets do not carry judges them itself.
  if (!opts.keepFollow) sets.rule({ collection: FOLLOW, keepIfRepoIn: PARTICIPANTS_SET, deletesKeptIfRepoIn: [PARTICIPANTS_SET] })
  else if (opts.followSubjects) {
    const { followSubjects, followActors } = opts
    sets.rule({
      collection: FOLLOW,
      keepIfRepoIn: PARTICIPANTS_SET,
      path: ['subject'],
      keepIfIn: followSubjects,
      ...(followActors ? { deletesKeptIfRepoIn: [PARTICIPANTS_SET, followActors], keptRepoJoins: followActors } : {}),
    })
  }
  return sets
}

/** The arrival thread's copy of the participants (see graphArrivalSets). */
const PARTICIPANTS_SET = 'participants'
