import { GrantExpiryScheduler, videosAffectedBy, type IngestCursorSchema, type VideoGraphSchema } from '@framewright/service-kit'
import type { AppContext } from '../context'
import { FEED_ITEMS_TOPIC, refreshFeedItems } from './feed-items'

/**
 * Grants expire with no event: when one does, the videos of that person are re-ranked on time, so
 * a video whose consent ran out leaves every consented feed at its grant's expiresAt. In one
 * transaction (never interleaved with an ingestion batch), which also asks for the follows a
 * mutuals decision turns out to wait for.
 */
export function createGrantExpiry(ctx: AppContext): GrantExpiryScheduler {
  const graphDb = ctx.db.tables<VideoGraphSchema>()
  return new GrantExpiryScheduler({
    db: ctx.db.tables<VideoGraphSchema & IngestCursorSchema>(),
    logger: ctx.logger.child({ subsystem: 'grant-expiry' }),
    onExpired: async (subjects) => {
      const uris = (await Promise.all(subjects.map((subject) => videosAffectedBy(graphDb, { kind: 'grant', subject })))).flat()
      if (uris.length === 0) return
      await ctx.db.db.transaction().execute(async (tx) => {
        await ctx.graph.requestFollows(await refreshFeedItems(tx, uris), tx)
        await ctx.db.notify(FEED_ITEMS_TOPIC, tx)
      })
      ctx.itemsChanged()
    },
  })
}
