import type { AppContext } from '../context'
import { serveWithinDailyLimit, viewerDailyLimit } from '../finite/daily-limit'
import { askedLessOf } from '../interactions/store'
import { decodeCursor, encodeCursor } from './cursor'
import type { SkeletonPage } from './types'

/**
 * One page of feed_item in descending (key, uri) order, after the cursor, ending for good once
 * `maxDepth` items have been served from the top (the cursor counts them). The row-value
 * comparison lets SQLite walk the matching index instead of scanning (see bench/feed-skeleton.ts).
 */
export async function keysetPage(
  ctx: AppContext,
  opts: {
    key: 'rank' | 'madeAt'
    consentedOnly: boolean
    limit: number
    maxDepth: number
    cursor?: string
    context?: (row: { context: string }) => string
    /** A signed-in viewer: what they asked for less of stays out, and the page counts against their daily limit. */
    viewer?: string
  },
): Promise<SkeletonPage> {
  const after = opts.cursor ? decodeCursor(opts.cursor) : undefined
  const depth = after?.depth ?? 0
  const take = Math.min(opts.limit, opts.maxDepth - depth)
  if (take <= 0) return { feed: [] }
  let query = ctx.db.db
    .selectFrom('feed_item')
    .select(['uri', 'post', 'rank', 'madeAt', 'context'])
    .orderBy(opts.key, 'desc')
    .orderBy('uri', 'desc')
    .limit(take)
  if (opts.consentedOnly) query = query.where('consented', '=', 1)
  const viewer = opts.viewer
  if (viewer) query = query.where('uri', 'not in', (eb) => askedLessOf(eb, viewer))
  if (after) query = query.where((eb) => eb(eb.refTuple(opts.key, 'uri'), '<', eb.tuple(after.rank, after.uri)))
  const found = await query.execute()
  // The daily limit is one count across all our feeds: without this, switching to Fresh dodged it.
  const limited = viewer
    ? await serveWithinDailyLimit(ctx.db.db, viewer, found, await viewerDailyLimit(ctx.db.db, viewer, ctx.cfg.defaultDailyLimit), new Date())
    : { admitted: found, limitReached: false, end: undefined }
  const rows = limited.admitted
  const last = rows.at(-1)
  const reached = depth + rows.length
  return {
    feed: rows.map((r) => ({ post: r.post, feedContext: opts.context ? opts.context(r) : r.context })),
    // A short page, the depth limit or the daily limit means the feed has ended: no cursor, so clients stop asking.
    cursor:
      last && rows.length === take && !limited.limitReached && reached < opts.maxDepth
        ? encodeCursor({ rank: Number(last[opts.key]), uri: last.uri, depth: reached })
        : undefined,
    end: limited.end,
  }
}
