import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { CID } from 'multiformats/cid'
import { MediaNotFoundError, type Logger, type MediaStore } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'
import { mediaKeys } from '../media/keys'
import type { JobRow, JobStore } from './jobs'

/** A CIDv1 of raw bytes by sha-256 (32 bytes) starts with these: what a PDS names a blob by. */
const RAW_SHA256_CID_PREFIX = Buffer.from([0x01, 0x55, 0x12, 0x20])
/** Jobs looked at per query; a sweep goes on until none are left. */
const BATCH = 100

export interface DraftExpiryOptions {
  /** Drafts finished longer ago than this, and not published, are deleted. */
  maxAgeMs: number
  /** How often the sweep runs (a quarter of maxAgeMs, at most hourly, when absent). */
  sweepEveryMs?: number
  logger: Logger
}

/** What one sweep did. */
export interface DraftSweep {
  expired: number
  published: number
}

/**
 * Unpublished drafts expire: a finished job's video and poster are deleted once the draft is older
 * than maxAgeMs, and the job becomes 'expired' with a reason, so the creator sees why there is
 * nothing to publish rather than a video that no longer loads. A draft counts as published when
 * the creator has indexed a video whose blob has the draft's exact bytes (the client uploads them
 * unchanged); such jobs are marked and never looked at again. Runs in the process that runs jobs.
 */
export class DraftExpiry {
  private timer?: NodeJS.Timeout
  private running?: Promise<unknown>

  constructor(
    private readonly db: Kysely<AppviewSchema>,
    private readonly jobs: JobStore,
    private readonly store: MediaStore,
    private readonly opts: DraftExpiryOptions,
  ) {}

  /** Sweeps now, then every sweepEveryMs until destroy(). */
  start(): void {
    if (this.timer) return
    const every = this.opts.sweepEveryMs ?? Math.min(3_600_000, Math.max(60_000, Math.floor(this.opts.maxAgeMs / 4)))
    const tick = () => {
      this.running = this.sweep().catch((err) => this.opts.logger.warn({ err }, 'could not sweep expired drafts'))
    }
    this.timer = setInterval(tick, every)
    this.timer.unref()
    tick()
  }

  /** Expires every unpublished draft finished before `now - maxAgeMs`. */
  async sweep(now = Date.now()): Promise<DraftSweep> {
    const before = new Date(now - this.opts.maxAgeMs).toISOString()
    const done: DraftSweep = { expired: 0, published: 0 }
    for (;;) {
      const batch = await this.jobs.draftsFinishedBefore(before, BATCH)
      for (const job of batch) {
        if (await this.isPublished(job)) {
          await this.jobs.markPublished(job.id)
          done.published++
          continue
        }
        // Bytes first: should we stop between the two, the job is still a candidate for the next sweep.
        await this.store.delete(mediaKeys.draft(job.id))
        await this.store.delete(mediaKeys.poster(job.id))
        const days = Math.round(this.opts.maxAgeMs / 86_400_000)
        const age = days >= 1 ? `${days} day${days === 1 ? '' : 's'}` : `${Math.round(this.opts.maxAgeMs / 3_600_000)} hours`
        await this.jobs.expire(job.id, `This draft was not published within ${age}, so its video was deleted. Generate it again to publish it.`)
        done.expired++
      }
      if (batch.length < BATCH) break
    }
    if (done.expired + done.published > 0) this.opts.logger.info(done, 'swept finished drafts')
    return done
  }

  private async isPublished(job: JobRow): Promise<boolean> {
    const cid = await this.draftCid(job.id)
    if (!cid) return false
    const video = await this.db.selectFrom('video').select('uri').where('creator', '=', job.creator).where('blobCid', '=', cid).executeTakeFirst()
    return video !== undefined
  }

  /** The CID a PDS gives the draft's bytes as a blob (raw, sha-256), or undefined when the draft is gone. */
  private async draftCid(jobId: string): Promise<string | undefined> {
    const hash = createHash('sha256')
    try {
      for await (const chunk of await this.store.read(mediaKeys.draft(jobId))) hash.update(chunk as Buffer)
    } catch (err) {
      if (err instanceof MediaNotFoundError) return undefined
      throw err
    }
    return CID.decode(Buffer.concat([RAW_SHA256_CID_PREFIX, hash.digest()])).toString()
  }

  /** Stops sweeping and waits for a sweep under way; safe to call twice. */
  async destroy(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.running
  }
}
