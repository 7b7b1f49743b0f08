import {
  createVideoGraphIngester,
  videosAffectedBy,
  type Database,
  type FirehoseIngester,
  type IngestSource,
  type VideoGraphSchema,
} from '@framewright/service-kit'
import { FRAMEWRIGHT_RECORDS } from '@framewright/lexicons'
import type { FeedgenSchema } from '../db/schema'
import { refreshFeedItems, videosByCreator } from '../ranking/feed-items'
import { indexFeedPrefs } from './prefs'

/**
 * The feed generator's ingestion: firehose → video graph → feed items, and viewers' feed prefs.
 * Every graph change re-ranks the videos it touches, so a revoked grant takes a video out of the
 * feed at once.
 */
export function createFeedIngester(
  opts: IngestSource & { db: Database<FeedgenSchema>; onItemsChanged?: () => void; onGrantChange?: (did: string) => void },
): FirehoseIngester {
  const graphDb = opts.db.tables<VideoGraphSchema>()
  return createVideoGraphIngester({
    ...opts,
    db: graphDb,
    extraCollections: [FRAMEWRIGHT_RECORDS.feedPrefs],
    onOtherEvent: (evt) => indexFeedPrefs(opts.db.db, evt),
    onChange: async (change) => {
      if (change.kind === 'grant') opts.onGrantChange?.(change.subject) // its expiry may now come sooner
      const uris = await videosAffectedBy(graphDb, change)
      if (change.kind === 'video') uris.push(...change.remixOf)
      if (change.kind === 'account') uris.push(...(await videosByCreator(opts.db.db, change.did)))
      await refreshFeedItems(opts.db, uris)
      if (uris.length > 0) opts.onItemsChanged?.()
    },
  })
}
