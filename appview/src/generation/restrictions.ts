import type { GenerationRequest } from './provider'

/**
 * The negative prompt a request carries: its depicted people's restrictions ("Nothing political,
 * please."), each once, or undefined when there are none. Providers hand it over as a plain string
 * value (a JSON field), so whatever a grant says it can never become a filter, a shell word or a node.
 */
export function negativePrompt(req: Pick<GenerationRequest, 'restrictions'>): string | undefined {
  const texts = [...new Set((req.restrictions ?? []).map((r) => r.text.trim()).filter((t) => t.length > 0))]
  return texts.length > 0 ? texts.join('; ') : undefined
}

/** Provenance params with the negative prompt a provider was given, when there was one. */
export function withNegativePrompt<T extends object>(params: T, req: Pick<GenerationRequest, 'restrictions'>): T & { negativePrompt?: string } {
  const negative = negativePrompt(req)
  return negative ? { ...params, negativePrompt: negative } : params
}
