import type { KeysetCursor } from '../algos/cursor'
import { INTERACTION_STEER, interactionEffect } from '../interactions/effect'
import { BONUS } from '../ranking/creation-first'
import type { WindowItem } from './candidates'
import type { SteeringTerm } from './instruction'
import { isWeighted, STEER, steeringContext, type Steering } from './score'
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
  /** The facts every score reads, one typed array each, so the scoring loop reads no objects. */
  madeAt: Float64Array
  isRemix: Uint8Array
  newCreator: Uint8Array
  remixCount: Float64Array
  /** Each item's URI as its position in urisSorted: URIs compared as numbers (ties of score are broken by URI). */
  uriOrder: Uint32Array
  /** The items' URIs in code-point order, where a cursor's URI is placed. */
  urisSorted: readonly string[]
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
  const n = items.length
  const madeAt = new Float64Array(n)
  const isRemix = new Uint8Array(n)
  const newCreator = new Uint8Array(n)
  const remixCount = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const c = items[i]!
    // What columnHas(words, w) and tagColumnHas(tags, t) find: the parts with a separator on both sides.
    for (const w of new Set(interiorParts(c.words, ' '))) add(byWord, w, i)
    for (const t of new Set(interiorParts(c.tags, '|'))) add(byTag, t, i)
    add(byCreator, c.creator, i)
    add(byUri, c.uri, i)
    if (c.post !== undefined && c.post !== c.uri) add(byUri, c.post, i)
    madeAt[i] = c.madeAt
    isRemix[i] = c.isRemix ? 1 : 0
    newCreator[i] = c.newCreator ? 1 : 0
    remixCount[i] = c.remixCount
  }
  // Sorted by code point (not localeCompare), as `<` compares the cursor's URI; a URI held twice takes its first place.
  const urisSorted = items.map((c) => c.uri).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const firstAt = new Map<string, number>()
  urisSorted.forEach((uri, at) => firstAt.has(uri) || firstAt.set(uri, at))
  const uriOrder = Uint32Array.from(items, (c) => firstAt.get(c.uri)!)
  return { items, byWord, byTag, byCreator, byUri, madeAt, isRemix, newCreator, remixCount, uriOrder, urisSorted }
}

/**
 * The page of a viewer's steered ranking after `after`: at most `limit` items in (score, uri)
 * descending order, and whether any remain. The same page as ranking the whole window and cutting
 * it at the cursor (rankWindow + pageAfter in algos/steered.ts), with the same scores and contexts
 * as steeredScore; only the top `limit` are sorted, and only they are described.
 */
export function steeredPageOf(window: IndexedWindow, s: Steering, after: KeysetCursor | undefined, limit: number): { items: ScoredItem[]; more: boolean } {
  const { items } = window
  const n = items.length
  // Plain loops, no closures: this runs on every steered page (and tsx names every closure it makes).
  const left = new Uint8Array(n)
  for (const t of s.mutedTags) mark(left, window.byTag.get(tagKey(t)))
  for (const t of s.instruction.mute) if (t.word !== '') mark(left, window.byWord.get(t.word))
  const i = s.interactions
  if (i) for (const hidden of i.hidden) mark(left, window.byUri.get(hidden))

  const followed = new Uint8Array(n)
  for (const did of s.follows) mark(followed, window.byCreator.get(did))
  const boosted = countTerms(window, n, s.instruction.boost)
  const lowered = countTerms(window, n, s.instruction.penalise)
  // No interactions that move a score: every delta is 0, which adds nothing.
  const delta = i && (i.lessCreators.size > 0 || i.moreCreators.size > 0 || i.lessTags.length > 0 || i.moreTags.length > 0) ? interactionDeltas(window, n, i) : undefined

  const w = s.weights
  const { madeAt, isRemix, newCreator, remixCount } = window
  // Each bonus as the product steeredScore adds (the same double), 0 where its weight turns it off.
  const freshness = w.freshness
  const remixBonus = w.remixes > 0 ? BONUS.remix * w.remixes : 0
  const newCreatorBonus = w.newCreators > 0 ? BONUS.newCreator * w.newCreators : 0
  const remixes = w.remixes > 0 ? w.remixes : 0
  const followingBonus = w.following > 0 ? BONUS.following * w.following : 0
  const { maxRemixesRewarded, perRemixReceived } = BONUS
  const { perBoostedWord, perLoweredWord } = STEER
  // The cursor's URI as a position among the window's URIs (see uriOrder), so that ties compare numbers.
  const afterRank = after ? after.rank : Infinity
  const afterUri = after ? uriPosition(window, after.uri) : 0
  const { uriOrder } = window
  const page: { index: number; score: number }[] = []
  let eligible = 0
  let lastScore = -Infinity
  let lastUri = -1
  for (let k = 0; k < n; k++) {
    if (left[k]) continue
    // The same sums, in the same order, as steeredScore: equal scores to the last bit.
    let score = madeAt[k]! * freshness
    if (remixBonus !== 0 && isRemix[k]) score += remixBonus
    if (newCreatorBonus !== 0 && newCreator[k]) score += newCreatorBonus
    const rewarded = Math.min(remixCount[k]!, maxRemixesRewarded)
    if (rewarded > 0 && remixes !== 0) score += rewarded * perRemixReceived * remixes
    if (followingBonus !== 0 && followed[k]) score += followingBonus
    score += boosted[k]! * perBoostedWord - lowered[k]! * perLoweredWord
    if (delta) score += delta[k]!
    score = Math.round(score)
    if (score > afterRank || (score === afterRank && uriOrder[k]! >= afterUri)) continue
    eligible++
    if (page.length >= limit && (lastScore > score || (lastScore === score && lastUri > uriOrder[k]!))) continue
    keepTop(page, uriOrder, { index: k, score }, limit)
    if (page.length >= limit) {
      const last = page[page.length - 1]!
      lastScore = last.score
      lastUri = uriOrder[last.index]!
    }
  }
  // Described from what the loop found: the page's items are kept, so only their sentences remain to write.
  const weighted = isWeighted(w)
  const scored: ScoredItem[] = []
  for (const { index, score } of page) {
    const c = items[index]!
    const asked = delta ? interactionEffect(c, i!) : undefined
    scored.push({ uri: c.uri, post: c.post, score, context: steeringContext(c, s, asked && !asked.hidden ? asked.context : undefined, weighted) })
  }
  return { items: scored, more: eligible > limit }
}

/** Inserts into `top` (kept in descending (score, uri) order) unless it already holds `limit` better ones. */
function keepTop(top: { index: number; score: number }[], uriOrder: Uint32Array, entry: { index: number; score: number }, limit: number) {
  if (top.length >= limit && ranksBefore(top[top.length - 1]!, entry, uriOrder)) return
  let at = top.length
  while (at > 0 && !ranksBefore(top[at - 1]!, entry, uriOrder)) at--
  top.splice(at, 0, entry)
  if (top.length > limit) top.pop()
}

/** Whether x comes before y in (score, uri) descending order. */
function ranksBefore(x: { index: number; score: number }, y: { index: number; score: number }, uriOrder: Uint32Array): boolean {
  return x.score > y.score || (x.score === y.score && uriOrder[x.index]! > uriOrder[y.index]!)
}

/**
 * How many of the window's URIs sort before `uri` (code-point order, as the cursor compares): an
 * item's URI is before `uri` exactly when its uriOrder is less than this.
 */
function uriPosition(window: IndexedWindow, uri: string): number {
  const sorted = window.urisSorted
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < uri) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Sets flags[i] for every i listed. */
function mark(flags: Uint8Array, ids: readonly number[] | undefined) {
  if (ids) for (const i of ids) flags[i] = 1
}

/** Adds one to counts[i] for every i listed (so twice for an i listed twice). */
function countEach(counts: Uint8Array | Uint16Array, ids: readonly number[] | undefined) {
  if (ids) for (const i of ids) counts[i] = counts[i]! + 1
}

/** How many of `words` each item holds (a word named twice counts twice, as steeredScore counts it). */
function countTerms(window: IndexedWindow, n: number, terms: readonly SteeringTerm[]): Uint8Array {
  const counts = new Uint8Array(n)
  for (const { word } of terms) if (word !== '') countEach(counts, window.byWord.get(word))
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
    for (const t of tags) countEach(matched, window.byTag.get(tagKey(t)))
    for (let k = 0; k < n; k++) if (matched[k]) delta[k] = delta[k]! + Math.min(matched[k]!, INTERACTION_STEER.maxTags) * perTag
    for (const did of creators.keys()) for (const k of window.byCreator.get(did) ?? []) delta[k] = delta[k]! + perCreator
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
