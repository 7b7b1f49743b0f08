import type { FeedAlgorithm } from './types'
import { decodeCursor, encodeCursor } from './cursor'

/** The default feed: consent-clean videos, ranked by creation-first rank (ranking/creation-first.ts). */
export const creationFirst: FeedAlgorithm = {
  rkey: 'creation-first',
  displayName: 'Creation First',
  description: 'New AI videos, with remixes and new creators lifted up. Consent-clean only. Never ranked by watch time.',
  async page(ctx, { limit, cursor }) {
    const after = cursor ? decodeCursor(cursor) : undefined
    let query = ctx.db.db
      .selectFrom('feed_item')
      .select(['uri', 'post', 'rank', 'context'])
      .where('consented', '=', 1)
      .orderBy('rank', 'desc')
      .orderBy('uri', 'desc')
      .limit(limit)
    if (after) {
      // Row-value comparison: lets SQLite walk the (consented, rank, uri) index instead of scanning.
      query = query.where((eb) => eb(eb.refTuple('rank', 'uri'), '<', eb.tuple(after.rank, after.uri)))
    }
    const rows = await query.execute()
    const last = rows.at(-1)
    return {
      feed: rows.map((r) => ({ post: r.post, feedContext: r.context })),
      // A short page means the feed has ended: no cursor, so clients stop asking.
      cursor: last && rows.length === limit ? encodeCursor({ rank: Number(last.rank), uri: last.uri }) : undefined,
    }
  },
}
