import { lexToJson } from '@atproto/lexicon'
import type { Kysely } from 'kysely'
import { BSKY_RECORDS, FRAMEWRIGHT_RECORDS, InvalidRecordError, validateBskyRecord, validateRecord, type BskyCollection, type BskyRecordTypes, type RecordTypes } from '@framewright/lexicons'
import type { FirehoseEvent } from '../ingest/events'
import { UnprocessableEventError } from '../ingest/ingester'
import type { Participants } from './participants'
import type { VideoGraphSchema } from './schema'
import { GraphWrites } from './graph-writes'
import type { FollowBatch } from './follow-batch'
import type { VideoBatch } from './video-batch'

export const FOLLOW = 'app.bsky.graph.follow'

type Db = Kysely<VideoGraphSchema>

/** What an event changed in the graph, so that services can re-evaluate what depends on it. */
export type GraphChange =
  | { kind: 'video'; uri: string; creator: string; deleted: boolean; subjects: string[]; remixOf: string[] }
  | { kind: 'grant'; subject: string }
  | { kind: 'review'; videoUri: string; reviewer: string }
  | { kind: 'follow'; creator: string; subject: string }
  | { kind: 'account'; did: string; active: boolean }
  | { kind: 'identity'; did: string }
  /** Someone's follows were fetched from their PDS: mutuals decisions about them may change. */
  | { kind: 'follows-known'; did: string }

/**
 * Indexes the records the consent rule reads. Every write is an idempotent upsert or delete keyed
 * by record URI, so replayed events leave the same state. A record that fails validation is
 * removed from the index (its repo no longer holds a valid version) and reported as unprocessable.
 * Each call writes through the executor it is given: the ingestion batch's transaction.
 */
export class VideoGraphIndexer {
  /** Collections to ask the firehose for. */
  static readonly collections = [
    FRAMEWRIGHT_RECORDS.videoPost,
    FRAMEWRIGHT_RECORDS.likenessGrant,
    FRAMEWRIGHT_RECORDS.likenessReview,
    FOLLOW,
  ]

  constructor(
    private readonly participants: Participants,
    private readonly hooks: {
      /** Told about every follow the firehose deletes (a fetch of that person's follows may be in flight). */
      followDeleted?: (did: string, uri: string) => void
      /**
       * Makes a grant holder a participant, in the batch's transaction: the graph asks for their
       * follows too (default: the participant row alone, for an indexer without a graph).
       */
      grantHolder?: (did: string, tx: Kysely<any>) => Promise<void>
    } = {},
  ) {}

  /**
   * Applies one firehose event; returns what changed, or undefined for events it does not index.
   * Video and follow writes go through `writes`, the batch's GraphWrites, and land when it is
   * flushed; without one they land at once.
   */
  async handle(db: Kysely<any>, evt: FirehoseEvent, writes?: GraphWrites): Promise<GraphChange | undefined> {
    if (writes) return this.apply(db as Db, evt, writes)
    const own = new GraphWrites()
    try {
      return await this.apply(db as Db, evt, own)
    } finally {
      await own.flush(db as Db)
    }
  }

  private async apply(db: Db, evt: FirehoseEvent, writes: GraphWrites): Promise<GraphChange | undefined> {
    if (evt.event === 'account') return this.account(db, evt.did, evt.active, evt.status, writes.videos)
    if (evt.event === 'identity') return { kind: 'identity', did: evt.did }
    if (evt.event === 'sync') return undefined
    const uri = evt.uri
    const indexedAt = new Date().toISOString()
    const record = evt.event === 'delete' ? undefined : { value: evt.record, cid: evt.cid }
    switch (evt.collection) {
      case FRAMEWRIGHT_RECORDS.videoPost:
        return this.video(db, writes.videos, uri, evt.did, record, indexedAt)
      case FRAMEWRIGHT_RECORDS.likenessGrant:
        return this.grant(db, uri, evt.did, evt.rkey, record, indexedAt)
      case FRAMEWRIGHT_RECORDS.likenessReview:
        return this.review(db, uri, evt.did, record, indexedAt)
      case FOLLOW:
        return this.follow(db, writes.follows, uri, evt.did, record)
      default:
        return undefined
    }
  }

  private async video(db: Db, videos: VideoBatch, uri: string, creator: string, rec: { value: unknown; cid: string } | undefined, indexedAt: string) {
    const previous = await videos.before(db, uri)
    const subjectsBefore = previous.subjects
    const { record: parsed, error } = rec ? tryValidate(FRAMEWRIGHT_RECORDS.videoPost, rec.value) : { record: undefined, error: '' }
    if (!rec || !parsed) {
      videos.set(uri, { depictions: [] })
    } else {
      const row = videoRow(uri, rec.cid, creator, parsed, indexedAt)
      const depicted = [...new Map((parsed.depicts ?? []).map((d) => [d.subject, d])).values()]
      videos.set(uri, { row, depictions: depicted.map((d) => ({ videoUri: uri, creator, subject: d.subject, grantUri: d.grant?.uri ?? null })) })
    }
    const subjects = parsed?.depicts?.map((d) => d.subject) ?? []
    const remixOf = [previous?.remixOfUri, parsed?.remixOf?.uri].filter((u): u is string => !!u)
    const change: GraphChange = {
      kind: 'video',
      uri,
      creator,
      deleted: !parsed,
      subjects: [...new Set([...subjectsBefore, ...subjects])],
      remixOf: [...new Set(remixOf)],
    }
    if (rec && !parsed) throw new InvalidGraphRecord(change, error)
    return change
  }

  private async grant(db: Db, uri: string, did: string, rkey: string, rec: { value: unknown; cid: string } | undefined, indexedAt: string) {
    if (rkey !== 'self') throw new UnprocessableEventError(`likeness grant at ${uri}: rkey must be "self"`)
    const { record: parsed, error } = rec ? tryValidate(FRAMEWRIGHT_RECORDS.likenessGrant, rec.value) : { record: undefined, error: '' }
    if (!rec || !parsed) {
      await db.deleteFrom('likeness_grant').where('did', '=', did).execute()
      const change: GraphChange = { kind: 'grant', subject: did }
      if (rec) throw new InvalidGraphRecord(change, error)
      return change
    }
    const row = {
      did,
      uri,
      cid: rec.cid,
      audience: parsed.audience,
      approved: JSON.stringify(parsed.approved ?? []),
      restrictions: parsed.restrictions ?? null,
      expiresAt: parsed.expiresAt ?? null,
      createdAt: parsed.createdAt,
      indexedAt,
    }
    await db.insertInto('likeness_grant').values(row).onConflict((oc) => oc.column('did').doUpdateSet(row)).execute()
    // The consent rule reads a grant holder's follows (mutuals): from now on the firehose keeps them,
    // and those it did not keep are fetched (see VideoGraph's grantHolder).
    if (this.hooks.grantHolder) await this.hooks.grantHolder(did, db)
    else await this.participants.add(db, did, 'grant')
    return { kind: 'grant', subject: did } satisfies GraphChange
  }

  private async review(db: Db, uri: string, reviewer: string, rec: { value: unknown; cid: string } | undefined, indexedAt: string) {
    const existing = await db.selectFrom('likeness_review').select('videoUri').where('uri', '=', uri).executeTakeFirst()
    const { record: parsed, error } = rec ? tryValidate(FRAMEWRIGHT_RECORDS.likenessReview, rec.value) : { record: undefined, error: '' }
    if (!rec || !parsed) {
      await db.deleteFrom('likeness_review').where('uri', '=', uri).execute()
      if (!existing) {
        if (rec) throw new UnprocessableEventError(error)
        return undefined
      }
      const change: GraphChange = { kind: 'review', videoUri: existing.videoUri, reviewer }
      if (rec) throw new InvalidGraphRecord(change, error)
      return change
    }
    const row = {
      uri,
      reviewer,
      videoUri: parsed.subject.uri,
      verdict: parsed.verdict,
      createdAt: parsed.createdAt,
      indexedAt,
    }
    await db.insertInto('likeness_review').values(row).onConflict((oc) => oc.column('uri').doUpdateSet(row)).execute()
    return { kind: 'review', videoUri: row.videoUri, reviewer } satisfies GraphChange
  }

  private async follow(db: Db, follows: FollowBatch, uri: string, creator: string, rec: { value: unknown; cid: string } | undefined) {
    if (!rec) {
      this.hooks.followDeleted?.(creator, uri)
      const subject = await follows.subjectOf(db, uri)
      if (subject === undefined) return undefined
      follows.set(uri, null)
      return { kind: 'follow', creator, subject } satisfies GraphChange
    }
    const value = validBsky(BSKY_RECORDS.follow, rec.value, uri)
    follows.set(uri, { uri, creator, subject: value.subject, createdAt: value.createdAt })
    return { kind: 'follow', creator, subject: value.subject } satisfies GraphChange
  }

  /**
   * Records an account's hosting status, for the accounts whose videos we hold (their videos leave
   * every feed and view while inactive): the network's other accounts are not ours to track.
   */
  private async account(db: Db, did: string, active: boolean, status: string | undefined, videos: VideoBatch): Promise<GraphChange | undefined> {
    const row = { did, active: active ? 1 : 0, status: status ?? null, updatedAt: new Date().toISOString() }
    const updated = await db.updateTable('actor').set(row).where('did', '=', did).executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) {
      const hasVideos = videos.hasVideoBy(did) ?? (await db.selectFrom('video').select('uri').where('creator', '=', did).limit(1).executeTakeFirst())
      if (!hasVideos) return undefined
      await db.insertInto('actor').values(row).onConflict((oc) => oc.column('did').doUpdateSet(row)).execute()
    }
    return { kind: 'account', did, active }
  }
}

/**
 * A Bluesky record we read, validated against its lexicon; an invalid one can never be indexed, so
 * the event is set aside as a dead letter (UnprocessableEventError) with the validator's reason.
 */
export function validBsky<C extends BskyCollection>(collection: C, value: unknown, uri: string): BskyRecordTypes[C] {
  try {
    return validateBskyRecord(collection, value)
  } catch (err) {
    if (!(err instanceof InvalidRecordError)) throw err
    throw new UnprocessableEventError(`${uri}: ${err.message}`)
  }
}

/** Validates a record; an invalid one yields its error message instead of throwing. */
function tryValidate<C extends keyof RecordTypes>(collection: C, value: unknown): { record?: RecordTypes[C]; error: string } {
  try {
    return { record: validateRecord(collection, value), error: '' }
  } catch (err) {
    if (!(err instanceof InvalidRecordError)) throw err
    return { error: err.message }
  }
}

/**
 * A record failed validation: the index no longer holds it (the change says what it removed), and
 * the event is reported as unprocessable. Services should still react to `change`.
 */
export class InvalidGraphRecord extends UnprocessableEventError {
  override name = 'InvalidGraphRecord'
  constructor(
    readonly change: GraphChange,
    message: string,
  ) {
    super(message)
  }
}

function videoRow(uri: string, cid: string, creator: string, rec: RecordTypes['app.framewright.video.post'], indexedAt: string) {
  const claimed = Date.parse(rec.createdAt)
  const sortAt = Number.isNaN(claimed) ? indexedAt : new Date(Math.min(claimed, Date.parse(indexedAt))).toISOString()
  // A companion post only counts if it is in the creator's own repo: otherwise anyone could make
  // our labels land on someone else's post.
  const crosspost = rec.crosspost && isOwnPost(rec.crosspost.uri, creator) ? rec.crosspost : undefined
  return {
    uri,
    cid,
    creator,
    createdAt: rec.createdAt,
    indexedAt,
    sortAt,
    text: rec.text ?? '',
    provider: rec.generation.provider,
    model: rec.generation.model,
    prompt: rec.generation.prompt,
    blobCid: rec.video.ref.toString(),
    blobMime: rec.video.mimeType,
    blobSize: rec.video.size,
    durationMs: rec.durationMs ?? null,
    width: rec.aspectRatio?.width ?? null,
    height: rec.aspectRatio?.height ?? null,
    remixOfUri: rec.remixOf?.uri ?? null,
    remixOfCid: rec.remixOf?.cid ?? null,
    crosspostUri: crosspost?.uri ?? null,
    crosspostCid: crosspost?.cid ?? null,
    record: JSON.stringify(lexToJson(rec as never)),
  }
}

function isOwnPost(uri: string, creator: string): boolean {
  return uri.startsWith(`at://${creator}/app.bsky.feed.post/`)
}
