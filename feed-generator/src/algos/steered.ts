import type { AppContext } from '../context'
import { serveWithinDailyLimit, utcDay } from '../finite/daily-limit'
import type { WindowItem } from '../steering/candidates'
import { steeredScore, type Steering } from '../steering/score'
import { loadViewerSteering } from '../steering/viewer'
import { steeredPageOf, type ScoredItem } from '../steering/window-index'
import { decodeCursor, encodeCursor, type KeysetCursor } from './cursor'
import type { SkeletonPage } from './types'

export type { ScoredItem }

/**
 * Scores a window of candidates for one viewer, leaves out what they muted, and orders the rest by
 * (score, uri) descending: the definition of a steered ranking (pages are cut from the indexed
 * window by steeredPageOf, which must agree with this).
 */
export function rankWindow(candidates: readonly WindowItem[], steering: Steering): ScoredItem[] {
  const scored: ScoredItem[] = []
  for (const c of candidates) {
    const s = steeredScore(c, steering)
    if (s) scored.push({ uri: c.uri, post: c.post, score: s.score, context: s.context })
  }
  return scored.sort((a, b) => b.score - a.score || (a.uri < b.uri ? 1 : a.uri > b.uri ? -1 : 0))
}

/**
 * The items strictly after a cursor in a ranked window, at most `limit`, and whether any remain.
 * Keyset, not offset: an item that moves or disappears between pages shifts nothing else.
 */
export function pageAfter(ranked: readonly ScoredItem[], after: KeysetCursor | undefined, limit: number): { items: ScoredItem[]; more: boolean } {
  const start = after ? ranked.findIndex((r) => r.score < after.rank || (r.score === after.rank && r.uri < after.uri)) : 0
  if (start < 0) return { items: [], more: false }
  const items = ranked.slice(start, start + limit)
  return { items, more: start + limit < ranked.length }
}

/**
 * creation-first for a signed-in viewer: the newest consented items (a bounded window, best by
 * the shared rank) re-scored in memory with their steering, paged by (score, uri), and cut off at
 * their daily limit — after which the page has no cursor, so every client sees the feed end.
 */
export async function steeredPage(ctx: AppContext, params: { viewer: string; limit: number; cursor?: string }): Promise<SkeletonPage> {
  const after = params.cursor ? decodeCursor(params.cursor) : undefined
  const now = new Date()
  const [{ steering, dailyLimit, prefsCid, servedOnDay }, window] = await Promise.all([loadViewerSteering(ctx.db.db, params.viewer, utcDay(now)), ctx.candidates.get()])
  const { items, more } = steeredPageOf(window, steering, after, params.limit)
  const { admitted, limitReached, end } = await serveWithinDailyLimit(ctx.db.db, params.viewer, items, dailyLimit ?? ctx.cfg.defaultDailyLimit, now, servedOnDay)
  const last = admitted.at(-1)
  return {
    feed: admitted.map((i) => ({ post: i.post, feedContext: i.context })),
    cursor: more && !limitReached && last ? encodeCursor({ rank: last.score, uri: last.uri }) : undefined,
    end,
    viewerPrefs: prefsCid ?? 'none',
  }
}
