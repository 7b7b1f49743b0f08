import type { Kysely } from 'kysely'
import { probeVideo, type Logger } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'
import type { BlobCache } from './blob-cache'

/**
 * Whether each video has sound, learnt from the blob's own bytes rather than from what its record
 * claims: the one place the appview decides it. A blob is probed once (fetched into the blob cache,
 * which playback needs anyway, then ffprobe) when ingestion indexes it, or else the first time a view of it
 * is asked for; until then views leave `hasAudio` out. Reads never wait for a probe.
 */
export class VideoMedia {
  private readonly inFlight = new Map<string, Promise<void>>()
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
    for (const v of videos) if (!known.has(v.cid)) void this.probe(v.did, v.cid)
    return known
  }

  /**
   * Probes a newly indexed video in the background, so that its first view already knows whether it has
   * sound (ingestion calls this once the batch has committed; reads never wait for a probe).
   */
  prime(did: string, cid: string): void {
    void this.probe(did, cid)
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
}
