import type { Kysely } from 'kysely'
import type { KeepQuestion } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'

export const POST = 'app.bsky.feed.post'
export const LIKE = 'app.bsky.feed.like'
export const FOLLOW = 'app.bsky.graph.follow'

/**
 * Who the social index is about, in memory so that keep rules (synchronous, before any commit is
 * verified) can drop the network's other replies, likes and follows: `people` are those we notify
 * (creators, depicted people, anyone who asked for notifications), `actors` those whose replies,
 * likes or follows of them we hold (so that their deletes are kept too).
 */
export class SocialMembers {
  private readonly people = new Set<string>()
  private readonly actors = new Set<string>()
  /**
   * The companion posts of our videos: the only posts whose replies and likes we index. Judging by
   * the post rather than by its author keeps the network's likes of members' other posts (most of
   * a member's likes) from being decoded, verified and looked up one by one, only to be dropped.
   */
  private readonly companions = new Set<string>()

  /** Reads both sets from the database (at start, before ingestion). */
  async load(db: Kysely<AppviewSchema>): Promise<void> {
    const [creators, subjects, seen, commenters, likers] = await Promise.all([
      db.selectFrom('video').select('creator as did').distinct().execute(),
      db.selectFrom('depiction').select('subject as did').distinct().execute(),
      db.selectFrom('notification_seen').select('did').execute(),
      db.selectFrom('comment').select('creator as did').distinct().execute(),
      db.selectFrom('post_like').select('creator as did').distinct().execute(),
    ])
    for (const r of [...creators, ...subjects, ...seen]) this.people.add(r.did)
    for (const r of [...commenters, ...likers]) this.actors.add(r.did)
    const posts = await db.selectFrom('video').select('crosspostUri').where('crosspostUri', 'is not', null).execute()
    for (const r of posts) this.companions.add(r.crosspostUri!)
    const followers = await db.selectFrom('follow').select('creator as did').distinct().where('subject', 'in', [...this.people, '']).execute()
    for (const r of followers) this.actors.add(r.did)
  }

  addPerson(did: string): void {
    this.people.add(did)
  }

  /** A video's companion post, whose replies and likes are comments and likes of the video. */
  addCompanion(uri: string): void {
    this.companions.add(uri)
  }

  addActor(did: string): void {
    this.actors.add(did)
  }

  isPerson(did: string): boolean {
    return this.people.has(did)
  }

  /** Replies into a thread rooted at a companion post, and likes of one; deletes by known actors. */
  keepsInteraction(op: KeepQuestion): boolean {
    if (op.action === 'delete') return this.actors.has(op.did)
    const rec = op.record as { reply?: { root?: { uri?: unknown } }; subject?: { uri?: unknown } } | undefined
    const target = op.collection === POST ? rec?.reply?.root?.uri : rec?.subject?.uri
    return typeof target === 'string' && this.companions.has(target)
  }

  /** Follows of a member (for "followed you"); deletes by someone whose follow of a member we hold. */
  keepsFollow(op: KeepQuestion): boolean {
    if (op.action === 'delete') return this.actors.has(op.did)
    const subject = (op.record as { subject?: unknown } | undefined)?.subject
    return typeof subject === 'string' && this.people.has(subject)
  }
}

/** The repo DID of an at-uri. */
export function didOf(uri: string): string {
  return uri.replace(/^at:\/\//, '').split('/')[0] ?? ''
}
