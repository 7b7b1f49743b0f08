import { randomInt } from 'node:crypto'
import { InvalidRequestError } from '@atproto/xrpc-server'
import type { CreateJob, GenerateDefs } from '@framewright/lexicons'
import type { ConsentChecks } from '../likeness/consent-checks'
import { refusalMessage, type DepictedPeople } from './depicted'
import { DailyQuotaExceededError, TooManyJobsError, restrictionsOf, type JobRow, type JobStore, type NewJob } from './jobs'
import type { GenerationLimits } from './limits'
import { checkPrompt, PromptRejectedError } from './prompt-policy'
import type { ProviderRegistry } from './registry'
import type { JobRunner } from './runner'

const DEFAULT_DURATION_MS = 4_000
const DEFAULT_ASPECT = { width: 9, height: 16 }
const MAX_ACTIVE_JOBS_PER_CREATOR = 3
/** A video record names at most this many people (app.framewright.video.post#depicts). */
const MAX_DEPICTED = 8

/**
 * The generation service: checks a request (provider, prompt, everyone's consent), queues a
 * durable job and presents jobs to their creators. Everyone the video would depict is checked:
 * the people listed, the people the prompt names, and the people of a remixed video; every
 * refusal is a sentence a person understands, with the lexicon's error name for programs.
 */
export class GenerationService {
  constructor(
    private readonly people: DepictedPeople,
    private readonly checks: ConsentChecks,
    readonly jobs: JobStore,
    readonly registry: ProviderRegistry,
    private readonly runner: JobRunner,
    private readonly publicUrl: string,
    readonly limits: GenerationLimits,
  ) {}

  /** Queues a job for `creator`, or throws a named InvalidRequestError saying why not. */
  async createJob(creator: string, input: CreateJob.InputSchema): Promise<JobRow> {
    const providerId = input.provider ?? 'procedural'
    const provider = this.registry.get(providerId)
    if (!provider) throw new InvalidRequestError(`This appview has no video provider called "${providerId}".`, 'UnknownProvider')
    if (!provider.available) throw new InvalidRequestError(`The provider "${providerId}" is not set up on this appview.`, 'ProviderUnavailable')
    if (!this.limits.mayUse(provider, creator)) {
      throw new InvalidRequestError(
        `The provider "${providerId}" costs this appview's operator money, and they have not opened it to your account; the procedural provider is free to use.`,
        'ProviderNotAllowed',
      )
    }
    const model = input.model ?? provider.models[0] ?? 'default'
    if (!provider.models.includes(model)) throw new InvalidRequestError(`The provider "${providerId}" has no model called "${model}".`, 'UnknownProvider')
    let prompt: string
    try {
      prompt = checkPrompt(input.prompt)
    } catch (err) {
      if (err instanceof PromptRejectedError) throw new InvalidRequestError(err.message, 'PromptRejected')
      throw err
    }
    const people = await this.people.gather({ prompt, depicts: input.depicts, remixOf: input.remixOf })
    if (people.size > MAX_DEPICTED) {
      throw new InvalidRequestError(`This video would depict ${people.size} people; a video can name at most ${MAX_DEPICTED}.`, 'TooManyPeople')
    }
    const checks = await this.checks.check(creator, [...people.keys()])
    const refused = checks.filter((c) => !c.consented)
    if (refused.length > 0) throw new InvalidRequestError(refusalMessage(refused, people), 'LikenessNotConsented')
    const restrictions = checks.flatMap((c) => (c.restrictions && c.subject.did !== creator ? [{ subject: c.subject.did, text: c.restrictions }] : []))
    const job = await this.queue({
      creator,
      provider: provider.id,
      model,
      prompt,
      seed: input.seed ?? randomInt(0, 2 ** 32 - 1),
      durationMs: input.durationMs ?? DEFAULT_DURATION_MS,
      aspectRatio: input.aspectRatio ?? DEFAULT_ASPECT,
      depicts: [...people.keys()],
      restrictions,
      remixOf: input.remixOf,
    })
    this.runner.notify()
    return job
  }

  /** Queues a job within its creator's limits, or says which limit stops it and until when. */
  private async queue(job: NewJob): Promise<JobRow> {
    try {
      return await this.jobs.createWithinLimits(job, { maxActive: MAX_ACTIVE_JOBS_PER_CREATOR, dailyQuota: this.limits.dailyQuota(job.provider) })
    } catch (err) {
      if (err instanceof TooManyJobsError) {
        throw new InvalidRequestError(`You already have ${err.max} videos waiting or rendering; start another when one of them is done.`, 'TooManyJobs')
      }
      if (err instanceof DailyQuotaExceededError) {
        throw new InvalidRequestError(
          `You have made today's ${err.quota} videos with "${err.provider}", the most this appview allows a day; you can make more from ${err.resetsAt} (midnight UTC).`,
          'DailyQuotaExceeded',
        )
      }
      throw err
    }
  }

  /** A creator's own job; anyone else's is JobNotFound (ids are not proof of ownership). */
  async getJob(creator: string, id: string): Promise<JobRow> {
    const job = /^[0-9a-f]{32}$/.test(id) ? await this.jobs.get(id) : undefined
    if (!job || job.creator !== creator) throw new InvalidRequestError('You have no job with this id.', 'JobNotFound')
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
      restrictions: restrictionsOf(job),
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
