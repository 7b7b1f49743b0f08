import { randomInt } from 'node:crypto'
import { InvalidRequestError } from '@atproto/xrpc-server'
import type { CreateJob, GenerateDefs } from '@framewright/lexicons'
import { consentForNewVideoWithFollows, type Database, type VideoGraph } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'
import type { JobRow, JobStore } from './jobs'
import { checkPrompt, PromptRejectedError } from './prompt-policy'
import type { ProviderRegistry } from './registry'
import type { JobRunner } from './runner'

const DEFAULT_DURATION_MS = 4_000
const DEFAULT_ASPECT = { width: 9, height: 16 }
const MAX_ACTIVE_JOBS_PER_CREATOR = 3

/**
 * The generation service: checks a request (provider, prompt, everyone's consent), queues a
 * durable job and presents jobs to their creators.
 */
export class GenerationService {
  constructor(
    private readonly db: Database<AppviewSchema>,
    readonly jobs: JobStore,
    readonly registry: ProviderRegistry,
    private readonly runner: JobRunner,
    private readonly publicUrl: string,
    /** Fetches follows a mutuals grant's decision needs (the index keeps only participants' follows). */
    private readonly graph: VideoGraph,
  ) {}

  /** Queues a job for `creator`, or throws a named InvalidRequestError saying why not. */
  async createJob(creator: string, input: CreateJob.InputSchema): Promise<JobRow> {
    const providerId = input.provider ?? 'procedural'
    const provider = this.registry.get(providerId)
    if (!provider) throw new InvalidRequestError(`no provider "${providerId}" here`, 'UnknownProvider')
    if (!provider.available) throw new InvalidRequestError(`provider "${providerId}" is not configured on this appview`, 'ProviderUnavailable')
    const model = input.model ?? provider.models[0] ?? 'default'
    if (!provider.models.includes(model)) throw new InvalidRequestError(`provider "${providerId}" has no model "${model}"`, 'UnknownProvider')
    let prompt: string
    try {
      prompt = checkPrompt(input.prompt)
    } catch (err) {
      if (err instanceof PromptRejectedError) throw new InvalidRequestError(err.message, 'PromptRejected')
      throw err
    }
    const depicts = [...new Set(input.depicts ?? [])]
    const refused = (await consentForNewVideoWithFollows(this.db.db, this.graph, creator, depicts)).filter((d) => !d.decision.consented)
    if (refused.length > 0) {
      const who = refused.map((d) => `${d.subject} (${d.decision.reason})`).join(', ')
      throw new InvalidRequestError(`these people have not granted you their likeness: ${who}`, 'LikenessNotConsented')
    }
    if ((await this.jobs.activeCount(creator)) >= MAX_ACTIVE_JOBS_PER_CREATOR) {
      throw new InvalidRequestError(`at most ${MAX_ACTIVE_JOBS_PER_CREATOR} jobs may be queued or running at once`, 'TooManyJobs')
    }
    const job = await this.jobs.create({
      creator,
      provider: provider.id,
      model,
      prompt,
      seed: input.seed ?? randomInt(0, 2 ** 32 - 1),
      durationMs: input.durationMs ?? DEFAULT_DURATION_MS,
      aspectRatio: input.aspectRatio ?? DEFAULT_ASPECT,
      depicts,
      remixOf: input.remixOf,
    })
    this.runner.notify()
    return job
  }

  /** A creator's own job; anyone else's is JobNotFound (ids are not proof of ownership). */
  async getJob(creator: string, id: string): Promise<JobRow> {
    const job = /^[0-9a-f]{32}$/.test(id) ? await this.jobs.get(id) : undefined
    if (!job || job.creator !== creator) throw new InvalidRequestError('no such job', 'JobNotFound')
    return job
  }

  /** The lexicon view of a job. */
  view(job: JobRow): GenerateDefs.JobView {
    const result = job.result ? JSON.parse(job.result) : undefined
    const provenance = job.provenance ? JSON.parse(job.provenance) : undefined
    return {
      id: job.id,
      status: job.status,
      progress: job.progress,
      stage: job.stage ?? undefined,
      provider: job.provider,
      model: job.model,
      prompt: job.prompt,
      seed: Number(job.seed),
      depicts: JSON.parse(job.depicts),
      remixOf: job.remixOfUri && job.remixOfCid ? { uri: job.remixOfUri, cid: job.remixOfCid } : undefined,
      error: job.error ?? undefined,
      result:
        job.status === 'succeeded' && result && provenance
          ? {
              videoUrl: `${this.publicUrl}/drafts/${job.id}.mp4`,
              thumbnailUrl: `${this.publicUrl}/drafts/${job.id}.jpg`,
              mimeType: result.mimeType,
              size: result.size,
              durationMs: result.durationMs,
              aspectRatio: { width: result.width, height: result.height },
              generation: provenance,
            }
          : undefined,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    }
  }
}
