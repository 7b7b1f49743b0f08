import type { ExpressionBuilder } from 'kysely'
import type { ListNotifications } from '@framewright/lexicons'
import type { AppContext } from '../context'
import type { AppviewSchema } from '../db/schema'
import { TAKEDOWN_LABEL_VALUES, type AcceptedLabeler } from '../labels/accept'
import { decodeTimeCursor, encodeTimeCursor } from '../likeness/cursor'
import { PEOPLE_TOPIC } from './members'

/** Before anything: someone who never marked their notifications seen has read none. */
const NEVER = '1970-01-01T00:00:00.000Z'

/**
 * Someone asked for their notifications: from now on they are notified (followed-you included)
 * even if they have made no video yet. Returns when they last marked them seen.
 */
export async function enrolForNotifications(ctx: AppContext, did: string): Promise<string> {
  ctx.social.addPerson(did)
  const db = ctx.db.db
  const row = await db.selectFrom('notification_seen').select('seenAt').where('did', '=', did).executeTakeFirst()
  if (row) return row.seenAt
  await db.insertInto('notification_seen').values({ did, seenAt: NEVER }).onConflict((oc) => oc.column('did').doNothing()).execute()
  // The writer may be another process: from now on it notifies them too.
  await ctx.db.notify(PEOPLE_TOPIC, undefined, did)
  return NEVER
}

/** One page of the viewer's notifications, newest first, each marked read when it is older than their seenAt. */
export async function listNotifications(
  ctx: AppContext,
  opts: { viewer: string; limit: number; cursor?: string; labelers: AcceptedLabeler[] },
): Promise<ListNotifications.OutputSchema> {
  const seenAt = await enrolForNotifications(ctx, opts.viewer)
  const after = opts.cursor ? decodeTimeCursor(opts.cursor) : undefined
  let query = ctx.db.db
    .selectFrom('notification')
    .leftJoin('actor', 'actor.did', 'notification.author')
    .selectAll('notification')
    .where('notification.recipient', '=', opts.viewer)
    .where((eb) => eb.or([eb('actor.active', 'is', null), eb('actor.active', '!=', 0)]))
    .where(notTakenDown(opts.labelers))
    .orderBy('notification.indexedAt', 'desc')
    .orderBy('notification.uri', 'desc')
    .limit(opts.limit)
  if (after) query = query.where((eb) => eb(eb.refTuple('notification.indexedAt', 'notification.uri'), '<', eb.tuple(after.sortAt, after.uri)))
  const rows = await query.execute()
  const handles = await ctx.actors.handles(rows.map((r) => r.author))
  const last = rows.at(-1)
  return {
    notifications: rows.map((r) => ({
      uri: r.uri,
      author: { did: r.author, handle: handles.get(r.author) ?? 'handle.invalid' },
      reason: r.reason,
      ...(r.reasonSubject ? { reasonSubject: r.reasonSubject } : {}),
      ...(r.text ? { text: r.text } : {}),
      isRead: r.indexedAt <= seenAt,
      indexedAt: r.indexedAt,
    })),
    cursor: last && rows.length === opts.limit ? encodeTimeCursor({ sortAt: last.indexedAt, uri: last.uri }) : undefined,
    seenAt,
  }
}

/** How many notifications arrived after the viewer last marked them seen (those the list would show), and when that was. */
export async function unreadCount(ctx: AppContext, viewer: string, labelers: AcceptedLabeler[]): Promise<{ count: number; seenAt: string }> {
  const seenAt = await enrolForNotifications(ctx, viewer)
  const row = await ctx.db.db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('recipient', '=', viewer)
    .where('indexedAt', '>', seenAt)
    .where(notTakenDown(labelers))
    .executeTakeFirst()
  return { count: Number(row?.n ?? 0), seenAt }
}

/** Marks everything up to seenAt as read (never moves backwards). */
export async function updateSeen(ctx: AppContext, viewer: string, seenAt: string): Promise<void> {
  const current = await enrolForNotifications(ctx, viewer)
  // A clock ahead of ours must not mark notifications that have not arrived yet as read.
  const at = new Date(Math.min(Date.parse(seenAt), Date.now())).toISOString()
  if (at <= current) return
  await ctx.db.db.updateTable('notification_seen').set({ seenAt: at }).where('did', '=', viewer).execute()
}

/**
 * Leaves out notifications about what a labeler the viewer trusts to take down (`;redact`) took
 * down, as every feed and page does: a `!takedown`/`!suspend` in force on the record that caused
 * it, its author's account, the video it is about, or that video's companion post.
 */
function notTakenDown(labelers: AcceptedLabeler[]) {
  const redacting = labelers.filter((l) => l.redact).map((l) => l.did)
  const now = new Date().toISOString()
  return (eb: ExpressionBuilder<AppviewSchema, 'notification'>) => {
    if (redacting.length === 0) return eb.lit(true)
    const companions = eb
      .selectFrom('video')
      .select('video.crosspostUri')
      .where((v) => v.or([v('video.uri', '=', v.ref('notification.uri')), v('video.uri', '=', v.ref('notification.reasonSubject'))]))
      .where('video.crosspostUri', 'is not', null)
    return eb.not(
      eb.exists(
        eb
          .selectFrom('label')
          .select('label.uri')
          .where('label.src', 'in', redacting)
          .where('label.val', 'in', TAKEDOWN_LABEL_VALUES)
          .where('label.neg', '=', 0)
          .where((l) => l.or([l('label.exp', 'is', null), l('label.exp', '>', now)]))
          .where((l) =>
            l.or([
              l('label.uri', '=', l.ref('notification.uri')),
              l('label.uri', '=', l.ref('notification.author')),
              l('label.uri', '=', l.ref('notification.reasonSubject')),
              l('label.uri', 'in', companions),
            ]),
          ),
      ),
    )
  }
}
