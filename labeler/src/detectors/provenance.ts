import type { VideoDetector } from './types'

/** Labels every AI-generated or AI-edited video `ai-video`, from the provenance its record declares. */
export const provenanceDetector: VideoDetector = {
  name: 'provenance',
  values: ['ai-video'],
  evaluate(video) {
    const gen = video.record.generation
    if (gen?.sourceType === 'captured') return []
    return [
      {
        val: 'ai-video',
        reason: `Made with ${gen?.provider ?? 'an unknown provider'} (${gen?.model ?? 'unknown model'}), as the post declares.`,
        evidence: { provider: gen?.provider, model: gen?.model, sourceType: gen?.sourceType },
      },
    ]
  },
}
