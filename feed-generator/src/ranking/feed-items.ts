import type { Kysely } from 'kysely'
import { consentForVideos, type Database, type VideoGraphSchema } from '@framewright/service-kit'
import type { FeedgenSchema } from '../db/schema'
import { tagColumn, wordColumn, wordsOf } from '../steering/words'
import { BONUS, creationFirstRank } from './creation-first'

/**
 * Recomputes the feed_item rows of the given videos from the video graph: rank, consent and
 * context. Videos that no longer exist, whose creator's account is inactive, or that have no
 * companion post of their own, leave the feed.
 * Idempotent, so it can run on every replayed event.
 */
export async function refreshFeedItems(database: Database<FeedgenSchema>, uris: string[]): Promise<void> {
  const db = database.db
  const unique = [...new Set(uris)]
  if (unique.length === 0) return
  const videos = await db
    .selectFrom('video')
    .leftJoin('actor', 'actor.did', 'video.creator')
    .select(['video.uri', 'video.creator', 'video.sortAt', 'video.remixOfUri', 'video.crosspostUri', 'video.text', 'video.prompt', 'video.record', 'actor.active'])
    .where('video.uri', 'in', unique)
    .execute()
  // A skeleton is read by Bluesky appviews, which can only hydrate posts: a video without its own
  // companion post (the indexer drops one in a stranger's repo) has nothing to list, so it is left out.
  const live = videos.filter((v) => v.active !== 0 && v.crosspostUri !== null)
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
    const facts = {
      sortAtMs: Date.parse(v.sortAt),
      isRemix: v.remixOfUri !== null,
      earlierVideosByCreator: earlierBy.get(v.uri) ?? 0,
      remixCount: remixesOf.get(v.uri) ?? 0,
    }
    const { rank, context } = creationFirstRank(facts)
    const consented = (consent.get(v.uri) ?? []).every((d) => d.decision.consented)
    const tags = tagsOf(v.record)
    return {
      uri: v.uri,
      post: v.crosspostUri!,
      creator: v.creator,
      rank,
      madeAt: Date.parse(v.sortAt),
      consented: consented ? 1 : 0,
      context,
      // The facts again, so that a viewer's steering can re-score the item (steering/score.ts).
      isRemix: facts.isRemix ? 1 : 0,
      newCreator: facts.earlierVideosByCreator < BONUS.newCreatorVideos ? 1 : 0,
      remixCount: facts.remixCount,
      tags: tagColumn(tags),
      words: wordColumn(wordsOf(tags.join(' '), v.prompt, v.text)),
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

/** The tags of a stored video record (the graph keeps the whole record as JSON). */
function tagsOf(recordJson: string): string[] {
  try {
    const tags = (JSON.parse(recordJson) as { tags?: unknown }).tags
    return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
}

/**
 * Refreshes the feed items written before steering existed (their `words` are null), in batches,
 * so that every item can be re-scored for a viewer. Runs at start; a no-op once done.
 */
export async function refreshUnsteerableItems(database: Database<FeedgenSchema>, batch = 500): Promise<number> {
  let done = 0
  for (;;) {
    const rows = await database.db.selectFrom('feed_item').select('uri').where('words', 'is', null).limit(batch).execute()
    if (rows.length === 0) return done
    await refreshFeedItems(database, rows.map((r) => r.uri))
    // A row refreshFeedItems neither rewrote nor removed would loop forever: drop it instead.
    await database.db.deleteFrom('feed_item').where('uri', 'in', rows.map((r) => r.uri)).where('words', 'is', null).execute()
    done += rows.length
  }
}

/** Every video of a creator (to refresh them all when their account changes status). */
export async function videosByCreator(db: Kysely<FeedgenSchema>, creator: string): Promise<string[]> {
  const rows = await db.selectFrom('video').select('uri').where('creator', '=', creator).execute()
  return rows.map((r) => r.uri)
}
