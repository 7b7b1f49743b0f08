import type { Kysely } from 'kysely'
import { ids } from '@framewright/lexicons'
import { dropsRecord, type FirehoseEvent, type RawDropRule } from '@framewright/service-kit'
import type { LabelerSchema } from '../db/schema'

/** Bluesky's post collection (no generated constant: we do not ship app.bsky.feed.post's lexicon). */
export const BSKY_POST = 'app.bsky.feed.post'
const EMBED_VIDEO = ids.AppBskyEmbedVideo
const EMBED_RECORD_WITH_MEDIA = ids.AppBskyEmbedRecordWithMedia
/** A blob CID as the firehose carries it: CIDv1, base32. */
const CID_STRING = /^b[a-z2-7]{20,}$/

/**
 * The CID of the video blob a post embeds (`app.bsky.embed.video`, or the media of an
 * `app.bsky.embed.recordWithMedia`), or undefined. It looks at the embed's `$type` first, so the
 * great majority of posts (text, images, links) cost two property reads.
 *
 * Only a real blob reference counts (`$type: 'blob'`, as a PDS writes it after an upload; from the
 * firehose it arrives as a BlobRef whose `original` says so). An untyped object that merely holds
 * a CID is not a blob to the PDS, which therefore never checked that this repo uploaded those bytes.
 */
export function videoBlobOf(record: unknown): string | undefined {
  const embed = field(record, 'embed')
  const type = field(embed, '$type')
  if (type === EMBED_VIDEO) return blobCid(field(embed, 'video'))
  if (type === EMBED_RECORD_WITH_MEDIA) {
    const media = field(embed, 'media')
    return field(media, '$type') === EMBED_VIDEO ? blobCid(field(media, 'video')) : undefined
  }
  return undefined
}

/**
 * Whether a post's raw DAG-CBOR may embed a video, read without decoding it: false when its embed's
 * `$type` is neither a video nor a record with media (no embed, text, images, links, quotes: nine
 * posts in ten), which `videoBlobOf` would reject too. True when it might, or when the bytes are
 * not what the quick reader follows: the post is then decoded and `videoBlobOf` decides.
 */
export function mayEmbedVideo(record: Uint8Array): boolean {
  return !dropsRecord(POST_WITHOUT_VIDEO, record)
}

/**
 * mayEmbedVideo as a rule on a new post's raw record: it needs nothing of the labeler's state, so
 * most of the network's posts are dropped as they arrive, on the firehose's own thread.
 */
export const POST_WITHOUT_VIDEO: RawDropRule = { collection: BSKY_POST, path: ['embed', '$type'], keepIf: [EMBED_VIDEO, EMBED_RECORD_WITH_MEDIA] }

function blobCid(blob: unknown): string | undefined {
  const typed = field(blob, '$type') === 'blob' || field(field(blob, 'original'), '$type') === 'blob'
  if (!typed) return undefined
  const ref = field(blob, 'ref')
  const link = field(ref, '$link')
  // A decoded CID (multiformats) names itself through asCID; its string form is base32.
  const text = typeof link === 'string' ? link : ref !== null && typeof ref === 'object' && field(ref, 'asCID') === ref ? String(ref) : undefined
  return text && CID_STRING.test(text) ? text : undefined
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
}

/** What indexing one post event did: which post to re-evaluate, and why it is gone if it is. */
export interface VideoPostChange {
  uri: string
  /** Set when the post left the index (deleted, or no longer embeds a video): the reason in words. */
  removed?: string
}

/**
 * Keeps the labeler's table of Bluesky video posts. Writes are upserts and deletes keyed by URI,
 * so replays leave the same state. A post that leaves the index is reported *before* its row is
 * deleted (see `remove`), so its labels are withdrawn even if we crash and replay in between.
 */
export class VideoPostIndexer {
  constructor(private readonly db: Kysely<LabelerSchema>) {}

  /**
   * Indexes a post create/update/delete (through `db`: the ingestion batch's transaction). `withdraw`
   * is called for a post that was indexed and no longer is, before its row goes. Returns the post
   * to re-evaluate, or undefined if nothing changed.
   */
  async handle(
    evt: FirehoseEvent,
    withdraw: (change: Required<VideoPostChange>) => Promise<void>,
    db: Kysely<LabelerSchema> = this.db,
  ): Promise<VideoPostChange | undefined> {
    if (!('collection' in evt) || evt.collection !== BSKY_POST) return undefined
    const uri = evt.uri.toString()
    if (evt.event === 'delete') return this.remove(db, uri, 'The post was deleted.', withdraw)
    const blobCid = videoBlobOf(evt.record)
    if (!blobCid) {
      // A new post without a video: nothing to do (most of the network). An edited one may have had one.
      return evt.event === 'update' ? this.remove(db, uri, 'The post no longer embeds a video.', withdraw) : undefined
    }
    const claimed = (evt.record as { createdAt?: unknown }).createdAt
    const row = {
      uri,
      cid: evt.cid.toString(),
      author: evt.did,
      blobCid,
      createdAt: typeof claimed === 'string' ? claimed : new Date().toISOString(),
    }
    await db.insertInto('bsky_video_post').values(row).onConflict((oc) => oc.column('uri').doUpdateSet(row)).execute()
    return { uri }
  }

  private async remove(db: Kysely<LabelerSchema>, uri: string, why: string, withdraw: (change: Required<VideoPostChange>) => Promise<void>) {
    const row = await db.selectFrom('bsky_video_post').select('uri').where('uri', '=', uri).executeTakeFirst()
    if (!row) return undefined
    const change = { uri, removed: why }
    await withdraw(change)
    await db.deleteFrom('bsky_video_post').where('uri', '=', uri).execute()
    return change
  }
}
