import { interactionEffect, type ViewerInteractions } from '../interactions/effect'
import { BONUS } from '../ranking/creation-first'
import type { ParsedInstruction, SteeringTerm } from './instruction'
import { columnHas, normalizeTag, tagColumnHas } from './words'

const HOUR = 3_600_000

/** How much one steering word moves a video: half a day either way per matching word. */
export const STEER = { perBoostedWord: 12 * HOUR, perLoweredWord: 12 * HOUR }

/** feedContext is at most this long (getFeedSkeleton's limit). */
export const MAX_CONTEXT_CHARS = 2_000

/** Weights as factors: basis points / 10000, so 10000 (the default) is today's ranking and 0 turns a signal off. */
export interface SteeringWeights {
  remixes: number
  newCreators: number
  following: number
  freshness: number
}

/** Everything about one viewer that changes how their feed is ranked. */
export interface Steering {
  weights: SteeringWeights
  instruction: ParsedInstruction
  /** Normalised muted tags. */
  mutedTags: string[]
  /** DIDs the viewer follows. */
  follows: ReadonlySet<string>
  /** What the viewer told us with sendInteractions ("less like this"); none when absent. */
  interactions?: ViewerInteractions
}

/** What the steered score of one candidate is computed from (a feed_item row). */
export interface Candidate {
  uri: string
  /** The companion post a skeleton lists for it, when known. */
  post?: string
  creator: string
  madeAt: number
  isRemix: boolean
  newCreator: boolean
  remixCount: number
  tags: string
  words: string
}

export const DEFAULT_WEIGHTS: SteeringWeights = { remixes: 1, newCreators: 1, following: 1, freshness: 1 }

/** Weights from basis points as the prefs record holds them; missing ones are the default. */
export function weightsFromBasisPoints(bp: Partial<Record<keyof SteeringWeights, number | null | undefined>>): SteeringWeights {
  const factor = (v: number | null | undefined) => (v === null || v === undefined ? 1 : Math.min(10_000, Math.max(0, v)) / 10_000)
  return { remixes: factor(bp.remixes), newCreators: factor(bp.newCreators), following: factor(bp.following), freshness: factor(bp.freshness) }
}

/** A viewer with no prefs: today's ranking, plus the bonus for people they follow. */
export function neutralSteering(follows: ReadonlySet<string> = new Set()): Steering {
  return { weights: DEFAULT_WEIGHTS, instruction: { boost: [], penalise: [], mute: [], ignored: [] }, mutedTags: [], follows }
}

/**
 * The steered score of a candidate and a sentence saying why, or undefined when the viewer's
 * muted tags or "no X" words leave it out. With neutral steering and no follows the score equals
 * the creation-first rank, so a viewer who steers nothing sees the ranking everyone sees.
 * Freshness scales time itself: at 0 the age of a video no longer matters, only its merits.
 */
export function steeredScore(c: Candidate, s: Steering): { score: number; context: string } | undefined {
  if (s.mutedTags.some((t) => tagColumnHas(c.tags, t))) return undefined
  if (s.instruction.mute.some((t) => columnHas(c.words, t.word))) return undefined
  const asked = s.interactions ? interactionEffect(c, s.interactions) : undefined
  if (asked?.hidden) return undefined
  const w = s.weights
  let score = c.madeAt * w.freshness
  if (c.isRemix && w.remixes > 0) score += BONUS.remix * w.remixes
  if (c.newCreator && w.newCreators > 0) score += BONUS.newCreator * w.newCreators
  const rewarded = Math.min(c.remixCount, BONUS.maxRemixesRewarded)
  if (rewarded > 0 && w.remixes > 0) score += rewarded * BONUS.perRemixReceived * w.remixes
  if (s.follows.has(c.creator) && w.following > 0) score += BONUS.following * w.following
  score += matching(s.instruction.boost, c.words).length * STEER.perBoostedWord - matching(s.instruction.penalise, c.words).length * STEER.perLoweredWord
  if (asked) score += asked.delta
  return { score: Math.round(score), context: steeringContext(c, s, asked?.context) }
}

/**
 * The sentence saying why a candidate the viewer's steering kept ranks where it does (its
 * feedContext): `asked` is what their interactions say of it (interactionEffect's context), and
 * `weighted` whether their weights differ from the default (isWeighted), for a caller describing
 * many candidates of one viewer.
 */
export function steeringContext(c: Candidate, s: Steering, asked: string | undefined, weighted = isWeighted(s.weights)): string {
  const w = s.weights
  const why: string[] = []
  if (c.isRemix && w.remixes > 0) why.push('a remix')
  if (c.newCreator && w.newCreators > 0) why.push('from a new creator')
  if (Math.min(c.remixCount, BONUS.maxRemixesRewarded) > 0 && w.remixes > 0) why.push(`remixed ${c.remixCount} time${c.remixCount === 1 ? '' : 's'}`)
  if (s.follows.has(c.creator) && w.following > 0) why.push('from someone you follow')
  const boosted = matching(s.instruction.boost, c.words)
  const lowered = matching(s.instruction.penalise, c.words)
  let context = why.length > 0 ? `Recent, ${why.join(', ')}.` : 'Recent.'
  if (boosted.length > 0) context += ` Boosted: ${boosted.join(', ')} (your steering).`
  if (lowered.length > 0) context += ` Lowered: ${lowered.join(', ')} (your steering).`
  if (asked) context += ` ${asked}`
  if (weighted) context += ' Weighted by your feed settings.'
  return context.length > MAX_CONTEXT_CHARS ? `${context.slice(0, MAX_CONTEXT_CHARS - 1)}…` : context
}

/** Whether weights differ from the default ranking's (feedContext says so). */
export function isWeighted(w: SteeringWeights): boolean {
  return w.remixes !== 1 || w.newCreators !== 1 || w.following !== 1 || w.freshness !== 1
}

function matching(terms: SteeringTerm[], words: string): string[] {
  return terms.filter((t) => columnHas(words, t.word)).map((t) => t.text)
}

/** Muted tags as written in a prefs record, normalised and without duplicates. */
export function normalizeMutedTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normalizeTag).filter(Boolean))]
}
