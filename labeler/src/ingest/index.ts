import {
  createVideoGraphIngester,
  videosAffectedBy,
  type Database,
  type FirehoseIngester,
  type IngestSource,
  type VideoGraphSchema,
} from '@framewright/service-kit'
import { ids } from '@framewright/lexicons'
import type { LabelerSchema } from '../db/schema'
import type { LabelingEngine } from '../labels/engine'
import { BSKY_POST, VideoPostIndexer } from './video-posts'

/**
 * The labeler's ingestion: firehose → video graph → labeling engine. Any change that can move a
 * video's consent (its record, a grant, a review, a follow) re-evaluates every video it touches.
 * Plain Bluesky posts that embed a video are indexed too, and matched to our videos by blob CID:
 * a post change re-evaluates that post, a video change re-evaluates every post of its bytes (the
 * blob it had before the change as well as the one it has now).
 */
export function createLabelIngester(
  opts: IngestSource & { db: Database<LabelerSchema>; engine: LabelingEngine; onGrantChange?: (did: string) => void },
): FirehoseIngester {
  const graphDb = opts.db.tables<VideoGraphSchema>()
  const posts = new VideoPostIndexer(opts.db.db)
  // A video's blob and companion post before the event that changes it, read before the graph
  // forgets them (a delete). Events of one repo are handled in order, so the entry is always the one
  // for this event.
  const before = new Map<string, { blobCid: string; crosspostUri: string | null }>()
  return createVideoGraphIngester({
    ...opts,
    db: graphDb,
    extraCollections: [BSKY_POST],
    onOtherEvent: async (evt) => {
      if (!('collection' in evt)) return
      if (evt.collection === ids.AppFramewrightVideoPost) {
        const uri = evt.uri.toString()
        const row = await graphDb.selectFrom('video').select(['blobCid', 'crosspostUri']).where('uri', '=', uri).executeTakeFirst()
        if (row) before.set(uri, row)
        else before.delete(uri)
        return
      }
      const change = await posts.handle(evt, ({ uri, removed }) => opts.engine.evaluatePosts([uri], new Map([[uri, removed]])).then(() => undefined))
      if (change && !change.removed) await opts.engine.evaluatePosts([change.uri])
    },
    onChange: async (change) => {
      if (change.kind === 'grant') opts.onGrantChange?.(change.subject) // its expiry may now come sooner
      const was = change.kind === 'video' ? before.get(change.uri) : undefined
      const formerCompanions = new Map(change.kind === 'video' && was?.crosspostUri ? [[change.uri, was.crosspostUri]] : [])
      await opts.engine.evaluate(await videosAffectedBy(graphDb, change), formerCompanions)
      if (change.kind !== 'video') return
      const now = await graphDb.selectFrom('video').select('blobCid').where('uri', '=', change.uri).executeTakeFirst()
      const blobs = [was?.blobCid, now?.blobCid].filter((b): b is string => !!b)
      before.delete(change.uri)
      await opts.engine.evaluatePosts(await opts.engine.postsWithBlobs(blobs))
    },
  })
}
