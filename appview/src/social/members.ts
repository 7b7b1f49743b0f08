import type { Kysely } from 'kysely'
import { BSKY_RECORDS, FRAMEWRIGHT_RECORDS } from '@framewright/lexicons'
import { decode } from '@atcute/cbor'
import { ArrivalSets, peekText, type Database, type KeepQuestion, type Logger, type RawDropRule } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'

export const POST = BSKY_RECORDS.post
export const LIKE = BSKY_RECORDS.like
export const FOLLOW = BSKY_RECORDS.follow
export const VIDEO_POST = FRAMEWRIGHT_RECORDS.videoPost
/** The note an API replica sends when it enrols someone for notifications (the payload: their DID). */
export const PEOPLE_TOPIC = 'social-people'

/**
 * Who the social index is about, in memory so that keep rules (synchronous, before any commit is
 * verified) can drop the network's other replies, likes and follows: `people` are those we notify
 * (creators, depicted people, anyone who asked for notifications), `actors` those whose replies,
 * likes or follows of them we hold or are about to (so that their deletes are kept too).
 *
 * Keep rules are judged in stream order before a batch is applied (and the next batch is judged
 * while this one is written), so the rules also count as people those `joining`: the creator and
 * subjects of a video that has passed the rules, not yet applied. Without them a follow in the same
 * or the next batch as someone's first video was dropped.
 */
export class SocialMembers {
  private readonly people = new Set<string>()
  private readonly actors = new Set<string>()
  private readonly joining = new Set<string>()
  /**
   * The companion posts of our videos: the only posts whose replies and likes we index. Judging by
   * the post rather than by its author keeps the network's likes of members' other posts (most of
   * a member's likes) from being decoded, verified and looked up one by one, only to be dropped.
   */
  private readonly companions = new Set<string>()
  /** Companion posts named by videos that have arrived and not been judged yet (see dropOnArrival). */
  private readonly arriving = new Set<string>()
  /**
   * The creators and depicted people of every video that has arrived, noted as it arrives (see
   * dropFollowOnArrival): a superset of those the keep rules will count as people, kept for good (they
   * are people, or about to be, and few beside the network).
   */
  private readonly arrivingPeople = new Set<string>()
  /**
   * What the arrival thread judges replies, likes, follows and their deletes by (see
   * IngestHandler.arrivalSets), standing for dropOnArrival there: the people, companion posts and
   * actors the keep rules count, mirrored; videos arriving there add their people and companion post
   * themselves, ahead of this thread, and the writes it passes their authors as actors.
   */
  readonly arrival = new ArrivalSets()
    .rule(
      { collection: LIKE, path: LIKE_SUBJECT, keepIfIn: COMPANIONS, deletesKeptIfRepoIn: [ACTORS], keptRepoJoins: ACTORS },
      { collection: POST, path: REPLY_ROOT, keepIfIn: COMPANIONS, deletesKeptIfRepoIn: [ACTORS], keptRepoJoins: ACTORS },
    )
    .grows(
      { collection: VIDEO_POST, set: COMPANIONS, path: CROSSPOST_URI },
      { collection: VIDEO_POST, set: PEOPLE, path: 'repo' },
      { collection: VIDEO_POST, set: PEOPLE, path: ['depicts', '*', 'subject'] },
    )

  /** Reads both sets from the database (at start, before ingestion). */
  async load(db: Kysely<AppviewSchema>): Promise<void> {
    const [creators, subjects, seen, commenters, likers] = await Promise.all([
      db.selectFrom('video').select('creator as did').distinct().execute(),
      db.selectFrom('depiction').select('subject as did').distinct().execute(),
      db.selectFrom('notification_seen').select('did').execute(),
      db.selectFrom('comment').select('creator as did').distinct().execute(),
      db.selectFrom('post_like').select('creator as did').distinct().execute(),
    ])
    for (const r of [...creators, ...subjects, ...seen]) this.addPerson(r.did)
    for (const r of [...commenters, ...likers]) this.addActor(r.did)
    const posts = await db.selectFrom('video').select('crosspostUri').where('crosspostUri', 'is not', null).execute()
    for (const r of posts) this.addCompanion(r.crosspostUri!)
    const followers = await db.selectFrom('follow').select('creator as did').distinct().where('subject', 'in', [...this.people, '']).execute()
    for (const r of followers) this.addActor(r.did)
  }

  addPerson(did: string): void {
    this.people.add(did)
    this.joining.delete(did)
    this.arrival.add(PEOPLE, did)
  }

  /**
   * While this process is the appview's writer: people an API replica enrolled for notifications
   * (see PEOPLE_TOPIC) are people here at once; each time it starts listening it reads the tables
   * again, for any enrolled while nobody listened. Returns a function that stops listening.
   */
  hearPeople(db: Pick<Database<AppviewSchema>, 'db' | 'listen'>, logger: Logger): () => Promise<void> {
    return db.listen(PEOPLE_TOPIC, (did) => {
      if (did) return this.addPerson(did)
      void this.load(db.db).catch((err) => logger.warn({ err }, 'could not read the social index’s people again; those enrolled meanwhile count from the next start'))
    })
  }

  /** A video's companion post, whose replies and likes are comments and likes of the video. */
  addCompanion(uri: string): void {
    this.companions.add(uri)
    this.arrival.add(COMPANIONS, uri)
  }

  addActor(did: string): void {
    this.actors.add(did)
    this.arrival.add(ACTORS, did)
  }

  isPerson(did: string): boolean {
    return this.people.has(did)
  }

  /**
   * A video post op passing the keep rules (before it is verified or applied): who it makes people
   * count as such for the ops after it. One that then fails verification leaves its creator counted
   * until restart, which keeps a few follows and replies of theirs we would not have: harmless.
   */
  noteVideo(op: KeepQuestion): void {
    if (op.collection !== VIDEO_POST || op.action === 'delete') return
    for (const did of videoPeople(op.did, op.record)) {
      if (this.people.has(did)) continue
      this.joining.add(did)
      this.arrival.add(PEOPLE, did)
    }
    // Its companion post too (only one in the creator's own repo counts, as the indexer rules).
    const companion = (op.record as { crosspost?: { uri?: unknown } } | undefined)?.crosspost?.uri
    if (typeof companion !== 'string') return
    this.arriving.delete(companion)
    if (companion.startsWith(`at://${op.did}/app.bsky.feed.post/`)) this.addCompanion(companion)
  }

  /**
   * keepsInteraction judged as a write arrives, ahead of the commits queued before it: true only
   * when it will surely drop it. The companion posts of videos queued ahead of it (noted here as they
   * arrive, in stream order) count as well as those known: keepsInteraction counts them by then.
   * Nine in ten of the network's likes and posts are dropped here, never queued.
   */
  dropOnArrival(op: Omit<KeepQuestion, 'record'>, record: Uint8Array): boolean {
    if (op.collection === VIDEO_POST) {
      const companion = peekText(record, CROSSPOST_URI)
      if (typeof companion === 'string') this.arriving.add(companion)
      this.arrivingPeople.add(op.did)
      for (const did of depictedIn(record)) this.arrivingPeople.add(did)
      return false
    }
    if (op.collection !== POST && op.collection !== LIKE) return false
    // As mayKeepInteraction, counting the companions of videos still queued too.
    const target = interactionTarget(op, record)
    // Not a reply (or no subject): dropped whatever comes; bytes the peek does not follow are left to the batch.
    if (target === undefined) return false
    return target === null || (!this.companions.has(target) && !this.arriving.has(target))
  }

  /** Replies into a thread rooted at a companion post, and likes of one; deletes by known actors. */
  keepsInteraction(op: KeepQuestion): boolean {
    if (op.action === 'delete') return this.actors.has(op.did)
    const rec = op.record as { reply?: { root?: { uri?: unknown } }; subject?: { uri?: unknown } } | undefined
    const target = op.collection === POST ? rec?.reply?.root?.uri : rec?.subject?.uri
    if (typeof target !== 'string' || !this.companions.has(target)) return false
    this.noteKept(op.did)
    return true
  }

  /**
   * keepsInteraction judged on a reply's or like's raw record, before it is decoded: false only when
   * keepsInteraction would be false. The network's likes and posts are most of the commits in our
   * collections, and nearly all of them are about someone else's posts.
   */
  mayKeepInteraction(op: Omit<KeepQuestion, 'record'>, record: Uint8Array): boolean {
    if (op.collection !== POST && op.collection !== LIKE) return true
    const target = interactionTarget(op, record)
    // Bytes the peek does not follow are decoded, and judged by keepsInteraction.
    return target === undefined || (target !== null && this.companions.has(target))
  }

  /**
   * Follows of a member (for "followed you"; following oneself tells nobody anything); deletes by
   * someone whose follow of a member we hold.
   */
  keepsFollow(op: KeepQuestion): boolean {
    if (op.action === 'delete') return this.actors.has(op.did)
    const subject = (op.record as { subject?: unknown } | undefined)?.subject
    if (typeof subject !== 'string' || subject === op.did || !this.counts(subject)) return false
    this.noteKept(op.did)
    return true
  }

  /**
   * keepsFollow judged as a follow arrives, ahead of the commits queued before it: true only when it
   * will surely drop it. The people of videos queued ahead (noted here as they arrive) count as well
   * as those known: keepsFollow counts them by then. Two in three of the network's follows are
   * dropped here, never queued.
   */
  dropFollowOnArrival(op: Omit<KeepQuestion, 'record'>, record: Uint8Array): boolean {
    if (op.action === 'delete') return false
    const subject = peekText(record, FOLLOW_SUBJECT)
    if (subject === undefined) return false
    return subject === null || subject === op.did || (!this.counts(subject) && !this.arrivingPeople.has(subject))
  }

  /**
   * keepsFollow judged on a follow's raw record, before it is decoded: false only when keepsFollow
   * would be false. The network's follows are a sixth of its commits, and few are of our people.
   */
  mayKeepFollow(op: Omit<KeepQuestion, 'record'>, record: Uint8Array): boolean {
    if (op.action === 'delete') return true
    const subject = peekText(record, FOLLOW_SUBJECT)
    return subject === undefined || (subject !== null && subject !== op.did && this.counts(subject))
  }

  /**
   * A write the rules keep makes its author an actor at once, not when the indexer applies it: its
   * undo may be judged before that (in the same batch, or in the next one, judged while this one is
   * written), and dropping the undo left a follow, like or comment the repo no longer has. One whose
   * commit then fails verification keeps a few of their deletes we need not have: no-ops.
   */
  private noteKept(author: string): void {
    this.addActor(author)
  }

  /** Whether the keep rules treat someone as a person: they are one, or a video on its way makes them one. */
  private counts(did: string): boolean {
    return this.people.has(did) || this.joining.has(did)
  }
}

/** The arrival thread's sets (see SocialMembers.arrival); the follows rule reads PEOPLE and ACTORS too. */
export const PEOPLE = 'people'
export const ACTORS = 'actors'
const COMPANIONS = 'companions'
const REPLY_ROOT = ['reply', 'root', 'uri'] as const
/** A new post that is not a reply: no interaction with anyone's post, whoever the appview knows. */
export const NOT_A_REPLY: RawDropRule = { collection: POST, path: REPLY_ROOT }
const LIKE_SUBJECT = ['subject', 'uri'] as const
const CROSSPOST_URI = ['crosspost', 'uri'] as const

/** What a raw reply or like is about: its thread's root, or the liked post (see peekText for null and undefined). */
function interactionTarget(op: Pick<KeepQuestion, 'collection'>, record: Uint8Array): string | null | undefined {
  return peekText(record, op.collection === POST ? REPLY_ROOT : LIKE_SUBJECT)
}
const FOLLOW_SUBJECT = ['subject'] as const

/**
 * The people a raw video record says it depicts, decoded (videos are one in twenty of our records);
 * none when it does not decode as a map (the batch then judges it, and files what is wrong with it).
 */
function depictedIn(record: Uint8Array): string[] {
  try {
    return depictedBy(decode(record))
  } catch {
    return []
  }
}

/** A video record's creator and the people it says it depicts. */
export function videoPeople(creator: string, record: unknown): string[] {
  return [creator, ...depictedBy(record)]
}

/** The people a decoded video record says it depicts. */
function depictedBy(record: unknown): string[] {
  const depicts = (record as { depicts?: unknown } | undefined)?.depicts
  return Array.isArray(depicts) ? depicts.flatMap((d: { subject?: unknown }) => (typeof d?.subject === 'string' ? [d.subject] : [])) : []
}

/** The repo DID of an at-uri. */
export function didOf(uri: string): string {
  return uri.replace(/^at:\/\//, '').split('/')[0] ?? ''
}
