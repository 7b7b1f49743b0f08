/**
 * IPTC digital source types (https://cv.iptc.org/newscodes/digitalsourcetype/), the vocabulary
 * C2PA manifests use to say how media was made. Only the ones that say a trained model (generative
 * AI) made or composited the media count as an AI source here; `algorithmicMedia` (made by an
 * algorithm without training data) and `algorithmicallyEnhanced` (a camera's processing) do not.
 */
const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/'

export const DIGITAL_SOURCE_TYPE = {
  trainedAlgorithmicMedia: `${IPTC}trainedAlgorithmicMedia`,
  compositeWithTrainedAlgorithmicMedia: `${IPTC}compositeWithTrainedAlgorithmicMedia`,
  algorithmicMedia: `${IPTC}algorithmicMedia`,
  digitalCapture: `${IPTC}digitalCapture`,
} as const

const AI_TERMS = new Set(['trainedAlgorithmicMedia', 'compositeWithTrainedAlgorithmicMedia'])

/** Whether a digitalSourceType (full IPTC URI, https or http, or the bare term) declares generative AI. */
export function isAiSourceType(sourceType: string): boolean {
  const term = sourceType.trim().replace(/^https?:\/\/cv\.iptc\.org\/newscodes\/digitalsourcetype\//, '')
  return AI_TERMS.has(term)
}
