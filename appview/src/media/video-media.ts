import type { Kysely } from 'kysely'
import { probeVideo, type Logger } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'
import type { BlobCache } from './blob-cache'

/**
 * Whether each video has sound, learnt from the blob's own bytes rather than from what its record
 * claims: the one place the appview decides it. A blob is probed once (fetched into the blob cache,
 * which playback needs anyway, then ffprobe) the first time a view of it is asked for; that view waits
 * for it briefly and, if it takes longer, leaves `hasAudio` out until a later view.
 */
export class VideoMedia {
  private readonly inFlight = new Map<string, Promise<void>>()
  private readonly probed = new Map<string, boolean>()
  private closed = false

  constructor(
    private readonly db: Kysely<AppviewSchema>,
    private readonly blobs: BlobCache,
    private readonly ffprobePath: string,
    private readonly logger: Logger,
  ) {}

  /**
   * hasAudio of the blobs already probed; the others (keyed `did/cid` in `videos`) are queued for
   * probing and left out of the answer.
   */
  async hasAudio(videos: { did: string; cid: string }[]): Promise<Map<string, boolean>> {
    const known = new Map<string, boolean>()
    if (videos.length === 0) return known
    const rows = await this.db
      .selectFrom('video_media')
      .select(['blobCid', 'hasAudio'])
      .where('blobCid', 'in', [...new Set(videos.map((v) => v.cid))])
      .execute()
    for (const r of rows) known.set(r.blobCid, r.hasAudio === 1)
    const unknown = videos.filter((v) => !known.has(v.cid))
    if (unknown.length === 0) return known
    // A video seen for the first time would otherwise show no sound control until the next load:
    // wait a little for its probe (bounded, so a slow PDS never holds the page), then look again.
    const probes = unknown.map((v) => this.probe(v.did, v.cid))
    await Promise.race([Promise.allSettled(probes), sleep(FIRST_VIEW_WAIT_MS)])
    for (const v of unknown) {
      const probed = this.probed.get(v.cid)
      if (probed !== undefined) known.set(v.cid, probed)
    }
    return known
  }

  /** Waits for the probes under way (at shutdown, before the database closes). */
  async close(): Promise<void> {
    this.closed = true
    await Promise.allSettled(this.inFlight.values())
  }

  private probe(did: string, cid: string): Promise<void> {
    const running = this.inFlight.get(cid)
    if (running) return running
    if (this.closed) return Promise.resolve()
    const pending = (async () => {
      const path = await this.blobs.path(did, cid)
      const { hasAudio } = await probeVideo(path, this.ffprobePath)
      this.remember(cid, hasAudio)
      await this.db
        .insertInto('video_media')
        .values({ blobCid: cid, hasAudio: hasAudio ? 1 : 0, probedAt: new Date().toISOString() })
        .onConflict((oc) => oc.column('blobCid').doNothing())
        .execute()
    })()
      // A blob that cannot be fetched or read stays unknown; the next view asks again.
      .catch((err: unknown) => this.logger.warn({ err, did, cid }, 'could not probe a video blob'))
      .finally(() => this.inFlight.delete(cid))
    this.inFlight.set(cid, pending)
    return pending
  }

  /** Recent probe results, so the answer is at hand without another read (bounded: oldest out). */
  private remember(cid: string, hasAudio: boolean): void {
    this.probed.set(cid, hasAudio)
    if (this.probed.size > PROBED_KEPT) this.probed.delete(this.probed.keys().next().value as string)
  }
}

/** How long a view waits for the first probe of its videos before answering without hasAudio. */
const FIRST_VIEW_WAIT_MS = 1500
const PROBED_KEPT = 1000

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
