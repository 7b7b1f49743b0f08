import { randomBytes } from 'node:crypto'
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely'
import { dialectOf, serializeWith } from '@framewright/service-kit'
import type { AppviewSchema, GenerationJobTable } from '../db/schema'
import type { GenerationRequest, Provenance, Restriction, VideoFileInfo } from './provider'

export type JobRow = Selectable<GenerationJobTable>

/** How many times a job may be interrupted (the service stopped while it ran) before it is given up. */
export const DEFAULT_MAX_INTERRUPTIONS = 3

/** The reason a job given up after `times` interruptions carries. */
export function interruptedTooOften(times: number): string {
  return `this job was interrupted ${times} times (the service stopped while it ran); giving up`
}

/** The stage of a finished job whose draft the creator has published (it then never expires). */
export const PUBLISHED_STAGE = 'published'

export type NewJob = GenerationRequest & {
  creator: string
  provider: string
  model: string
  remixOf?: { uri: string; cid: string }
}

/** The creator already has `max` jobs queued or running. */
export class TooManyJobsError extends Error {
  override name = 'TooManyJobsError'
  constructor(readonly max: number) {
    super(`already ${max} jobs queued or running`)
  }
}

/** The creator has queued their whole day's quota of jobs with this provider. */
export class DailyQuotaExceededError extends Error {
  override name = 'DailyQuotaExceededError'
  constructor(
    readonly provider: string,
    readonly quota: number,
    /** When the quota starts again: the next midnight UTC, ISO. */
    readonly resetsAt: string,
  ) {
    super(`daily quota of ${quota} jobs with ${provider} used until ${resetsAt}`)
  }
}

/** What a creator may have: jobs queued or running at once, and jobs queued per provider per UTC day. */
export interface JobLimits {
  maxActive: number
  dailyQuota: number
}

/** The UTC calendar day of a moment, YYYY-MM-DD: quotas reset at midnight UTC. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10)
}

/** When the UTC day of `now` ends, ISO: the moment daily quotas reset. */
export function nextUtcMidnight(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString()
}

/** The generation_job table: every state change of a job goes through here. */
export class JobStore {
  constructor(private readonly db: Kysely<AppviewSchema>) {}

  /** Whether runners on other processes may share this queue (Postgres); SQLite has one process. */
  get sharedQueue(): boolean {
    return dialectOf(this.db) === 'postgres'
  }

  /** Queues a job; its id is unguessable (it also names the draft file). No limits: see createWithinLimits. */
  async create(job: NewJob): Promise<JobRow> {
    const row = newJobRow(job, new Date())
    await this.db.insertInto('generation_job').values(row).execute()
    return row
  }

  /**
   * Queues a job if its creator is within both limits, checked and spent in one transaction, so
   * requests at once (on any API replica) cannot both take the last place: on Postgres the
   * creator's advisory lock orders them; on SQLite the first statement is a write, so the
   * transaction holds the database's write lock from its start. The day's count is spent first
   * and given back (rolled back) when the job is refused for the other reason.
   * Throws DailyQuotaExceededError or TooManyJobsError.
   */
  async createWithinLimits(job: NewJob, limits: JobLimits, now = new Date()): Promise<JobRow> {
    const day = utcDay(now)
    if (limits.dailyQuota <= 0) throw new DailyQuotaExceededError(job.provider, 0, nextUtcMidnight(now))
    const row = newJobRow(job, now)
    return this.db.transaction().execute(async (tx) => {
      await serializeWith(tx, `generation_job ${job.creator}`)
      const spent = await tx
        .insertInto('generation_quota')
        .values({ creator: job.creator, provider: job.provider, day, jobs: 1 })
        .onConflict((oc) =>
          oc
            .columns(['creator', 'provider', 'day'])
            .doUpdateSet((eb) => ({ jobs: eb('generation_quota.jobs', '+', 1) }))
            .where('generation_quota.jobs', '<', limits.dailyQuota),
        )
        .returning('jobs')
        .executeTakeFirst()
      if (!spent) throw new DailyQuotaExceededError(job.provider, limits.dailyQuota, nextUtcMidnight(now))
      if ((await activeJobs(tx, job.creator)) >= limits.maxActive) throw new TooManyJobsError(limits.maxActive)
      await tx.insertInto('generation_job').values(row).execute()
      // The creator's first job of the day with this provider: their earlier days are spent history.
      if (Number(spent.jobs) === 1) await tx.deleteFrom('generation_quota').where('creator', '=', job.creator).where('day', '<', day).execute()
      return row
    })
  }

  /** How many jobs a creator queued with a provider on `now`'s UTC day. */
  async usedToday(creator: string, provider: string, now = new Date()): Promise<number> {
    const row = await this.db
      .selectFrom('generation_quota')
      .select('jobs')
      .where('creator', '=', creator)
      .where('provider', '=', provider)
      .where('day', '=', utcDay(now))
      .executeTakeFirst()
    return Number(row?.jobs ?? 0)
  }

  async get(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('generation_job').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** How many of a creator's jobs are queued or running. */
  async activeCount(creator: string): Promise<number> {
    return activeJobs(this.db, creator)
  }

  /**
   * Takes the oldest queued job for `runner` and marks it running, in one statement. On Postgres the
   * row is locked with SKIP LOCKED, so runners asking at once take different jobs instead of
   * queueing behind each other; SQLite runs one statement at a time anyway.
   */
  async claimNext(runner: string): Promise<JobRow | undefined> {
    const now = new Date().toISOString()
    return this.db
      .updateTable('generation_job')
      .set({ status: 'running', stage: 'starting', runner, heartbeatAt: now, updatedAt: now })
      .where('id', '=', (eb) => {
        const oldest = eb.selectFrom('generation_job').select('id').where('status', '=', 'queued').orderBy('createdAt', 'asc').limit(1)
        return dialectOf(this.db) === 'postgres' ? oldest.forUpdate().skipLocked() : oldest
      })
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst()
  }

  /** The provider job ids of every job queued or running: their providers' files are in use. */
  async activeProviderJobIds(): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('generation_job')
      .select('providerJobId')
      .where('status', 'in', ['queued', 'running'])
      .where('providerJobId', 'is not', null)
      .execute()
    return new Set(rows.map((r) => r.providerJobId!))
  }

  /** The runner is alive and still working on these jobs. */
  async heartbeat(runner: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return
    await this.db.updateTable('generation_job').set({ heartbeatAt: new Date().toISOString() }).where('runner', '=', runner).where('id', 'in', ids).execute()
  }

  /**
   * Running jobs whose runner has not said it was alive since `before` go back to the queue, keeping
   * their provider job id (the next runner asks the provider about it). Without `before`, every
   * running job does: for a process that knows it is the only runner, after a restart.
   * Each time counts as an interruption; a job already interrupted `maxInterruptions` - 1 times fails
   * instead (it may be what stops the service), with a reason that says so.
   */
  async requeueRunning(before?: string, maxInterruptions = DEFAULT_MAX_INTERRUPTIONS): Promise<{ resumed: number; gaveUp: number }> {
    const now = new Date().toISOString()
    return this.db.transaction().execute(async (tx) => {
      const interrupted = (eb: ExpressionBuilder<AppviewSchema, 'generation_job'>) =>
        eb.and([eb('status', '=', 'running'), ...(before ? [eb.or([eb('heartbeatAt', 'is', null), eb('heartbeatAt', '<', before)])] : [])])
      const gaveUp = await tx
        .updateTable('generation_job')
        .set({ status: 'failed', stage: 'failed', error: interruptedTooOften(maxInterruptions), runner: null, updatedAt: now })
        .where(interrupted)
        .where('interruptions', '>=', Math.max(0, maxInterruptions - 1))
        .executeTakeFirst()
      const resumed = await tx
        .updateTable('generation_job')
        .set((eb) => ({ status: 'queued', stage: 'resuming after a restart', runner: null, updatedAt: now, interruptions: eb('interruptions', '+', 1) }))
        .where(interrupted)
        .executeTakeFirst()
      return { resumed: Number(resumed.numUpdatedRows), gaveUp: Number(gaveUp.numUpdatedRows) }
    })
  }

  /** A runner stopping: the jobs it holds go back to the queue, keeping their provider job id. */
  async requeueHeldBy(runner: string): Promise<number> {
    const res = await this.db
      .updateTable('generation_job')
      .set({ status: 'queued', stage: 'resuming after a restart', runner: null, updatedAt: new Date().toISOString() })
      .where('status', '=', 'running')
      .where('runner', '=', runner)
      .executeTakeFirst()
    return Number(res.numUpdatedRows)
  }

  async update(id: string, patch: Partial<Pick<JobRow, 'progress' | 'stage' | 'providerJobId'>>): Promise<void> {
    await this.db
      .updateTable('generation_job')
      .set({ ...patch, updatedAt: new Date().toISOString() })
      .where('id', '=', id)
      .execute()
  }

  async succeed(id: string, result: VideoFileInfo, provenance: Provenance): Promise<void> {
    await this.db
      .updateTable('generation_job')
      .set({
        status: 'succeeded',
        progress: 100,
        stage: 'done',
        result: JSON.stringify(result),
        provenance: JSON.stringify(provenance),
        updatedAt: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute()
  }

  /**
   * Finished jobs whose drafts are older than `before` and not yet known to be published, oldest
   * first: what the draft expiry sweep looks at.
   */
  async draftsFinishedBefore(before: string, limit: number): Promise<JobRow[]> {
    return this.db
      .selectFrom('generation_job')
      .selectAll()
      .where('status', '=', 'succeeded')
      .where((eb) => eb.or([eb('stage', 'is', null), eb('stage', '!=', PUBLISHED_STAGE)]))
      .where('updatedAt', '<', before)
      .orderBy('updatedAt', 'asc')
      .limit(limit)
      .execute()
  }

  /** The draft was published: the sweep leaves it alone from now on. */
  async markPublished(id: string): Promise<void> {
    await this.db.updateTable('generation_job').set({ stage: PUBLISHED_STAGE }).where('id', '=', id).where('status', '=', 'succeeded').execute()
  }

  /** The draft's bytes are gone: the job says so, with the reason people read, instead of pointing at a missing video. */
  async expire(id: string, reason: string): Promise<void> {
    await this.db
      .updateTable('generation_job')
      .set({ status: 'expired', stage: 'expired', error: reason, updatedAt: new Date().toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'succeeded')
      .execute()
  }

  async fail(id: string, error: string): Promise<void> {
    await this.db
      .updateTable('generation_job')
      .set({ status: 'failed', stage: 'failed', error: error.slice(0, 1000), updatedAt: new Date().toISOString() })
      .where('id', '=', id)
      .execute()
  }
}

/** The request a job row stands for, as providers receive it. */
export function requestOf(row: JobRow): GenerationRequest {
  return {
    prompt: row.prompt,
    model: row.model,
    seed: Number(row.seed),
    durationMs: row.durationMs,
    aspectRatio: { width: row.width, height: row.height },
    depicts: JSON.parse(row.depicts) as string[],
    restrictions: restrictionsOf(row),
  }
}

/** The restrictions a job carries (none for jobs made before they were recorded). */
export function restrictionsOf(row: Pick<JobRow, 'restrictions'>): Restriction[] {
  return row.restrictions ? (JSON.parse(row.restrictions) as Restriction[]) : []
}

function newJobRow(job: NewJob, at: Date): JobRow {
  const now = at.toISOString()
  return {
    id: randomBytes(16).toString('hex'),
    creator: job.creator,
    status: 'queued',
    progress: 0,
    stage: 'waiting in the queue',
    provider: job.provider,
    model: job.model,
    prompt: job.prompt,
    seed: job.seed,
    durationMs: job.durationMs,
    width: job.aspectRatio.width,
    height: job.aspectRatio.height,
    depicts: JSON.stringify(job.depicts),
    remixOfUri: job.remixOf?.uri ?? null,
    remixOfCid: job.remixOf?.cid ?? null,
    restrictions: job.restrictions?.length ? JSON.stringify(job.restrictions) : null,
    providerJobId: null,
    runner: null,
    heartbeatAt: null,
    interruptions: 0,
    error: null,
    result: null,
    provenance: null,
    createdAt: now,
    updatedAt: now,
  }
}

async function activeJobs(db: Kysely<AppviewSchema>, creator: string): Promise<number> {
  const row = await db
    .selectFrom('generation_job')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('creator', '=', creator)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
