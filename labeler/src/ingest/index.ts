import type { Kysely } from 'kysely'
import {
  createVideoGraphIngester,
  videosAffectedByAll,
  type Database,
  type FirehoseIngester,
  type GraphChange,
  type IngestSource,
  type KeepQuestion,
  type ServiceBatch,
  type BatchVideosView,
  type VideoGraph,
  type VideoGraphSchema,
} from '@framewright/service-kit'
import { ids } from '@framewright/lexicons'
import type { LabelerSchema } from '../db/schema'
import type { LabelingEngine } from '../labels/engine'
import type { ScanSubject } from '../scan/analyser'
import { BSKY_POST, POST_WITHOUT_VIDEO, VideoPostIndexer, mayEmbedVideo, videoBlobOf } from './video-posts'

/**
 * The labeler's ingestion: firehose → video graph → labeling engine, once per batch. Any change
 * that can move a video's consent (its record, a grant, a review, a follow) re-evaluates every
 * video it touches. Plain Bluesky posts that embed a video are indexed too, and matched to our
 * videos by blob CID: a post change re-evaluates that post, a video change re-evaluates every post
 * of its bytes (the blob it had before the batch as well as the one it has now).
 */
export function createLabelIngester(
  opts: IngestSource & {
    db: Database<LabelerSchema>
    engine: LabelingEngine
    graph: VideoGraph
    /** Grants of these people were written in `tx` (not committed yet): their expiry may now come sooner. */
    onGrantsWritten?: (subjects: string[], tx: Kysely<LabelerSchema>) => Promise<void>
    /** These videos and Bluesky video posts were (re)indexed in `tx` (not committed yet). */
    onIndexed?: (uris: string[], tx: Kysely<LabelerSchema>) => Promise<void>
    /** New or changed videos and Bluesky video posts of a batch, offered for scanning in `tx` (must not wait for a scan). */
    onScan?: (subjects: ScanSubject[], tx: Kysely<LabelerSchema>) => Promise<unknown>
    /** A batch that offered subjects for scanning has committed: they can be read now. */
    onScanCommitted?: () => void
  },
): FirehoseIngester {
  const posts = new VideoPostIndexer(opts.db.db)
  return createVideoGraphIngester({
    ...opts,
    db: opts.db.db,
    reads: opts.db.reads(),
    extraCollections: [BSKY_POST],
    keep: keepPost,
    // Most posts are dropped as they arrive (never queued, and not on this thread): their embed's type
    // is read from the raw record. The rule needs nothing else, so the batch's raw rule is the same one.
    arrivalDrops: [POST_WITHOUT_VIDEO],
    keepRaw: mayKeepPostRaw,
    batch: () => labelBatch(posts, opts.engine, opts),
  })
}

/** keepPost judged on the raw record: false only for a new post whose embed cannot be a video. */
function mayKeepPostRaw(op: Omit<KeepQuestion, 'record'>, record: Uint8Array): boolean {
  return op.collection !== BSKY_POST || op.action !== 'create' || mayEmbedVideo(record)
}

/**
 * Of Bluesky's posts, only those that embed a video are ours to index; edits and deletes are kept
 * (an edit may drop the video of a post we hold, and a delete names no embed to judge it by).
 */
function keepPost(op: KeepQuestion): boolean {
  if (op.collection !== BSKY_POST || op.action !== 'create') return true
  return videoBlobOf(op.record) !== undefined
}

function labelBatch(
  posts: VideoPostIndexer,
  engine: LabelingEngine,
  hooks: {
    onGrantsWritten?: (subjects: string[], tx: Kysely<LabelerSchema>) => Promise<void>
    onIndexed?: (uris: string[], tx: Kysely<LabelerSchema>) => Promise<void>
    onScan?: (subjects: ScanSubject[], tx: Kysely<LabelerSchema>) => Promise<unknown>
    onScanCommitted?: () => void
  },
): ServiceBatch {
  // A video's blob and companion post before this batch changed it, read before the graph forgets
  // them (a delete): the labels of its former companion and the posts of its former bytes follow.
  const before = new Map<string, { blobCid: string; crosspostUri: string | null } | undefined>()
  const changedPosts = new Set<string>()
  const removedPosts = new Map<string, string>()
  let offered = 0
  return {
    begin: async (events, tx: Kysely<LabelerSchema>) => {
      const uris = [...new Set(events.flatMap((e) => ('collection' in e && e.collection === ids.AppFramewrightVideoPost ? [e.uri] : [])))]
      if (uris.length === 0) return
      const rows = await tx.selectFrom('video').select(['uri', 'blobCid', 'crosspostUri']).where('uri', 'in', uris).execute()
      const found = new Map(rows.map((r) => [r.uri, { blobCid: r.blobCid, crosspostUri: r.crosspostUri }]))
      for (const uri of uris) before.set(uri, found.get(uri))
    },
    onEvent: async (evt, tx: Kysely<LabelerSchema>) => {
      if (!('collection' in evt) || evt.collection === ids.AppFramewrightVideoPost) return
      const change = await posts.handle(
        evt,
        async ({ uri, removed }) => {
          removedPosts.set(uri, removed)
          changedPosts.delete(uri)
        },
        tx,
      )
      if (change && !change.removed) {
        changedPosts.add(change.uri)
        removedPosts.delete(change.uri)
      }
    },
    finish: async (changes: GraphChange[], tx: Kysely<LabelerSchema>, written?: BatchVideosView) => {
      const graphDb = tx as unknown as Kysely<VideoGraphSchema>
      const grants = changes.flatMap((c) => (c.kind === 'grant' ? [c.subject] : []))
      if (grants.length > 0) await hooks.onGrantsWritten?.(grants, tx)
      const videos = await videosAffectedByAll(graphDb, changes)
      const formerCompanions = new Map([...before].flatMap(([uri, was]) => (was?.crosspostUri ? [[uri, was.crosspostUri] as const] : [])))
      await engine.evaluate(videos, formerCompanions, tx)
      const touched = [...new Set(changes.flatMap((c) => (c.kind === 'video' ? [c.uri] : [])))]
      const now = (await videosNow(tx, touched, written)).map((v) => v.row)
      const blobs = [...[...before.values()].flatMap((w) => (w ? [w.blobCid] : [])), ...now.map((r) => r.blobCid)]
      const postUris = [...changedPosts, ...removedPosts.keys(), ...(await engine.postsWithBlobs(blobs, tx))]
      await engine.evaluatePosts(postUris, removedPosts, tx)
      const indexed = [...changes.flatMap((c) => (c.kind === 'video' && !c.deleted ? [c.uri] : [])), ...changedPosts]
      if (indexed.length > 0) await hooks.onIndexed?.(indexed, tx)
      if (hooks.onScan) {
        // A companion post its video no longer names (deleted, made invalid, pointed elsewhere) is a plain
        // video post now: scanned as one, so that what it gets from its own bytes does not depend on whether
        // it happened to be scanned before its video arrived (in an earlier batch) or not (in the same one).
        const subjects = await scanSubjects(tx, changes, [...new Set([...changedPosts, ...formerCompanions.values()])], written)
        offered = subjects.length
        await hooks.onScan(subjects, tx)
      }
    },
    committed: () => {
      if (offered > 0) hooks.onScanCommitted?.()
    },
  }
}

/**
 * What a batch offers the scan pipeline: videos created or edited (with their blob as it is now) and
 * new or edited Bluesky video posts, except our videos' own companion posts (same bytes, scanned once
 * as the video).
 */
async function scanSubjects(tx: Kysely<LabelerSchema>, changes: GraphChange[], postUris: string[], written?: BatchVideosView): Promise<ScanSubject[]> {
  const videoUris = [...new Set(changes.flatMap((c) => (c.kind === 'video' && !c.deleted ? [c.uri] : [])))]
  const videos = await videosNow(tx, videoUris, written)
  const posts = postUris.length === 0 ? [] : await tx.selectFrom('bsky_video_post').select(['uri', 'author', 'blobCid']).where('uri', 'in', postUris).execute()
  const blobs = posts.map((p) => p.blobCid)
  const ours = blobs.length === 0 ? [] : await tx.selectFrom('video').select(['blobCid', 'crosspostUri']).where('blobCid', 'in', blobs).execute()
  const companions = new Set(ours.flatMap((v) => (v.crosspostUri ? [v.crosspostUri] : [])))
  return [
    ...videos.map(({ row: v, subjects }) => ({ kind: 'video' as const, uri: v.uri, author: v.creator, blobCid: v.blobCid, declared: subjects })),
    ...posts.filter((p) => !companions.has(p.uri)).map((p) => ({ kind: 'post' as const, uri: p.uri, author: p.author, blobCid: p.blobCid, declared: [] })),
  ]
}

/**
 * The videos among `uris` that exist now, with who each declares: from what the batch wrote when it
 * says (no read-back of rows it has just written), else from the database.
 */
async function videosNow(tx: Kysely<LabelerSchema>, uris: string[], written?: BatchVideosView): Promise<{ row: Pick<LabelerSchema['video'], 'uri' | 'creator' | 'blobCid'>; subjects: string[] }[]> {
  if (uris.length === 0) return []
  const after = written ? uris.map((uri) => written.after(uri)) : []
  if (written && after.every((a) => a !== undefined)) return after.flatMap((a) => (a!.row ? [{ row: a!.row, subjects: a!.subjects }] : []))
  const [rows, declared] = await Promise.all([
    tx.selectFrom('video').select(['uri', 'creator', 'blobCid']).where('uri', 'in', uris).execute(),
    tx.selectFrom('depiction').select(['videoUri', 'subject']).where('videoUri', 'in', uris).execute(),
  ])
  return rows.map((row) => ({ row, subjects: declared.filter((d) => d.videoUri === row.uri).map((d) => d.subject) }))
}
