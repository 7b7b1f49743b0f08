import type { AppContext } from '../context'
import { decodeCursor, encodeCursor } from './cursor'
import type { SkeletonPage } from './types'

/**
 * One page of feed_item in descending (key, uri) order, after the cursor. The row-value
 * comparison lets SQLite walk the matching index instead of scanning (see bench/feed-skeleton.ts).
 */
export async function keysetPage(
  ctx: AppContext,
  opts: { key: 'rank' | 'madeAt'; consentedOnly: boolean; limit: number; cursor?: string; context?: (row: { context: string }) => string },
): Promise<SkeletonPage> {
  const after = opts.cursor ? decodeCursor(opts.cursor) : undefined
  let query = ctx.db.db
    .selectFrom('feed_item')
    .select(['uri', 'post', 'rank', 'madeAt', 'context'])
    .orderBy(opts.key, 'desc')
    .orderBy('uri', 'desc')
    .limit(opts.limit)
  if (opts.consentedOnly) query = query.where('consented', '=', 1)
  if (after) query = query.where((eb) => eb(eb.refTuple(opts.key, 'uri'), '<', eb.tuple(after.rank, after.uri)))
  const rows = await query.execute()
  const last = rows.at(-1)
  return {
    feed: rows.map((r) => ({ post: r.post, feedContext: opts.context ? opts.context(r) : r.context })),
    // A short page means the feed has ended: no cursor, so clients stop asking.
    cursor: last && rows.length === opts.limit ? encodeCursor({ rank: Number(last[opts.key]), uri: last.uri }) : undefined,
  }
}
