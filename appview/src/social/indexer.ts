import type { Kysely } from 'kysely'
import type { FirehoseEvent, GraphChange } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'
import { FOLLOW, LIKE, POST, VIDEO_POST, didOf, videoPeople, type SocialMembers } from './members'

type Db = Kysely<AppviewSchema>

/**
 * The videos of one ingestion batch by their companion post's URI. The video graph writes a batch's
 * videos after all its events, so a reply to a new video's companion post in the same batch would
 * otherwise find no video and be dropped.
 */
export type BatchVideos = Map<string, { uri: string; creator: string }>
/** app.bsky.feed.post allows 3000 characters of text; anything longer is not a reply we show. */
const MAX_TEXT = 3000

/**
 * Indexes, inside the ingestion batch's transaction, what makes the app social: replies to
 * companion posts (comments), likes of them, and the notifications they, follows and videos cause.
 * Every write is keyed by the record's URI (replays change nothing); a deleted record takes its
 * notifications with it.
 */
export class SocialIndexer {
  constructor(private readonly members: SocialMembers) {}

  static readonly collections = [POST, LIKE]

  /** The comments and likes we hold of one repo. */
  static async heldRecords(db: Db, did: string): Promise<string[]> {
    const [comments, likes] = await Promise.all([
      db.selectFrom('comment').select('uri').where('creator', '=', did).execute(),
      db.selectFrom('post_like').select('uri').where('creator', '=', did).execute(),
    ])
    return [...comments, ...likes].map((r) => r.uri)
  }

  /** One firehose event (before the video graph sees it); `videos` holds this batch's videos so far. */
  async onEvent(evt: FirehoseEvent, db: Db, videos: BatchVideos = new Map()): Promise<void> {
    if (evt.event !== 'create' && evt.event !== 'update' && evt.event !== 'delete') return
    // A video makes its creator and subjects people now, not when the batch ends: a follow of them
    // later in this batch is someone following a member.
    if (evt.collection === VIDEO_POST && evt.event !== 'delete') {
      for (const did of videoPeople(evt.did, evt.record)) this.members.addPerson(did)
      const companion = (evt.record as { crosspost?: { uri?: unknown } }).crosspost?.uri
      if (typeof companion === 'string' && didOf(companion) === evt.did) videos.set(companion, { uri: evt.uri, creator: evt.did })
    }
    if (evt.collection !== POST && evt.collection !== LIKE && evt.collection !== FOLLOW) return
    if (evt.event === 'delete') {
      if (evt.collection === POST) await this.deleteComment(db, evt.uri)
      if (evt.collection === LIKE) await db.deleteFrom('post_like').where('uri', '=', evt.uri).execute()
      await db.deleteFrom('notification').where('uri', '=', evt.uri).execute()
      return
    }
    if (evt.collection === POST) await this.reply(db, evt.uri, evt.cid, evt.did, evt.record, videos)
    else if (evt.collection === LIKE) await this.like(db, evt.uri, evt.did, evt.record, videos)
    else await this.follow(db, evt.uri, evt.did, evt.record)
  }

  /** What the batch changed in the video graph: new videos notify the people they depict and remix. */
  async onChanges(changes: GraphChange[], db: Db): Promise<void> {
    for (const change of changes) {
      if (change.kind !== 'video') continue
      this.members.addPerson(change.creator)
      if (change.deleted) {
        await db.deleteFrom('notification').where('uri', '=', change.uri).execute()
        continue
      }
      const video = await db.selectFrom('video').select(['creator', 'text', 'remixOfUri', 'indexedAt', 'crosspostUri']).where('uri', '=', change.uri).executeTakeFirst()
      if (!video) continue
      if (video.crosspostUri) this.members.addCompanion(video.crosspostUri)
      const depicted = await db.selectFrom('depiction').select('subject').where('videoUri', '=', change.uri).execute()
      const base = { uri: change.uri, author: video.creator, text: video.text || null, indexedAt: video.indexedAt }
      const rows: AppviewSchema['notification'][] = []
      for (const { subject } of depicted) {
        this.members.addPerson(subject)
        if (subject !== video.creator) rows.push({ ...base, recipient: subject, reason: 'depicted', reasonSubject: null })
      }
      const remixed = video.remixOfUri ? didOf(video.remixOfUri) : undefined
      if (remixed && remixed !== video.creator) rows.push({ ...base, recipient: remixed, reason: 'remixed', reasonSubject: video.remixOfUri })
      // An edit that drops someone from the video takes back their "depicted you".
      await db
        .deleteFrom('notification')
        .where('uri', '=', change.uri)
        .where('reason', '=', 'depicted')
        .where('recipient', 'not in', [...depicted.map((d) => d.subject), ''])
        .execute()
      for (const row of rows) await db.insertInto('notification').values(row).onConflict((oc) => oc.columns(['recipient', 'uri', 'reason']).doNothing()).execute()
    }
  }

  private async reply(db: Db, uri: string, cid: string, author: string, record: unknown, videos: BatchVideos): Promise<void> {
    const rec = record as { text?: unknown; createdAt?: unknown; reply?: { root?: { uri?: unknown }; parent?: { uri?: unknown } } }
    const root = rec.reply?.root?.uri
    const parent = rec.reply?.parent?.uri
    if (typeof root !== 'string' || typeof parent !== 'string') return
    const video = videos.get(root) ?? (await db.selectFrom('video').select(['uri', 'creator']).where('crosspostUri', '=', root).executeTakeFirst())
    if (!video) return
    const text = typeof rec.text === 'string' ? rec.text.slice(0, MAX_TEXT) : ''
    const now = new Date().toISOString()
    const createdAt = typeof rec.createdAt === 'string' && !Number.isNaN(Date.parse(rec.createdAt)) ? rec.createdAt : now
    // A reply to a comment sits under that comment's top-level comment: one level of indentation.
    const above = parent === root ? undefined : await db.selectFrom('comment').select('threadUri').where('uri', '=', parent).executeTakeFirst()
    const threadUri = above?.threadUri ?? uri
    const row = { uri, cid, creator: author, videoUri: video.uri, parentUri: parent, threadUri, text, createdAt, indexedAt: now }
    await db.insertInto('comment').values(row).onConflict((oc) => oc.column('uri').doUpdateSet({ cid, text, parentUri: parent, threadUri })).execute()
    this.members.addActor(author)
    if (author !== video.creator) {
      await db
        .insertInto('notification')
        .values({ recipient: video.creator, uri, reason: 'replied', author, reasonSubject: video.uri, text, indexedAt: now })
        .onConflict((oc) => oc.columns(['recipient', 'uri', 'reason']).doUpdateSet({ text }))
        .execute()
    }
  }

  /** A deleted top-level comment leaves its replies standing, each as a comment of its own. */
  private async deleteComment(db: Db, uri: string): Promise<void> {
    await db.deleteFrom('comment').where('uri', '=', uri).execute()
    await db.updateTable('comment').set((eb) => ({ threadUri: eb.ref('uri') })).where('threadUri', '=', uri).execute()
  }

  private async like(db: Db, uri: string, author: string, record: unknown, videos: BatchVideos): Promise<void> {
    const rec = record as { subject?: { uri?: unknown }; createdAt?: unknown }
    const subject = rec.subject?.uri
    if (typeof subject !== 'string') return
    const companion = videos.get(subject) ?? (await db.selectFrom('video').select('uri').where('crosspostUri', '=', subject).executeTakeFirst())
    if (!companion) return
    const createdAt = typeof rec.createdAt === 'string' ? rec.createdAt : new Date().toISOString()
    await db.insertInto('post_like').values({ uri, creator: author, subject, createdAt }).onConflict((oc) => oc.column('uri').doNothing()).execute()
    this.members.addActor(author)
  }

  private async follow(db: Db, uri: string, author: string, record: unknown): Promise<void> {
    const subject = (record as { subject?: unknown }).subject
    if (typeof subject !== 'string' || subject === author || !this.members.isPerson(subject)) return
    this.members.addActor(author)
    await db
      .insertInto('notification')
      .values({ recipient: subject, uri, reason: 'followed', author, reasonSubject: null, text: null, indexedAt: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['recipient', 'uri', 'reason']).doNothing())
      .execute()
  }
}
