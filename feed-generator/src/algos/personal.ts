import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { AppContext } from '../context'
import type { FeedgenSchema } from '../db/schema'
import { serveWithinDailyLimit } from '../finite/daily-limit'
import { askedLessOf } from '../interactions/store'
import { decodeCursor, encodeCursor } from './cursor'
import type { SkeletonPage } from './types'

/** Which feed_item rows belong to a viewer's personal feed. */
export type PersonalScope = (eb: ExpressionBuilder<FeedgenSchema, 'feed_item'>, viewer: string) => Expression<SqlBool>

/**
 * A feed of people the viewer knows: consented items in `scope`, newest first, paged by a
 * (madeAt, uri) keyset, minus what the viewer asked for less of, and ended at their daily limit.
 * Only a signed-in viewer has one: anyone else gets an empty page with no cursor (the feed's end),
 * not an error, so a client that does not sign requests shows an empty feed; `end` tells ours to
 * ask them to sign in.
 */
export async function personalPage(
  ctx: AppContext,
  params: { viewer?: string; limit: number; cursor?: string },
  opts: { scope: PersonalScope; context: (uris: string[], viewer: string) => Promise<Map<string, string>> },
): Promise<SkeletonPage> {
  const viewer = params.viewer
  if (!viewer) return { feed: [], end: { reason: 'authRequired' } }
  const after = params.cursor ? decodeCursor(params.cursor) : undefined
  const db = ctx.db.db
  let query = db
    .selectFrom('feed_item')
    .select(['feed_item.uri', 'feed_item.post', 'feed_item.madeAt'])
    .where('feed_item.consented', '=', 1)
    .where((eb) => opts.scope(eb, viewer))
    .where('feed_item.uri', 'not in', (eb) => askedLessOf(eb, viewer))
    .orderBy('feed_item.madeAt', 'desc')
    .orderBy('feed_item.uri', 'desc')
    // One more than asked: whether a next page exists, so the last page is never an empty one.
    .limit(params.limit + 1)
  if (after) query = query.where((eb) => eb(eb.refTuple('feed_item.madeAt', 'feed_item.uri'), '<', eb.tuple(after.rank, after.uri)))
  const [found, prefs] = await Promise.all([
    query.execute(),
    db.selectFrom('feed_prefs').select('dailyLimit').where('did', '=', viewer).executeTakeFirst(),
  ])
  const rows = found.slice(0, params.limit)
  const { admitted, limitReached, end } = await serveWithinDailyLimit(db, viewer, rows, prefs?.dailyLimit ?? ctx.cfg.defaultDailyLimit, new Date())
  const contexts = await opts.context(admitted.map((r) => r.uri), viewer)
  const last = admitted.at(-1)
  return {
    feed: admitted.map((r) => ({ post: r.post, feedContext: contexts.get(r.uri) })),
    cursor: found.length > params.limit && !limitReached && last ? encodeCursor({ rank: Number(last.madeAt), uri: last.uri }) : undefined,
    end,
  }
}
