import type { Kysely } from 'kysely'
import {
  createVideoGraphIngester,
  videosAffectedByAll,
  type Database,
  type FirehoseIngester,
  type GraphChange,
  type IngestSource,
  type VideoGraph,
  type VideoGraphSchema,
} from '@framewright/service-kit'
import { FRAMEWRIGHT_RECORDS } from '@framewright/lexicons'
import type { FeedgenSchema } from '../db/schema'
import { FEED_ITEMS_TOPIC, firstVideosOf, refreshFeedItems, videosByCreator } from '../ranking/feed-items'
import { indexFeedPrefs } from './prefs'

/**
 * The feed generator's ingestion: firehose → video graph → feed items, and viewers' feed prefs.
 * Each batch re-ranks every video its changes touch, once, so a revoked grant takes a video out of
 * the feed at once. A viewer who writes prefs becomes a participant: their follows are kept from
 * then on and their older ones fetched (the following and friends-cameos feeds read them).
 */
export function createFeedIngester(
  opts: IngestSource & {
    db: Database<FeedgenSchema>
    graph: VideoGraph
    onItemsChanged?: () => void
    /** Grants of these people were written in `tx` (not committed yet): their expiry may now come sooner. */
    onGrantsWritten?: (subjects: string[], tx: Kysely<FeedgenSchema>) => Promise<void>
  },
): FirehoseIngester {
  return createVideoGraphIngester({
    ...opts,
    db: opts.db.db,
    reads: opts.db.reads(),
    extraCollections: [FRAMEWRIGHT_RECORDS.feedPrefs],
    // Prefs make their writer a viewer (a participant) when applied, a batch after the keep rules
    // judged what follows them: they count from the keep rules on, in stream order, so that a follow of
    // theirs in the same or the next batch is kept live rather than left to the fetch of their follows.
    participantRecords: [FRAMEWRIGHT_RECORDS.feedPrefs],
    batch: () => ({
      onEvent: async (evt, tx) => {
        await indexFeedPrefs(tx, evt)
        if (evt.event !== 'delete' && 'collection' in evt && evt.collection === FRAMEWRIGHT_RECORDS.feedPrefs) await opts.graph.noteViewer(evt.did, tx)
      },
      finish: (changes, tx) => reactToChanges(tx, changes, opts),
    }),
  })
}

/** Re-ranks the videos a batch of graph changes touches (also run when someone's follows arrive). */
async function reactToChanges(
  tx: Kysely<FeedgenSchema>,
  changes: GraphChange[],
  opts: {
    db: Database<FeedgenSchema>
    graph: VideoGraph
    onItemsChanged?: () => void
    onGrantsWritten?: (subjects: string[], tx: Kysely<FeedgenSchema>) => Promise<void>
  },
) {
  const graphDb = tx as unknown as Kysely<VideoGraphSchema>
  const grants = changes.flatMap((c) => (c.kind === 'grant' ? [c.subject] : []))
  if (grants.length > 0) await opts.onGrantsWritten?.(grants, tx)
  const uris = await videosAffectedByAll(graphDb, changes)
  const creators = new Set<string>()
  for (const change of changes) {
    if (change.kind === 'video') {
      uris.push(...change.remixOf)
      creators.add(change.creator)
    }
    if (change.kind === 'account') uris.push(...(await videosByCreator(tx, change.did)))
  }
  // A creator's first videos carry the new-creator bonus: a video made or deleted can move another
  // of theirs into or out of that set, so those are ranked again too (the rank then depends only on
  // what exists, not on how the events were batched).
  if (creators.size > 0) uris.push(...(await firstVideosOf(tx, creators)))
  const waitingFor = await refreshFeedItems(tx, uris)
  await opts.graph.requestFollows(waitingFor, tx)
  if (uris.length > 0) {
    // Other processes (API replicas on Postgres) hear of it when the batch commits.
    await opts.db.notify(FEED_ITEMS_TOPIC, tx)
    opts.onItemsChanged?.()
  }
}
