/**
 * The seam every video generation provider plugs into: submit → status/progress → fetch result →
 * provenance. Hosted APIs (Veo, Runway, Luma, Replicate, fal, OpenAI), a local ComfyUI and the
 * built-in procedural renderer all implement this, so the job queue never knows which one it drives.
 */

export interface AspectRatio {
  width: number
  height: number
}

/** What a creator asked for, after the generation service has checked consent and the prompt. */
export interface GenerationRequest {
  prompt: string
  /** A model of the provider's `models`; the provider's first model when absent. */
  model?: string
  /** Always set by the service (random when the creator gave none), so results are reproducible. */
  seed: number
  durationMs: number
  aspectRatio: AspectRatio
  /** DIDs of people whose likeness the video uses (their grants were checked before submit). */
  depicts: string[]
  /**
   * The depicted people's conditions (their grants' `restrictions`). Untrusted text: providers that
   * take a negative prompt or instructions get it as a value (see negativePrompt), never as code.
   */
  restrictions?: Restriction[]
}

/** One depicted person's conditions on the use of their likeness. */
export interface Restriction {
  subject: string
  text: string
}

export type ProviderJobState = 'queued' | 'running' | 'succeeded' | 'failed'

export interface ProviderJobStatus {
  state: ProviderJobState
  /** 0–100. */
  progress: number
  /** Short, human-readable description of what is happening now ("rendering frames"). */
  stage?: string
  /** Set when state is 'failed'. */
  error?: string
}

/** Facts about a finished video file. */
export interface VideoFileInfo {
  mimeType: string
  size: number
  durationMs: number
  width: number
  height: number
}

/** Provenance to publish in the video record's `generation` field (integers only, no floats). */
export interface Provenance {
  provider: string
  model: string
  prompt: string
  seed?: number
  params?: Record<string, unknown>
  generatedAt: string
  sourceType: 'ai-generated' | 'ai-edited'
}

/** A provider job id the provider no longer knows (e.g. lost across a restart); the job is resubmitted. */
export class UnknownProviderJobError extends Error {
  override name = 'UnknownProviderJobError'
}

/** The provider refused or failed the job for good (bad request, content policy, quota). */
export class ProviderRejectedError extends Error {
  override name = 'ProviderRejectedError'
}

export interface VideoProvider {
  readonly id: string
  readonly displayName: string
  readonly description: string
  readonly models: string[]
  /** False when the provider is not configured here (no API key, no server URL). */
  readonly available: boolean
  /**
   * True only for providers that cost the operator nothing worth guarding (the built-in renderer).
   * Any other provider (hosted APIs, a GPU server) is paid: only allowlisted creators may use it.
   */
  readonly free?: boolean
  /** How often the job runner asks for status (hosted APIs want it slower than local renders). */
  readonly pollIntervalMs?: number
  /** Starts a job; resolves with the provider's own job id as soon as it is accepted. */
  submit(req: GenerationRequest): Promise<string>
  /** Current state of a submitted job. Throws UnknownProviderJobError for an id it does not know. */
  status(providerJobId: string): Promise<ProviderJobStatus>
  /** Copies a succeeded job's video to destPath (hosted URLs expire: copy at once). */
  fetchResult(providerJobId: string, destPath: string): Promise<VideoFileInfo>
  /** The provenance of a finished job, as the record will state it. */
  provenance(providerJobId: string, req: GenerationRequest): Provenance
  /** Releases whatever the provider holds for a job (temp files, remote resources). */
  discard?(providerJobId: string): Promise<void>
  /** At shutdown: stops local work (child processes). Hosted jobs keep running remotely. */
  close?(): Promise<void>
}
