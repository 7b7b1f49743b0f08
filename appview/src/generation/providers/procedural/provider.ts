/**
 * The built-in, offline provider: renders abstract animations with ffmpeg's lavfi sources
 * (plasma, soft gradients, Mandelbrot zooms, Game of Life, elementary cellular automata).
 * Everything about the look comes from sha256(model, seed, prompt) (see scene.ts), so identical
 * requests give byte-identical renders (the C2PA manifest, when signed, differs: it carries a fresh
 * instance id and signature) and different prompts look clearly different. This file
 * holds the job lifecycle: checking requests, queueing renders, running ffmpeg and cleaning up.
 */
import { randomUUID } from 'node:crypto'
import { constants } from 'node:fs'
import { access, copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Logger } from 'pino'
import { isStorageFull, MediaTimeoutError, probeVideo, runFfmpeg, StorageFullError, type C2paSigner, type MediaTools } from '@framewright/service-kit'
import {
  ProviderRejectedError,
  UnknownProviderJobError,
  type GenerationRequest,
  type ProviderJobState,
  type ProviderJobStatus,
  type Provenance,
  type VideoFileInfo,
  type VideoProvider,
} from '../../provider'
import { withNegativePrompt } from '../../restrictions'
import { CAPTION_FILE, FPS, OUTPUT_FILE, PART_FILE, SIGNED_PART_FILE } from './format'
import { proceduralManifest } from './manifest'
import { planScene, renderArgs, type Scene } from './scene'

export interface ProceduralProviderOptions {
  /** Each job renders into its own folder here. */
  workDir: string
  /** ffmpeg and ffprobe, under the process's media limits (renders wait for a slot like any other run). */
  tools: MediaTools
  logger?: Logger
  /** Font for the prompt caption; null renders without text. Defaults to DejaVu Sans when it is installed. */
  fontFile?: string | null
  /** ffmpeg already uses every core, so renders run one at a time unless told otherwise. */
  maxConcurrentRenders?: number
  /** Signs every render with a C2PA manifest (the operator's credentials); unsigned without one. */
  signer?: C2paSigner
  /** Told every progress a job reports, in order (tests read the whole sequence instead of sampling it). */
  onProgress?: (providerJobId: string, progress: number, stage: string) => void
}

/** fetchResult was called before the render finished. */
export class RenderNotFinishedError extends Error {
  override name = 'RenderNotFinishedError'
}

const MODELS = ['framewright-procedural-1']
const MAX_DURATION_MS = 60_000
const MAX_ASPECT = 4
const DEFAULT_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'
// The font path goes into the filter graph; anything beyond these characters would need graph escaping.
const SAFE_FONT_PATH = /^[A-Za-z0-9_./-]+$/

interface RenderJob {
  id: string
  dir: string
  scene: Scene
  state: ProviderJobState
  progress: number
  stage: string
  error?: string
  submittedAt: string
  finishedAt?: string
  abort: AbortController
  done?: Promise<void>
}

/** Renders deterministic abstract animations with ffmpeg; always available, needs no network. */
export class ProceduralProvider implements VideoProvider {
  readonly id = 'procedural'
  readonly displayName = 'Procedural (built-in)'
  readonly description =
    'Abstract animations (plasma, gradients, fractal zooms, cellular automata) rendered locally with ffmpeg; ' +
    'the same prompt and seed always give the same video.'
  readonly models = [...MODELS]
  readonly available = true
  /** Costs the operator a little CPU: anyone may use it (within the daily quota). */
  readonly free = true

  private readonly jobs = new Map<string, RenderJob>()
  private readonly waiting: RenderJob[] = []
  private running = 0
  private destroyed = false
  private font: Promise<string | null> | undefined
  private readonly log: Logger | undefined

  constructor(private readonly opts: ProceduralProviderOptions) {
    this.log = opts.logger?.child({ provider: 'procedural' })
  }

  async submit(req: GenerationRequest): Promise<string> {
    if (this.destroyed) throw new ProviderRejectedError('the procedural renderer has shut down')
    const model = req.model ?? MODELS[0]!
    checkRequest(req, model)
    const fontFile = await this.findFont()
    const scene = planScene(req, model, fontFile)
    const id = `procedural-${randomUUID()}`
    const dir = join(this.opts.workDir, id)
    await mkdir(dir, { recursive: true })
    // The prompt reaches ffmpeg only as the contents of this file, never inside the filter graph.
    // A job that fails here has no id for anyone to discard: its folder goes now (a full disk left
    // it behind, with a partial caption in it).
    if (scene.caption) await writeFile(join(dir, CAPTION_FILE), scene.caption, 'utf8').catch(async (err) => {
      await rm(dir, { recursive: true, force: true })
      throw err
    })
    const job: RenderJob = {
      id,
      dir,
      scene,
      state: 'queued',
      progress: 0,
      stage: 'waiting for a free renderer',
      submittedAt: new Date().toISOString(),
      abort: new AbortController(),
    }
    this.jobs.set(id, job)
    this.waiting.push(job)
    this.pump()
    return id
  }

  async status(providerJobId: string): Promise<ProviderJobStatus> {
    const job = this.job(providerJobId)
    return { state: job.state, progress: job.progress, stage: job.stage, ...(job.error ? { error: job.error } : {}) }
  }

  async fetchResult(providerJobId: string, destPath: string): Promise<VideoFileInfo> {
    const job = this.job(providerJobId)
    if (job.state === 'failed') throw new ProviderRejectedError(job.error ?? 'the render failed')
    if (job.state !== 'succeeded') throw new RenderNotFinishedError(`${providerJobId} is still ${job.state}`)
    await mkdir(dirname(destPath), { recursive: true })
    await copyFile(join(job.dir, OUTPUT_FILE), destPath)
    const probe = await probeVideo(destPath, this.opts.tools, { background: true })
    return { mimeType: 'video/mp4', size: probe.size, durationMs: probe.durationMs, width: probe.width, height: probe.height }
  }

  provenance(providerJobId: string, req: GenerationRequest): Provenance {
    const job = this.job(providerJobId)
    return {
      provider: this.id,
      model: job.scene.model,
      prompt: req.prompt,
      seed: req.seed,
      // Nothing here draws people, but the record says what the renderer was asked to avoid.
      params: withNegativePrompt(job.scene.params, req),
      generatedAt: job.finishedAt ?? job.submittedAt,
      sourceType: 'ai-generated',
    }
  }

  async discard(providerJobId: string): Promise<void> {
    const job = this.jobs.get(providerJobId)
    if (!job) return
    this.removeWaiting(job)
    job.abort.abort(new Error('the job was discarded'))
    await job.done
    this.jobs.delete(providerJobId)
    await rm(job.dir, { recursive: true, force: true })
  }

  /** Stops every render (they end as 'failed') and waits for their ffmpeg processes to exit; safe to call twice. */
  async destroy(): Promise<void> {
    this.destroyed = true
    for (const job of this.waiting.splice(0)) this.fail(job, 'the renderer shut down before the job started')
    const running = [...this.jobs.values()].filter((job) => job.done)
    for (const job of running) job.abort.abort(new Error('the renderer shut down'))
    await Promise.all(running.map((job) => job.done))
  }

  /** The VideoProvider shutdown hook: the same as destroy(). */
  async close(): Promise<void> {
    await this.destroy()
  }

  private job(id: string): RenderJob {
    const job = this.jobs.get(id)
    if (!job) throw new UnknownProviderJobError(`no procedural render with id ${id}`)
    return job
  }

  private pump(): void {
    const max = Math.max(1, this.opts.maxConcurrentRenders ?? 1)
    while (this.running < max) {
      const job = this.waiting.shift()
      if (!job) return
      this.running += 1
      job.done = this.render(job).finally(() => {
        this.running -= 1
        this.pump()
      })
    }
  }

  private async render(job: RenderJob): Promise<void> {
    const { scene } = job
    const startedMs = Date.now()
    const outputMs = Math.round((scene.frames * 1000) / FPS)
    job.state = 'running'
    job.stage = 'rendering frames'
    this.log?.debug({ jobId: job.id, pattern: scene.params.pattern, frames: scene.frames }, 'render started')
    // Generous: a 4 s clip takes about 2 s on two cores; this only catches a stuck ffmpeg.
    const timeoutMs = 60_000 + 10 * outputMs
    try {
      await runFfmpeg(renderArgs(scene), {
        tools: this.opts.tools,
        cwd: job.dir,
        signal: job.abort.signal,
        timeoutMs,
        // Renders have their own queue (one at a time): they wait for a slot rather than fail.
        background: true,
        onProgress: (outTimeMs) => {
          // 100 is kept for "succeeded": the file is still being finished after the last frame.
          job.progress = Math.max(job.progress, Math.min(99, Math.floor((outTimeMs * 100) / outputMs)))
          this.opts.onProgress?.(job.id, job.progress, job.stage)
        },
      })
      job.stage = 'checking the video'
      await rename(join(job.dir, PART_FILE), join(job.dir, OUTPUT_FILE))
      const probe = await probeVideo(join(job.dir, OUTPUT_FILE), this.opts.tools, { background: true })
      if (probe.width !== scene.width || probe.height !== scene.height || probe.codec !== 'h264') {
        throw new Error(`ffmpeg wrote ${probe.codec} ${probe.width}x${probe.height}, not h264 ${scene.width}x${scene.height}`)
      }
      if (this.opts.signer) {
        job.stage = 'signing its provenance'
        await this.sign(job, this.opts.signer)
      }
      job.state = 'succeeded'
      job.progress = 100
      job.stage = 'done'
      this.opts.onProgress?.(job.id, job.progress, job.stage)
      job.finishedAt = new Date().toISOString()
      this.log?.info({ jobId: job.id, ms: Date.now() - startedMs, bytes: probe.size }, 'render finished')
    } catch (err) {
      if (job.abort.signal.aborted) {
        this.fail(job, `render stopped: ${reasonText(job.abort.signal.reason)}`)
        this.log?.info({ jobId: job.id }, 'render stopped')
        return
      }
      const message =
        err instanceof MediaTimeoutError
          ? `render timed out after ${Math.round(timeoutMs / 1000)} s`
          : isStorageFull(err)
            ? `render failed: ${new StorageFullError('the render').message}`
            : `render failed: ${err instanceof Error ? err.message : String(err)}`
      this.fail(job, message)
      this.log?.warn({ jobId: job.id, err }, 'render failed')
    }
  }

  /** Embeds the render's signed C2PA manifest, replacing the output only once the signed file is whole. */
  private async sign(job: RenderJob, signer: C2paSigner): Promise<void> {
    const output = join(job.dir, OUTPUT_FILE)
    const signed = await signer.sign(await readFile(output), 'video/mp4', proceduralManifest(job.scene))
    await writeFile(join(job.dir, SIGNED_PART_FILE), signed)
    await rename(join(job.dir, SIGNED_PART_FILE), output)
  }

  private fail(job: RenderJob, message: string): void {
    job.state = 'failed'
    job.stage = 'failed'
    job.error = message
    job.finishedAt = new Date().toISOString()
  }

  private removeWaiting(job: RenderJob): void {
    const at = this.waiting.indexOf(job)
    if (at >= 0) this.waiting.splice(at, 1)
  }

  private findFont(): Promise<string | null> {
    this.font ??= (async () => {
      const path = this.opts.fontFile === undefined ? DEFAULT_FONT : this.opts.fontFile
      if (path === null) return null
      if (!SAFE_FONT_PATH.test(path)) {
        this.log?.warn({ path }, 'font path has characters the filter graph cannot take; rendering without captions')
        return null
      }
      return access(path, constants.R_OK).then(
        () => path,
        () => null,
      )
    })()
    return this.font
  }
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason)
}

/** Throws ProviderRejectedError for a request this renderer will not take (model, seed, duration, aspect ratio). */
function checkRequest(req: GenerationRequest, model: string): void {
  if (!MODELS.includes(model)) throw new ProviderRejectedError(`unknown model ${model}; this provider has ${MODELS.join(', ')}`)
  if (!Number.isSafeInteger(req.seed)) throw new ProviderRejectedError('seed must be an integer')
  if (!Number.isInteger(req.durationMs) || req.durationMs < 1000 / FPS || req.durationMs > MAX_DURATION_MS) {
    throw new ProviderRejectedError(`durationMs must be an integer from ${Math.ceil(1000 / FPS)} to ${MAX_DURATION_MS}`)
  }
  const { width, height } = req.aspectRatio
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new ProviderRejectedError('aspect ratio sides must be positive integers')
  }
  if (Math.max(width, height) > MAX_ASPECT * Math.min(width, height)) {
    throw new ProviderRejectedError(`aspect ratio ${width}:${height} is wider than ${MAX_ASPECT}:1`)
  }
}
