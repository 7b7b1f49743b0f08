import { sql, type Kysely } from 'kysely'
import { Database, consentForVideos, pendingFollows, serializeWith, valuesOf, type VideoGraphSchema } from '@framewright/service-kit'
import type { FeedgenSchema } from '../db/schema'
import { tagColumn, wordColumn, wordsOf } from '../steering/words'
import { BONUS, creationFirstRank } from './creation-first'

/**
 * The note (Postgres NOTIFY, delivered at commit) every process of the feed generator hears when
 * feed items change: API replicas read their candidate window and anonymous pages again at once.
 */
export const FEED_ITEMS_TOPIC = 'feed_items'

/**
 * Recomputes the feed_item rows of the given videos from the video graph: rank, consent and
 * context. Videos that no longer exist, whose creator's account is inactive, or that have no
 * companion post of their own, leave the feed. Idempotent, so it can run on every replayed event,
 * and batched: a constant number of queries however many videos a batch of events touches. Writes
 * through `db`, which during ingestion is the batch's transaction.
 *
 * Returns the people whose follows the consent rule is waiting for (a mutuals grant whose follows
 * the index does not know in full yet): their videos stay out until those are fetched.
 */
export async function refreshFeedItems(target: Kysely<FeedgenSchema> | Database<FeedgenSchema>, uris: string[]): Promise<string[]> {
  const db = target instanceof Database ? target.db : target
  const unique = [...new Set(uris)]
  if (unique.length === 0) return []
  // Before reading: a refresh outside ingestion (a grant's expiry) computed from what it read
  // must not commit over a batch's newer rows. SQLite runs one transaction at a time anyway.
  if (db.isTransaction) await serializeWith(db, 'feed items')
  const videos = await db
    .selectFrom('video')
    .leftJoin('actor', 'actor.did', 'video.creator')
    .select(['video.uri', 'video.creator', 'video.sortAt', 'video.remixOfUri', 'video.crosspostUri', 'video.text', 'video.prompt', 'video.record', 'actor.active'])
    // Whether the creator had made fewer than BONUS.newCreatorVideos videos before this one: the
    // creator's Nth video (by sortAt, uri) is found through the (creator, sortAt) index in a few
    // steps, however many videos the creator has.
    .select((eb) => [
      eb
        .selectFrom('video as earlier')
        .select('earlier.sortAt')
        .whereRef('earlier.creator', '=', 'video.creator')
        .orderBy('earlier.sortAt')
        .orderBy('earlier.uri')
        .limit(1)
        .offset(BONUS.newCreatorVideos - 1)
        .as('nthSortAt'),
      eb
        .selectFrom('video as earlier')
        .select('earlier.uri')
        .whereRef('earlier.creator', '=', 'video.creator')
        .orderBy('earlier.sortAt')
        .orderBy('earlier.uri')
        .limit(1)
        .offset(BONUS.newCreatorVideos - 1)
        .as('nthUri'),
    ])
    .where('video.uri', 'in', valuesOf(db, unique))
    .execute()
  // A skeleton is read by Bluesky appviews, which can only hydrate posts: a video without its own
  // companion post (the indexer drops one in a stranger's repo) has nothing to list, so it is left out.
  const live = videos.filter((v) => v.active !== 0 && v.crosspostUri !== null)
  const liveUris = live.map((v) => v.uri)
  const [consent, remixCounts] = await Promise.all([
    consentForVideos(db as unknown as Kysely<VideoGraphSchema>, liveUris),
    liveUris.length === 0
      ? []
      : db
          .selectFrom('video')
          .select(['remixOfUri', (eb) => eb.fn.countAll<number>().as('n')])
          .where('remixOfUri', 'in', liveUris)
          .groupBy('remixOfUri')
          .execute(),
  ])
  const remixesOf = new Map(remixCounts.map((r) => [r.remixOfUri, Number(r.n)]))
  const rows = live.map((v) => {
    // At or before the creator's Nth video (or they have fewer): one of their first N.
    const isEarly = v.nthSortAt === null || v.nthUri === null || v.sortAt < v.nthSortAt || (v.sortAt === v.nthSortAt && v.uri <= v.nthUri)
    const facts = {
      sortAtMs: Date.parse(v.sortAt),
      isRemix: v.remixOfUri !== null,
      earlierVideosByCreator: isEarly ? 0 : BONUS.newCreatorVideos,
      remixCount: remixesOf.get(v.uri) ?? 0,
    }
    const { rank, context } = creationFirstRank(facts)
    const depictions = consent.get(v.uri) ?? []
    // A decision still waiting for someone's follows is not a consent (yet): the item stays out
    // until they are fetched, then this runs again.
    const consented = depictions.every((d) => d.decision.consented)
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
      newCreator: isEarly ? 1 : 0,
      remixCount: facts.remixCount,
      tags: tagColumn(tags),
      words: wordColumn(wordsOf(tags.join(' '), v.prompt, v.text)),
    }
  })
  const kept = new Set(rows.map((r) => r.uri))
  const gone = unique.filter((uri) => !kept.has(uri))
  if (gone.length > 0) await db.deleteFrom('feed_item').where('uri', 'in', valuesOf(db, gone)).execute()
  for (const row of rows) {
    await db.insertInto('feed_item').values(row).onConflict((oc) => oc.column('uri').doUpdateSet(row)).execute()
  }
  return pendingFollows([...consent.values()].flat())
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
    await database.db.transaction().execute((tx) => refreshFeedItems(tx, rows.map((r) => r.uri)))
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

/**
 * The first videos (by sortAt, then URI) of each of these creators: one more each than get the
 * new-creator bonus. One query for the whole batch's creators (it ran once per video event), each
 * creator's rows read in order through the (creator, sortAt) index.
 */
export async function firstVideosOf(db: Kysely<FeedgenSchema>, creators: Iterable<string>): Promise<string[]> {
  const unique = [...new Set(creators)]
  const uris: string[] = []
  for (let i = 0; i < unique.length; i += 500) {
    const ranked = db
      .selectFrom('video')
      .select(['uri', sql<number>`row_number() over (partition by "creator" order by "sortAt", "uri")`.as('nth')])
      .where('creator', 'in', unique.slice(i, i + 500))
      .as('ranked')
    const rows = await db.selectFrom(ranked).select('ranked.uri').where('ranked.nth', '<=', BONUS.newCreatorVideos + 1).execute()
    uris.push(...rows.map((r) => r.uri))
  }
  return uris
}
