import type { Kysely } from 'kysely'
import { consentForVideos, type Database, type VideoGraphSchema } from '@framewright/service-kit'
import type { FeedgenSchema } from '../db/schema'
import { creationFirstRank } from './creation-first'

/**
 * Recomputes the feed_item rows of the given videos from the video graph: rank, consent and
 * context. Videos that no longer exist, or whose creator's account is inactive, leave the feed.
 * Idempotent, so it can run on every replayed event.
 */
export async function refreshFeedItems(database: Database<FeedgenSchema>, uris: string[]): Promise<void> {
  const db = database.db
  const unique = [...new Set(uris)]
  if (unique.length === 0) return
  const videos = await db
    .selectFrom('video')
    .leftJoin('actor', 'actor.did', 'video.creator')
    .select(['video.uri', 'video.creator', 'video.sortAt', 'video.remixOfUri', 'video.crosspostUri', 'actor.active'])
    .where('video.uri', 'in', unique)
    .execute()
  const live = videos.filter((v) => v.active !== 0)
  const liveUris = live.map((v) => v.uri)
  // Batched: one query each for consent, remix counts and each video's place in its creator's
  // history, however many videos an event touches.
  const [consent, remixCounts, positions] = await Promise.all([
    consentForVideos(database.tables<VideoGraphSchema>(), liveUris),
    liveUris.length === 0
      ? []
      : db
          .selectFrom('video')
          .select(['remixOfUri', (eb) => eb.fn.countAll<number>().as('n')])
          .where('remixOfUri', 'in', liveUris)
          .groupBy('remixOfUri')
          .execute(),
    live.length === 0
      ? []
      : db
          .selectFrom('video')
          .select(['uri', (eb) => eb.fn.agg<number>('row_number').over((ob) => ob.partitionBy('creator').orderBy('sortAt').orderBy('uri')).as('position')])
          .where('creator', 'in', [...new Set(live.map((v) => v.creator))])
          .execute(),
  ])
  const remixesOf = new Map(remixCounts.map((r) => [r.remixOfUri, Number(r.n)]))
  const earlierBy = new Map(positions.map((p) => [p.uri, Number(p.position) - 1]))
  const rows = live.map((v) => {
    const { rank, context } = creationFirstRank({
      sortAtMs: Date.parse(v.sortAt),
      isRemix: v.remixOfUri !== null,
      earlierVideosByCreator: earlierBy.get(v.uri) ?? 0,
      remixCount: remixesOf.get(v.uri) ?? 0,
    })
    const consented = (consent.get(v.uri) ?? []).every((d) => d.decision.consented)
    return {
      uri: v.uri,
      post: v.crosspostUri ?? v.uri,
      creator: v.creator,
      rank,
      madeAt: Date.parse(v.sortAt),
      consented: consented ? 1 : 0,
      context,
    }
  })
  await db.transaction().execute(async (tx) => {
    const gone = unique.filter((uri) => !rows.some((r) => r.uri === uri))
    if (gone.length > 0) await tx.deleteFrom('feed_item').where('uri', 'in', gone).execute()
    for (const row of rows) {
      await tx.insertInto('feed_item').values(row).onConflict((oc) => oc.column('uri').doUpdateSet(row)).execute()
    }
  })
}

/** Every video of a creator (to refresh them all when their account changes status). */
export async function videosByCreator(db: Kysely<FeedgenSchema>, creator: string): Promise<string[]> {
  const rows = await db.selectFrom('video').select('uri').where('creator', '=', creator).execute()
  return rows.map((r) => r.uri)
}
