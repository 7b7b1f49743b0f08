import type { Kysely } from 'kysely'
import { probeVideo, ThrottledWarning, type Logger, type MediaTools } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'
import type { BlobCache } from './blob-cache'

/**
 * Whether each video has sound, learnt from the blob's own bytes rather than from what its record
 * claims: the one place the appview decides it. A blob is probed once (fetched into the blob cache,
 * which playback needs anyway, then ffprobe) when ingestion indexes it, or else the first time a view of it
 * is asked for; until then views leave `hasAudio` out. Reads never wait for a probe.
 *
 * Probing fetches a whole blob and runs ffprobe, so it is bounded: at most `concurrency` at once and
 * `maxWaiting` waiting. A firehose surge (thousands of new videos a minute while catching up) then
 * costs probes, not memory or sockets: what does not fit is skipped, counted, and probed at its first
 * view instead. Views go to the front of the line: someone is looking at those.
 */
export class VideoMedia {
  /** Probes waiting or running, by blob CID (a blob is probed once at a time). */
  private readonly inFlight = new Map<string, Promise<void>>()
  /** Probes waiting for a slot, the next first; `go` starts one (or, given nothing, drops it). */
  private readonly waiting: { did: string; cid: string; go: (probe?: Promise<void>) => void }[] = []
  private running = 0
  private closed = false
  readonly counts = { probed: 0, failed: 0, skippedBusy: 0 }
  private readonly skipWarning: ThrottledWarning

  constructor(
    private readonly db: Kysely<AppviewSchema>,
    private readonly blobs: BlobCache,
    private readonly tools: MediaTools,
    private readonly logger: Logger,
    private readonly limits: { concurrency: number; maxWaiting: number } = { concurrency: 2, maxWaiting: 200 },
  ) {
    this.skipWarning = new ThrottledWarning(logger, 'video probes busy: new videos are probed at their first view instead')
  }

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
    this.probeViewed(videos.filter((v) => !known.has(v.cid)))
    return known
  }

  /** Queues for probing, ahead of new videos, viewed videos a read found no probe of (keyed `did/cid`). */
  probeViewed(videos: { did: string; cid: string }[]): void {
    for (const v of videos) void this.probe(v.did, v.cid, 'view')
  }

  /**
   * Probes a newly indexed video in the background, so that its first view already knows whether it has
   * sound (ingestion calls this once the batch has committed; reads never wait for a probe).
   */
  prime(did: string, cid: string): void {
    void this.probe(did, cid, 'ingest')
  }

  /** Waits for the probes under way (at shutdown, before the database closes); those waiting are dropped. */
  async close(): Promise<void> {
    this.closed = true
    for (const w of this.waiting.splice(0)) w.go()
    await Promise.allSettled(this.inFlight.values())
  }

  private probe(did: string, cid: string, why: 'view' | 'ingest'): Promise<void> {
    const existing = this.inFlight.get(cid)
    if (existing) return existing
    if (this.closed) return Promise.resolve()
    if (this.running < this.limits.concurrency) return this.track(cid, this.start(did, cid))
    if (this.waiting.length >= this.limits.maxWaiting) {
      this.counts.skippedBusy++
      this.skipWarning.warn({ waiting: this.waiting.length, skippedInAll: this.counts.skippedBusy })
      if (why === 'ingest') return Promise.resolve()
      // A view outranks a new video nobody has asked for yet: the last one waiting makes room.
      this.waiting.pop()!.go()
    }
    const queued = new Promise<void>((go) => {
      const entry = { did, cid, go }
      if (why === 'view') this.waiting.unshift(entry)
      else this.waiting.push(entry)
    })
    return this.track(cid, queued)
  }

  private track(cid: string, probe: Promise<void>): Promise<void> {
    const tracked = probe.finally(() => this.inFlight.delete(cid))
    this.inFlight.set(cid, tracked)
    return tracked
  }

  private start(did: string, cid: string): Promise<void> {
    this.running++
    return this.run(did, cid)
      .then(
        () => void this.counts.probed++,
        (err: unknown) => {
          this.counts.failed++
          // A blob that cannot be fetched or read stays unknown; the next view asks again.
          this.logger.warn({ err, did, cid }, 'could not probe a video blob')
        },
      )
      .finally(() => {
        this.running--
        this.startWaiting()
      })
  }

  private startWaiting(): void {
    while (!this.closed && this.running < this.limits.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift()!
      next.go(this.start(next.did, next.cid))
    }
  }

  private async run(did: string, cid: string): Promise<void> {
    const path = await this.blobs.localPath(did, cid)
    const { hasAudio } = await probeVideo(path, this.tools, { background: true })
    await this.db
      .insertInto('video_media')
      .values({ blobCid: cid, hasAudio: hasAudio ? 1 : 0, probedAt: new Date().toISOString() })
      .onConflict((oc) => oc.column('blobCid').doNothing())
      .execute()
  }
}
