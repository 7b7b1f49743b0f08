import type { Logger, MediaTools } from '@framewright/service-kit'
import {
  ProviderRejectedError,
  type GenerationRequest,
  type Provenance,
  type ProviderJobStatus,
  type VideoFileInfo,
  type VideoProvider,
} from '../../provider'
import { withNegativePrompt } from '../../restrictions'
import { checkedVideo } from '../fetch-output'
import { ReplicateClient } from './api'
import { outputUrl, predictionInput, predictionProgress } from './models'

export interface ReplicateOptions {
  /** Without a token the provider is listed but not available. */
  apiToken?: string
  apiUrl: string
  models: string[]
  /** ffprobe, under the process's media limits. */
  tools: MediaTools
  maxDownloadBytes: number
  logger: Logger
}

const STAGES: Record<string, string> = {
  starting: 'waiting for a GPU at Replicate',
  processing: 'generating at Replicate',
  succeeded: 'done',
}

/**
 * Hosted video models on Replicate (Veo and others), run on this appview's Replicate account.
 * A job is a prediction: its id is the provider job id, so a job survives an appview restart
 * (the prediction keeps running remotely and is picked up again by id).
 */
export class ReplicateProvider implements VideoProvider {
  readonly id = 'replicate'
  readonly displayName = 'Replicate'
  readonly description = 'Hosted video models (Google Veo and others) on Replicate, billed to this appview’s account.'
  readonly models: string[]
  readonly available: boolean
  /** Hosted renders take minutes; polling every couple of seconds is plenty and spares the rate limit. */
  readonly pollIntervalMs = 2_000
  private readonly client: ReplicateClient

  constructor(private readonly opts: ReplicateOptions) {
    this.models = opts.models
    this.available = Boolean(opts.apiToken)
    this.client = new ReplicateClient({ baseUrl: opts.apiUrl, token: opts.apiToken ?? '', maxDownloadBytes: opts.maxDownloadBytes })
  }

  async submit(req: GenerationRequest): Promise<string> {
    const model = req.model ?? this.models[0]!
    const prediction = await this.client.createPrediction(model, predictionInput(model, req))
    this.opts.logger.info({ model, prediction: prediction.id }, 'prediction created')
    return prediction.id
  }

  async status(providerJobId: string): Promise<ProviderJobStatus> {
    const p = await this.client.getPrediction(providerJobId)
    const progress = predictionProgress(p)
    switch (p.status) {
      case 'starting':
        return { state: 'queued', progress, stage: STAGES.starting }
      case 'processing':
        return { state: 'running', progress, stage: STAGES.processing }
      case 'succeeded':
        return { state: 'succeeded', progress: 100, stage: STAGES.succeeded }
      case 'canceled':
        return { state: 'failed', progress, error: 'the prediction was canceled at Replicate' }
      default:
        return { state: 'failed', progress, error: `Replicate failed the prediction: ${p.error ?? 'no reason given'}` }
    }
  }

  async fetchResult(providerJobId: string, destPath: string): Promise<VideoFileInfo> {
    const p = await this.client.getPrediction(providerJobId)
    if (p.status !== 'succeeded') throw new ProviderRejectedError(`prediction ${providerJobId} is ${p.status}, not succeeded`)
    const url = outputUrl(p.output)
    if (!url) throw new ProviderRejectedError('the prediction succeeded but its output names no video')
    await this.client.download(url, destPath)
    return checkedVideo(destPath, this.opts.tools, { name: 'Replicate', hint: 'Framewright publishes H.264 mp4' })
  }

  provenance(providerJobId: string, req: GenerationRequest): Provenance {
    return {
      provider: this.id,
      model: req.model ?? this.models[0]!,
      prompt: req.prompt,
      seed: req.seed,
      params: withNegativePrompt({ predictionId: providerJobId }, req),
      generatedAt: new Date().toISOString(),
      sourceType: 'ai-generated',
    }
  }

  /** A job given up on here is canceled there too, so it stops costing money. */
  async discard(providerJobId: string): Promise<void> {
    const p = await this.client.getPrediction(providerJobId)
    if (p.status === 'starting' || p.status === 'processing') await this.client.cancelPrediction(providerJobId)
  }
}
