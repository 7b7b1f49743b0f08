import type { Logger, MediaTools } from '@framewright/service-kit'
import {
  ProviderRejectedError,
  UnknownProviderJobError,
  type GenerationRequest,
  type Provenance,
  type ProviderJobStatus,
  type VideoFileInfo,
  type VideoProvider,
} from '../../provider'
import { withNegativePrompt } from '../../restrictions'
import { checkedVideo } from '../fetch-output'
import { ComfyClient, failureReason, videoOutput } from './api'
import { fillWorkflow, workflowModel, type ApiWorkflow } from './workflow'

export interface ComfyUIOptions {
  /** Without both a server and a workflow the provider is listed but not available. */
  url?: string
  workflow?: ApiWorkflow
  /** A name for the workflow in provenance (its file name). */
  workflowName?: string
  fps: number
  /** Long side of the frame in pixels; the short side follows the requested aspect ratio. */
  longSide: number
  /** ffprobe, under the process's media limits. */
  tools: MediaTools
  maxDownloadBytes: number
  logger: Logger
}

/**
 * A ComfyUI server on the operator's own GPU, running a video workflow they exported in API format
 * with placeholders for our request (see workflow.ts). A job is a ComfyUI prompt; its id survives
 * our restarts, but ComfyUI keeps history in memory, so a prompt it forgot is resubmitted.
 */
export class ComfyUIProvider implements VideoProvider {
  readonly id = 'comfyui'
  readonly displayName = 'ComfyUI (your GPU)'
  readonly description = 'A local ComfyUI server running the operator’s own video workflow (Wan, LTX, AnimateDiff, …).'
  readonly models: string[]
  readonly available: boolean
  readonly pollIntervalMs = 1_000
  private readonly client?: ComfyClient

  constructor(private readonly opts: ComfyUIOptions) {
    this.available = Boolean(opts.url && opts.workflow)
    this.models = [opts.workflow ? workflowModel(opts.workflow) : 'workflow']
    if (opts.url) this.client = new ComfyClient({ baseUrl: opts.url, logger: opts.logger, maxDownloadBytes: opts.maxDownloadBytes })
  }

  async submit(req: GenerationRequest): Promise<string> {
    const promptId = await this.comfy().queuePrompt(fillWorkflow(this.opts.workflow!, req, this.opts))
    this.opts.logger.info({ promptId }, 'prompt queued in ComfyUI')
    return promptId
  }

  async status(promptId: string): Promise<ProviderJobStatus> {
    const comfy = this.comfy()
    const done = await comfy.history(promptId)
    if (done) return this.finished(done)
    const where = await comfy.queuePosition(promptId)
    if (where === 'pending') return { state: 'queued', progress: 2, stage: 'waiting in ComfyUI’s queue' }
    if (where === 'running') {
      const live = comfy.progress(promptId)
      const total = Object.keys(this.opts.workflow!).length
      const started = live?.nodesStarted.size ?? 0
      const within = live && live.max > 0 ? live.value / live.max : 0
      const progress = Math.round(5 + 90 * Math.min(1, (Math.max(0, started - 1) + within) / total))
      return { state: 'running', progress, stage: live && live.max > 0 ? `sampling, step ${live.value} of ${live.max}` : 'running the workflow' }
    }
    // It may have finished between the two questions; ask once more before calling it lost.
    const late = await comfy.history(promptId)
    if (late) return this.finished(late)
    throw new UnknownProviderJobError(`ComfyUI does not know prompt ${promptId} (restarted?)`)
  }

  async fetchResult(promptId: string, destPath: string): Promise<VideoFileInfo> {
    const entry = await this.comfy().history(promptId)
    if (!entry?.status?.completed) throw new ProviderRejectedError(`prompt ${promptId} has not finished`)
    const file = videoOutput(entry)
    if (!file) throw new ProviderRejectedError('the workflow wrote no video: it needs a video output node (VHS_VideoCombine or SaveVideo)')
    await this.comfy().download(file, destPath)
    return checkedVideo(destPath, this.opts.tools, { name: 'ComfyUI', hint: 'set the workflow\'s video output to H.264 mp4 (VHS format "video/h264-mp4")' })
  }

  provenance(promptId: string, req: GenerationRequest): Provenance {
    return {
      provider: this.id,
      model: this.models[0]!,
      prompt: req.prompt,
      seed: req.seed,
      params: withNegativePrompt({ promptId, ...(this.opts.workflowName ? { workflow: this.opts.workflowName } : {}), fps: this.opts.fps }, req),
      generatedAt: new Date().toISOString(),
      sourceType: 'ai-generated',
    }
  }

  /** A job given up on leaves ComfyUI's queue (or is interrupted), so the GPU moves on. */
  async discard(promptId: string): Promise<void> {
    this.client?.forget(promptId)
    await this.client?.cancel(promptId)
  }

  async close(): Promise<void> {
    this.client?.close()
  }

  private finished(entry: NonNullable<Awaited<ReturnType<ComfyClient['history']>>>): ProviderJobStatus {
    if (entry.status?.status_str === 'error') return { state: 'failed', progress: 100, error: failureReason(entry) }
    if (entry.status?.completed) return { state: 'succeeded', progress: 100, stage: 'done' }
    return { state: 'running', progress: 95, stage: 'writing the video' }
  }

  private comfy(): ComfyClient {
    if (!this.client || !this.opts.workflow) throw new ProviderRejectedError('ComfyUI is not configured on this appview')
    return this.client
  }
}
