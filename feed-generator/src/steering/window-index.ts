import type { KeysetCursor } from '../algos/cursor'
import { INTERACTION_STEER } from '../interactions/effect'
import { BONUS } from '../ranking/creation-first'
import type { WindowItem } from './candidates'
import { STEER, steeredScore, type Steering } from './score'
import { normalizeTag } from './words'

/**
 * The candidate window indexed once per load, so that a steered page costs a few array passes
 * rather than a string search per candidate per steering term: every item's words, tags, creator,
 * video and post are posting lists (word → the items holding it). A viewer's steering then touches
 * only the items its terms name, and the score of every item is plain arithmetic.
 */
export interface IndexedWindow {
  items: readonly WindowItem[]
  byWord: ReadonlyMap<string, readonly number[]>
  byTag: ReadonlyMap<string, readonly number[]>
  byCreator: ReadonlyMap<string, readonly number[]>
  /** Video URI and post URI → item (what "less like this" hides). */
  byUri: ReadonlyMap<string, readonly number[]>
}

/** An item of a steered page: its score for this viewer and why. */
export interface ScoredItem {
  uri: string
  post: string
  score: number
  context: string
}

/** Indexes a window (see IndexedWindow); its order is kept. */
export function indexWindow(items: readonly WindowItem[]): IndexedWindow {
  const byWord = new Map<string, number[]>()
  const byTag = new Map<string, number[]>()
  const byCreator = new Map<string, number[]>()
  const byUri = new Map<string, number[]>()
  items.forEach((c, i) => {
    // What columnHas(words, w) and tagColumnHas(tags, t) find: the parts with a separator on both sides.
    for (const w of new Set(interiorParts(c.words, ' '))) add(byWord, w, i)
    for (const t of new Set(interiorParts(c.tags, '|'))) add(byTag, t, i)
    add(byCreator, c.creator, i)
    add(byUri, c.uri, i)
    if (c.post !== undefined && c.post !== c.uri) add(byUri, c.post, i)
  })
  return { items, byWord, byTag, byCreator, byUri }
}

/**
 * The page of a viewer's steered ranking after `after`: at most `limit` items in (score, uri)
 * descending order, and whether any remain. The same page as ranking the whole window and cutting
 * it at the cursor (rankWindow + pageAfter in algos/steered.ts), and the same scores as
 * steeredScore, which the page's items are then described by; only the top `limit` are sorted.
 */
export function steeredPageOf(window: IndexedWindow, s: Steering, after: KeysetCursor | undefined, limit: number): { items: ScoredItem[]; more: boolean } {
  const { items } = window
  const n = items.length
  const left = new Uint8Array(n)
  const mark = (ids: readonly number[] | undefined) => ids?.forEach((i) => (left[i] = 1))
  for (const t of s.mutedTags) mark(window.byTag.get(tagKey(t)))
  for (const t of s.instruction.mute) if (t.word !== '') mark(window.byWord.get(t.word))
  const i = s.interactions
  if (i) for (const hidden of i.hidden) mark(window.byUri.get(hidden))

  const followed = new Uint8Array(n)
  for (const did of s.follows) window.byCreator.get(did)?.forEach((k) => (followed[k] = 1))
  const boosted = countTerms(window, n, s.instruction.boost.map((t) => t.word))
  const lowered = countTerms(window, n, s.instruction.penalise.map((t) => t.word))
  const delta = i ? interactionDeltas(window, n, i) : undefined

  const w = s.weights
  const page: { index: number; score: number }[] = []
  let eligible = 0
  for (let k = 0; k < n; k++) {
    if (left[k]) continue
    const c = items[k]!
    // The same sums, in the same order, as steeredScore: equal scores to the last bit.
    let score = c.madeAt * w.freshness
    if (c.isRemix && w.remixes > 0) score += BONUS.remix * w.remixes
    if (c.newCreator && w.newCreators > 0) score += BONUS.newCreator * w.newCreators
    const rewarded = Math.min(c.remixCount, BONUS.maxRemixesRewarded)
    if (rewarded > 0 && w.remixes > 0) score += rewarded * BONUS.perRemixReceived * w.remixes
    if (followed[k] && w.following > 0) score += BONUS.following * w.following
    score += (boosted?.[k] ?? 0) * STEER.perBoostedWord - (lowered?.[k] ?? 0) * STEER.perLoweredWord
    if (delta) score += delta[k]!
    score = Math.round(score)
    if (after && !(score < after.rank || (score === after.rank && c.uri < after.uri))) continue
    eligible++
    keepTop(page, items, { index: k, score }, limit)
  }
  return {
    items: page.map(({ index }) => {
      const c = items[index]!
      const described = steeredScore(c, s)!
      return { uri: c.uri, post: c.post, score: described.score, context: described.context }
    }),
    more: eligible > limit,
  }
}

/** Inserts into `top` (kept in descending (score, uri) order) unless it already holds `limit` better ones. */
function keepTop(top: { index: number; score: number }[], items: readonly WindowItem[], entry: { index: number; score: number }, limit: number) {
  const uri = items[entry.index]!.uri
  const before = (x: { index: number; score: number }) => x.score > entry.score || (x.score === entry.score && items[x.index]!.uri > uri)
  if (top.length >= limit && before(top[top.length - 1]!)) return
  let at = top.length
  while (at > 0 && !before(top[at - 1]!)) at--
  top.splice(at, 0, entry)
  if (top.length > limit) top.pop()
}

/** How many of `words` each item holds (a word named twice counts twice, as steeredScore counts it). */
function countTerms(window: IndexedWindow, n: number, words: string[]): Uint8Array | undefined {
  if (words.length === 0) return undefined
  const counts = new Uint8Array(n)
  for (const word of words) if (word !== '') window.byWord.get(word)?.forEach((k) => (counts[k] = counts[k]! + 1))
  return counts
}

/** interactionEffect's score change for every item, from posting lists instead of per-item lookups. */
function interactionDeltas(window: IndexedWindow, n: number, i: NonNullable<Steering['interactions']>): Float64Array {
  const delta = new Float64Array(n)
  for (const [creators, tags, perCreator, perTag] of [
    [i.lessCreators, i.lessTags, -INTERACTION_STEER.lessCreator, -INTERACTION_STEER.lessPerTag],
    [i.moreCreators, i.moreTags, INTERACTION_STEER.moreCreator, INTERACTION_STEER.morePerTag],
  ] as const) {
    const matched = new Uint16Array(n)
    for (const t of tags) window.byTag.get(tagKey(t))?.forEach((k) => (matched[k] = matched[k]! + 1))
    for (let k = 0; k < n; k++) if (matched[k]) delta[k] = delta[k]! + Math.min(matched[k]!, INTERACTION_STEER.maxTags) * perTag
    for (const did of creators.keys()) window.byCreator.get(did)?.forEach((k) => (delta[k] = delta[k]! + perCreator))
  }
  return delta
}

/** A tag as tagColumnHas looks for it. */
function tagKey(tag: string): string {
  return normalizeTag(tag).replace(/\|/g, ' ')
}

function interiorParts(column: string, separator: string): string[] {
  const parts = column.split(separator)
  return parts.slice(1, -1).filter((p) => p !== '')
}

function add(map: Map<string, number[]>, key: string, index: number) {
  const list = map.get(key)
  if (list) list.push(index)
  else map.set(key, [index])
}
