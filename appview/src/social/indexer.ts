import type { Kysely } from 'kysely'
import type { BskyRecordTypes } from '@framewright/lexicons'
import { fixedSizeChunks, validBsky, type BatchVideosView, type FirehoseEvent, type GraphChange } from '@framewright/service-kit'
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

  static readonly collections: readonly string[] = [POST, LIKE]

  /** The comments and likes we hold of one repo. */
  static async heldRecords(db: Db, did: string): Promise<string[]> {
    const [comments, likes] = await Promise.all([
      db.selectFrom('comment').select('uri').where('creator', '=', did).execute(),
      db.selectFrom('post_like').select('uri').where('creator', '=', did).execute(),
    ])
    return [...comments, ...likes].map((r) => r.uri)
  }

  /** What one ingestion batch writes: its events one by one, then what they changed in the video graph. */
  batch(): SocialBatch {
    const videos: BatchVideos = new Map()
    const notes = new NotificationWrites()
    const deletes: BatchDeletes = { likes: new Set(), comments: new Set() }
    return {
      onEvent: (evt, db) => this.onEvent(evt, db, videos, notes, deletes),
      finish: async (changes, db, written) => {
        if (deletes.likes.size > 0) await deleteIn(db, 'post_like', [...deletes.likes])
        if (deletes.comments.size > 0) await deleteComments(db, [...deletes.comments])
        await notes.flush(db)
        await this.onChanges(changes, db, written)
      },
    }
  }

  /** One firehose event (before the video graph sees it); `videos` holds this batch's videos so far. */
  private async onEvent(evt: FirehoseEvent, db: Db, videos: BatchVideos, notes: NotificationWrites, deletes: BatchDeletes): Promise<void> {
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
      // Most deletes name records we never held (a delete carries no record to judge): they are
      // gathered and done together at the end of the batch (see BatchDeletes).
      if (evt.collection === POST) deletes.comments.add(evt.uri)
      if (evt.collection === LIKE) deletes.likes.add(evt.uri)
      notes.deleteUri(evt.uri)
      return
    }
    // Only records valid by Bluesky's lexicons are indexed; an invalid one is a dead letter.
    if (evt.collection === POST) {
      const post = validBsky(POST, evt.record, evt.uri)
      // The same post deleted and written again within the batch: the delete goes first.
      if (deletes.comments.delete(evt.uri)) await deleteComments(db, [evt.uri])
      await this.reply(db, evt.uri, evt.cid, evt.did, post, videos, notes, deletes.comments)
    } else if (evt.collection === LIKE) {
      const like = validBsky(LIKE, evt.record, evt.uri)
      if (deletes.likes.delete(evt.uri)) await db.deleteFrom('post_like').where('uri', '=', evt.uri).execute()
      await this.like(db, evt.uri, evt.did, like, videos)
    } else this.follow(evt.uri, evt.did, validBsky(FOLLOW, evt.record, evt.uri), notes)
  }

  /**
   * What the batch changed in the video graph: new videos notify the people they depict and remix.
   * `written`: the batch's videos as it left them (read from the database when not given).
   */
  private async onChanges(changes: GraphChange[], db: Db, written?: BatchVideosView): Promise<void> {
    const videoChanges = changes.filter((c): c is Extract<GraphChange, { kind: 'video' }> => c.kind === 'video')
    if (videoChanges.length === 0) return
    for (const change of videoChanges) this.members.addPerson(change.creator)
    // The last word on each video (a batch may create, edit and delete one).
    const last = new Map(videoChanges.map((c) => [c.uri, c]))
    const deleted = [...last.values()].filter((c) => c.deleted).map((c) => c.uri)
    if (deleted.length > 0) await deleteIn(db, 'notification', deleted)
    const live = [...last.values()].filter((c) => !c.deleted).map((c) => c.uri)
    if (live.length === 0) return
    const { found, depictedIn, held } = await liveVideos(db, live, written)
    const rows: AppviewSchema['notification'][] = []
    for (const video of found) {
      if (video.crosspostUri) this.members.addCompanion(video.crosspostUri)
      const base = { uri: video.uri, author: video.creator, text: video.text || null, indexedAt: video.indexedAt }
      for (const subject of depictedIn.get(video.uri) ?? []) {
        this.members.addPerson(subject)
        if (subject !== video.creator) rows.push({ ...base, recipient: subject, reason: 'depicted', reasonSubject: null })
      }
      const remixed = video.remixOfUri ? didOf(video.remixOfUri) : undefined
      if (remixed && remixed !== video.creator) rows.push({ ...base, recipient: remixed, reason: 'remixed', reasonSubject: video.remixOfUri })
    }
    // An edit that drops someone from the video takes back their "depicted you".
    const takenBack = held.filter((n) => !depictedIn.get(n.uri)?.has(n.recipient))
    for (const n of takenBack) {
      await db.deleteFrom('notification').where('uri', '=', n.uri).where('reason', '=', 'depicted').where('recipient', '=', n.recipient).execute()
    }
    await insertNotifications(db, rows, 'keep')
  }

  private async reply(db: Db, uri: string, cid: string, author: string, rec: BskyRecordTypes[typeof POST], videos: BatchVideos, notes: NotificationWrites, deleted: Set<string>): Promise<void> {
    if (!rec.reply) return
    const root = rec.reply.root.uri
    const parent = rec.reply.parent.uri
    const video = videos.get(root) ?? (await db.selectFrom('video').select(['uri', 'creator']).where('crosspostUri', '=', root).executeTakeFirst())
    if (!video) return
    const text = rec.text.slice(0, MAX_TEXT)
    const now = new Date().toISOString()
    const createdAt = rec.createdAt
    // A reply to a comment sits under that comment's top-level comment: one level of indentation.
    // (A parent deleted earlier in the batch is gone, though its row waits for the batch's end.)
    const above = parent === root || deleted.has(parent) ? undefined : await db.selectFrom('comment').select('threadUri').where('uri', '=', parent).executeTakeFirst()
    // A parent whose thread's top comment was deleted earlier in the batch heads a thread of its own (as deleteComments leaves it).
    const threadUri = above ? (deleted.has(above.threadUri) ? parent : above.threadUri) : uri
    const row = { uri, cid, creator: author, videoUri: video.uri, parentUri: parent, threadUri, text, createdAt, indexedAt: now }
    await db.insertInto('comment').values(row).onConflict((oc) => oc.column('uri').doUpdateSet({ cid, text, parentUri: parent, threadUri })).execute()
    this.members.addActor(author)
    if (author !== video.creator) notes.write({ recipient: video.creator, uri, reason: 'replied', author, reasonSubject: video.uri, text, indexedAt: now }, 'update-text')
  }

  private async like(db: Db, uri: string, author: string, rec: BskyRecordTypes[typeof LIKE], videos: BatchVideos): Promise<void> {
    const subject = rec.subject.uri
    const companion = videos.get(subject) ?? (await db.selectFrom('video').select('uri').where('crosspostUri', '=', subject).executeTakeFirst())
    if (!companion) return
    const createdAt = rec.createdAt
    await db.insertInto('post_like').values({ uri, creator: author, subject, createdAt }).onConflict((oc) => oc.column('uri').doNothing()).execute()
    this.members.addActor(author)
  }

  private follow(uri: string, author: string, record: BskyRecordTypes[typeof FOLLOW], notes: NotificationWrites): void {
    const subject = record.subject
    if (subject === author || !this.members.isPerson(subject)) return
    this.members.addActor(author)
    notes.write({ recipient: subject, uri, reason: 'followed', author, reasonSubject: null, text: null, indexedAt: new Date().toISOString() }, 'keep')
  }
}

type LiveVideo = Pick<AppviewSchema['video'], 'uri' | 'creator' | 'text' | 'remixOfUri' | 'indexedAt' | 'crosspostUri'>

/**
 * The batch's live videos with who each depicts, and the "depicted you" notifications held of them.
 * Taken from what the batch wrote when it says (no read-back); held notifications are looked for only
 * among videos that existed before the batch: a video's notifications leave with it, so a new one has none.
 */
async function liveVideos(db: Db, live: string[], written?: BatchVideosView): Promise<{ found: LiveVideo[]; depictedIn: Map<string, Set<string>>; held: { uri: string; recipient: string }[] }> {
  const after = written ? live.map((uri) => written.after(uri)) : []
  if (written && after.every((a) => a !== undefined)) {
    const found: LiveVideo[] = []
    const depictedIn = new Map<string, Set<string>>()
    const rewritten: string[] = []
    for (const a of after) {
      if (!a!.row) continue
      found.push(a!.row)
      depictedIn.set(a!.row.uri, new Set(a!.subjects))
      if (a!.heldBefore) rewritten.push(a!.row.uri)
    }
    const held = rewritten.length > 0 ? await heldDepicted(db, rewritten) : []
    return { found, depictedIn, held }
  }
  const [found, depictions, held] = await Promise.all([
    db.selectFrom('video').select(['uri', 'creator', 'text', 'remixOfUri', 'indexedAt', 'crosspostUri']).where('uri', 'in', live).execute(),
    db.selectFrom('depiction').select(['videoUri', 'subject']).where('videoUri', 'in', live).execute(),
    heldDepicted(db, live),
  ])
  const depictedIn = new Map<string, Set<string>>()
  for (const d of depictions) depictedIn.set(d.videoUri, (depictedIn.get(d.videoUri) ?? new Set()).add(d.subject))
  return { found, depictedIn, held }
}

function heldDepicted(db: Db, uris: string[]) {
  return db.selectFrom('notification').select(['uri', 'recipient']).where('uri', 'in', uris).where('reason', '=', 'depicted').execute()
}

/** One ingestion batch's share of the social index (see SocialIndexer.batch). */
export interface SocialBatch {
  onEvent(evt: FirehoseEvent, db: Db): Promise<void>
  finish(changes: GraphChange[], db: Db, written?: BatchVideosView): Promise<void>
}

type Notification = AppviewSchema['notification']
/** On a notification already held: keep it as it is, or take the new text (an edited reply). */
type OnHeld = 'keep' | 'update-text'
/** Rows per insert statement (7 values each, inside both engines' parameter limits). */
const NOTIFICATION_ROWS = 500
const DELETE_CHUNK = 500

/**
 * A batch's notification writes, gathered and written together when its events are done: a follow
 * is a notification, and the network writes thousands of follows a second. Ending in the same state
 * as writing each at once: a delete of a URI drops what the batch meant to write for it and is done
 * before any write, so a record written again after its delete is still there.
 */
class NotificationWrites {
  /** By the notification's URI (a delete drops them all at once), then by recipient and reason. */
  private readonly writes = new Map<string, Map<string, { row: Notification; onHeld: OnHeld }>>()
  private readonly deletes = new Set<string>()

  write(row: Notification, onHeld: OnHeld): void {
    let ofUri = this.writes.get(row.uri)
    if (!ofUri) this.writes.set(row.uri, (ofUri = new Map()))
    const key = `${row.recipient} ${row.reason}`
    const earlier = ofUri.get(key)
    // Two writes of one notification in a batch: the first row stands, unless the later one updates text.
    if (earlier && onHeld === 'keep') return
    ofUri.set(key, { row: earlier ? { ...earlier.row, text: row.text } : row, onHeld: earlier?.onHeld === 'update-text' || onHeld === 'update-text' ? 'update-text' : 'keep' })
  }

  deleteUri(uri: string): void {
    this.writes.delete(uri)
    this.deletes.add(uri)
  }

  async flush(db: Db): Promise<void> {
    if (this.deletes.size > 0) await deleteIn(db, 'notification', [...this.deletes])
    const all = [...this.writes.values()].flatMap((ofUri) => [...ofUri.values()])
    await insertNotifications(db, all.filter((w) => w.onHeld === 'keep').map((w) => w.row), 'keep')
    await insertNotifications(db, all.filter((w) => w.onHeld === 'update-text').map((w) => w.row), 'update-text')
    this.deletes.clear()
    this.writes.clear()
  }
}

async function insertNotifications(db: Db, rows: Notification[], onHeld: OnHeld): Promise<void> {
  for (const chunk of fixedSizeChunks(rows, NOTIFICATION_ROWS)) {
    await db
      .insertInto('notification')
      .values(chunk)
      .onConflict((oc) => {
        const target = oc.columns(['recipient', 'uri', 'reason'])
        return onHeld === 'keep' ? target.doNothing() : target.doUpdateSet((eb) => ({ text: eb.ref('excluded.text') }))
      })
      .execute()
  }
}

/**
 * A batch's deletes of likes and posts, done together when its events are done: most name records we
 * never held (a delete carries no record to judge). A record written again after its delete in the
 * same batch has its delete done first, at once.
 */
interface BatchDeletes {
  likes: Set<string>
  comments: Set<string>
}

/** Deleted top-level comments leave their replies standing, each as a comment of its own. */
async function deleteComments(db: Db, uris: string[]): Promise<void> {
  await deleteIn(db, 'comment', uris)
  for (let i = 0; i < uris.length; i += DELETE_CHUNK) {
    await db.updateTable('comment').set((eb) => ({ threadUri: eb.ref('uri') })).where('threadUri', 'in', uris.slice(i, i + DELETE_CHUNK)).execute()
  }
}

async function deleteIn(db: Db, table: 'notification' | 'post_like' | 'comment', uris: string[]): Promise<void> {
  for (let i = 0; i < uris.length; i += DELETE_CHUNK) await db.deleteFrom(table).where('uri', 'in', uris.slice(i, i + DELETE_CHUNK)).execute()
}
