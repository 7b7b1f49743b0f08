/**
 * The moderator's side of known copies: applying known-deepfake or !takedown to a video asks for its
 * fingerprint (made in the background), so later copies can be matched to it; lifting the value
 * forgets the fingerprint and re-evaluates the copies it matched, which withdraws their labels.
 */
import type { Database, Logger } from '@framewright/service-kit'
import type { LabelerSchema } from '../db/schema'
import { COPIED_VALUES } from '../detectors/known-copy'
import type { KnownFingerprinter } from '../fingerprint/fingerprinter'
import type { KnownFingerprintStore } from '../fingerprint/store'
import type { LabelingEngine } from '../labels/engine'

const VIDEO_POST = '/app.framewright.video.post/'

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
   * The video a subject names: one of our videos (named directly or by its companion post) or a plain
   * Bluesky video post; the video record is the source either way, so both names lift the same row.
   */
  private async videoOf(uri: string): Promise<{ uri: string; blobCid: string; author: string } | undefined> {
    const video = await this.db.db
      .selectFrom('video')
      .select(['uri', 'blobCid', 'creator'])
      .where((eb) => eb.or([eb('uri', '=', uri), eb('crosspostUri', '=', uri)]))
      .executeTakeFirst()
    if (video) return { uri: video.uri, blobCid: video.blobCid, author: video.creator }
    const post = await this.db.db.selectFrom('bsky_video_post').select(['uri', 'blobCid', 'author']).where('uri', '=', uri).executeTakeFirst()
    return post
  }
}
