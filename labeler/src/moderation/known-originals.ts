/**
 * The moderator's side of known copies: applying known-deepfake or !takedown to a video asks for its
 * fingerprint (made in the background), so later copies can be matched to it; lifting the value
 * forgets the fingerprint and re-evaluates the copies it matched, which withdraws their labels.
 */
import type { Kysely } from 'kysely'
import type { Database, Logger } from '@framewright/service-kit'
import type { LabelerSchema } from '../db/schema'
import { COPIED_VALUES } from '../detectors/known-copy'
import type { KnownFingerprinter } from '../fingerprint/fingerprinter'
import type { KnownFingerprintStore } from '../fingerprint/store'
import type { LabelingEngine } from '../labels/engine'
import { isInForce } from '../labels/store'

const VIDEO_POST = '/app.framewright.video.post/'

type KnownVideo = { uri: string; blobCid: string; author: string; crosspostUri?: string }

export class KnownOriginals {
  constructor(
    private readonly db: Database<LabelerSchema>,
    private readonly store: KnownFingerprintStore,
    private readonly fingerprinter: KnownFingerprinter,
    private readonly engine: LabelingEngine,
    private readonly logger: Logger,
  ) {}

  /** A moderator applied (neg false) or lifted (neg true) `val` on the record `uri`. */
  async decided(uri: string, val: string, neg: boolean): Promise<void> {
    if (!(COPIED_VALUES as readonly string[]).includes(val)) return
    const video = await this.videoOf(uri)
    if (!video) return // not a video we know: nothing to fingerprint or lift
    if (!neg) {
      await this.store.request({ sourceUri: video.uri, val, blobCid: video.blobCid, author: video.author })
      this.fingerprinter.wake()
      return
    }
    const copies = await this.store.forget({ sourceUri: video.uri, val })
    if (copies.length === 0) return
    await this.engine.evaluateAlone(
      copies.filter((c) => c.includes(VIDEO_POST)),
      copies.filter((c) => !c.includes(VIDEO_POST)),
    )
    this.logger.info({ source: video.uri, val, copies }, 'lifted a known original and re-evaluated its copies')
  }

  /**
   * Videos and Bluesky video posts just indexed, inside the batch's transaction. A moderator may have
   * labelled one before this labeler had seen it (nothing could be fingerprinted then): if a copied
   * value of theirs is in force on it or its companion post, its fingerprint is asked for now.
   */
  async indexed(uris: string[], tx: Kysely<LabelerSchema>): Promise<void> {
    // One read of each kind for the whole batch: a batch indexes thousands of videos, and per-video
    // reads were most of the labeler's database time.
    const videos = await this.videosOf([...new Set(uris)], tx)
    if (videos.length === 0) return
    const byName = new Map(videos.flatMap((v) => [[v.uri, v] as const, ...(v.crosspostUri ? [[v.crosspostUri, v] as const] : [])]))
    const rows = await tx
      .selectFrom('label')
      .innerJoin('label_explanation', 'label_explanation.labelSeq', 'label.seq')
      .select(['label.uri', 'label.val', 'label.neg', 'label.exp', 'label_explanation.detector'])
      .where('label.uri', 'in', [...byName.keys()])
      .where('label.val', 'in', [...COPIED_VALUES])
      .orderBy('label.seq', 'asc')
      .execute()
    // The latest word on each value of each video, whichever name it was given under.
    const latest = new Map<string, (typeof rows)[number]>()
    for (const row of rows) latest.set(`${byName.get(row.uri)!.uri} ${row.val}`, row)
    let asked = false
    for (const video of videos) {
      for (const val of COPIED_VALUES) {
        const label = latest.get(`${video.uri} ${val}`)
        if (!label || label.detector !== 'moderator' || !isInForce({ neg: Boolean(label.neg), exp: label.exp ?? undefined })) continue
        await this.store.request({ sourceUri: video.uri, val, blobCid: video.blobCid, author: video.author }, tx)
        asked = true
      }
    }
    if (asked) this.fingerprinter.wake()
  }

  /** The videos (ours, or plain Bluesky video posts) these subjects name, each once. */
  private async videosOf(uris: string[], db: Kysely<LabelerSchema>): Promise<KnownVideo[]> {
    if (uris.length === 0) return []
    const ours = await db
      .selectFrom('video')
      .select(['uri', 'blobCid', 'creator', 'crosspostUri'])
      .where((eb) => eb.or([eb('uri', 'in', uris), eb('crosspostUri', 'in', uris)]))
      .execute()
    const named = new Set(ours.flatMap((v) => [v.uri, ...(v.crosspostUri ? [v.crosspostUri] : [])]))
    const rest = uris.filter((u) => !named.has(u))
    const posts = rest.length === 0 ? [] : await db.selectFrom('bsky_video_post').select(['uri', 'blobCid', 'author']).where('uri', 'in', rest).execute()
    return [
      ...ours.map((v) => ({ uri: v.uri, blobCid: v.blobCid, author: v.creator, crosspostUri: v.crosspostUri ?? undefined })),
      ...posts,
    ]
  }

  /**
   * The video a subject names: one of our videos (named directly or by its companion post) or a plain
   * Bluesky video post; the video record is the source either way, so both names lift the same row.
   */
  private async videoOf(uri: string, db: Kysely<LabelerSchema> = this.db.db): Promise<KnownVideo | undefined> {
    const video = await db
      .selectFrom('video')
      .select(['uri', 'blobCid', 'creator', 'crosspostUri'])
      .where((eb) => eb.or([eb('uri', '=', uri), eb('crosspostUri', '=', uri)]))
      .executeTakeFirst()
    if (video) return { uri: video.uri, blobCid: video.blobCid, author: video.creator, crosspostUri: video.crosspostUri ?? undefined }
    const post = await db.selectFrom('bsky_video_post').select(['uri', 'blobCid', 'author']).where('uri', '=', uri).executeTakeFirst()
    return post
  }
}
