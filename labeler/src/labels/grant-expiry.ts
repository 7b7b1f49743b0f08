import { GrantExpiryScheduler, videosAffectedBy, type IngestCursorSchema, type VideoGraphSchema } from '@framewright/service-kit'
import type { AppContext } from '../context'

/**
 * Grants expire with no event: when one does, every video of that person is labeled again on
 * time (unconsented and revoked, as for a deleted grant), by the same engine as any graph change,
 * in a transaction of its own so that it never interleaves with an ingestion batch.
 */
export function createGrantExpiry(ctx: AppContext): GrantExpiryScheduler {
  const graphDb = ctx.db.tables<VideoGraphSchema>()
  return new GrantExpiryScheduler({
    db: ctx.db.tables<VideoGraphSchema & IngestCursorSchema>(),
    logger: ctx.logger.child({ subsystem: 'grant-expiry' }),
    onExpired: async (subjects) => {
      const uris = await Promise.all(subjects.map((subject) => videosAffectedBy(graphDb, { kind: 'grant', subject })))
      await ctx.engine.evaluateAlone(uris.flat())
    },
  })
}
