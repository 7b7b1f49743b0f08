import { ids, schemas } from '@framewright/lexicons'

/**
 * The prompt's real limit, read from the createJob lexicon (maxGraphemes), so the box and the
 * appview can never disagree: a prompt the box accepts is one the appview accepts.
 */
export const PROMPT_MAX_GRAPHEMES: number = lexiconPromptLimit()

function lexiconPromptLimit(): number {
  const doc = schemas.find((s) => s.id === ids.AppFramewrightGenerateCreateJob) as
    | { defs: { main: { input?: { schema?: { properties?: { prompt?: { maxGraphemes?: number } } } } } } }
    | undefined
  const max = doc?.defs.main.input?.schema?.properties?.prompt?.maxGraphemes
  if (typeof max !== 'number') throw new Error('createJob lexicon has no maxGraphemes on prompt')
  return max
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** User-perceived characters, as the lexicon counts them: an emoji with modifiers is one. */
export function countGraphemes(text: string): number {
  let n = 0
  for (const _ of segmenter.segment(text)) n++
  return n
}

/** The text cut to at most `max` graphemes (never in the middle of one). */
export function clampGraphemes(text: string, max: number): string {
  let n = 0
  let end = 0
  for (const { index, segment } of segmenter.segment(text)) {
    if (n === max) return text.slice(0, index)
    n++
    end = index + segment.length
  }
  return text.slice(0, end)
}
