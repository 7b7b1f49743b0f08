import type { GenerationRequest } from '../../provider'
import { negativePrompt } from '../../restrictions'

/**
 * What we know of the Replicate video models we offer: the shape of their input (each model has
 * its own schema) and the durations they accept. A model not listed gets the common shape
 * (prompt, seed, aspect_ratio, duration), which most video models on Replicate take.
 */
interface ModelSpec {
  /** Durations in seconds the model accepts; the request's duration is rounded to the nearest. */
  durations: number[]
  input(req: GenerationRequest, seconds: number, aspect: '9:16' | '16:9'): Record<string, unknown>
}

const veo: ModelSpec = {
  durations: [4, 6, 8],
  input: (req, seconds, aspect) => {
    // Veo's "what to exclude": the depicted people's restrictions, as a string field.
    const negative = negativePrompt(req)
    return {
      prompt: req.prompt,
      seed: req.seed,
      aspect_ratio: aspect,
      duration: seconds,
      resolution: '720p',
      // Our feed autoplays muted; audio doubles the cost of some models for nothing here.
      generate_audio: false,
      ...(negative ? { negative_prompt: negative } : {}),
    }
  },
}

const common: ModelSpec = {
  durations: [5, 10],
  input: (req, seconds, aspect) => ({ prompt: req.prompt, seed: req.seed, aspect_ratio: aspect, duration: seconds }),
}

const KNOWN: Record<string, ModelSpec> = {
  'google/veo-3-fast': veo,
  'google/veo-3.1': veo,
}

export const DEFAULT_REPLICATE_MODELS = Object.keys(KNOWN)

/** Replicate model names are owner/name; anything else cannot be a model endpoint. */
export const MODEL_NAME = /^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/i

/** The prediction input for a request, in the model's own schema. */
export function predictionInput(model: string, req: GenerationRequest): Record<string, unknown> {
  const spec = KNOWN[model] ?? common
  const wanted = req.durationMs / 1000
  const seconds = spec.durations.reduce((best, d) => (Math.abs(d - wanted) < Math.abs(best - wanted) ? d : best))
  // Hosted models offer portrait or landscape; a square request goes portrait, as the feed is.
  const aspect = req.aspectRatio.width > req.aspectRatio.height ? '16:9' : '9:16'
  return spec.input(req, seconds, aspect)
}

/**
 * How far a prediction is, 0–100. Replicate reports no progress figure, but many models print
 * one in their logs (tqdm bars, "52%"); the last one wins. Without one, time stands in, against
 * what a video model usually takes, so the bar moves and never claims to be done.
 */
export function predictionProgress(p: { status: string; logs?: string | null; started_at?: string | null }, now = Date.now()): number {
  if (p.status === 'succeeded') return 100
  if (p.status === 'starting') return 2
  const percents = [...(p.logs ?? '').matchAll(/(\d{1,3})%/g)].map((m) => Number(m[1])).filter((n) => n <= 100)
  const last = percents.at(-1)
  if (last !== undefined) return Math.max(5, Math.min(95, last))
  const started = p.started_at ? Date.parse(p.started_at) : NaN
  if (Number.isNaN(started)) return 5
  const TYPICAL_MS = 90_000
  return Math.round(5 + 85 * (1 - Math.exp(-(now - started) / TYPICAL_MS)))
}

/** The video URL of a succeeded prediction: video models answer with one URI, some with a list. */
export function outputUrl(output: unknown): string | undefined {
  const first = Array.isArray(output) ? output[0] : output
  if (typeof first !== 'string') return undefined
  try {
    const url = new URL(first)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined
  } catch {
    return undefined
  }
}
