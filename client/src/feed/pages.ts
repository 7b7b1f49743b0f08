import type { FeedItem } from '../api/types'

/** Appends a page to the items loaded so far, dropping videos already shown (a feed may repeat itself across pages). */
export function appendPage(items: readonly FeedItem[], page: readonly FeedItem[]): FeedItem[] {
  const seen = new Set(items.map((i) => i.video.uri))
  const out = [...items]
  for (const item of page) {
    if (seen.has(item.video.uri)) continue
    seen.add(item.video.uri)
    out.push(item)
  }
  return out
}

/** Delays between feed refreshes while waiting for a just-published video to be indexed. */
export const PUBLISH_REFRESH_DELAYS_MS = [600, 1000, 1500, 2000, 3000, 4000, 5000] as const

/**
 * Brings loaded items up to date with views fetched again: each one asked for gets its fresh view
 * (new labels), and one asked for but not returned is dropped — the appview left it out because it
 * was taken down, deleted, or its account went away. Items not asked for stay as they are.
 */
export function applyFreshViews(items: readonly FeedItem[], asked: readonly string[], fresh: ReadonlyMap<string, FeedItem['video']>): FeedItem[] {
  const askedSet = new Set(asked)
  return items.flatMap((item) => {
    if (!askedSet.has(item.video.uri)) return [item]
    const view = fresh.get(item.video.uri)
    return view ? [{ ...item, video: view }] : []
  })
}

/** How often a feed on screen asks again for its videos' labels, so that a takedown reaches people already watching. */
export const LABEL_REFRESH_MS = 4_000

/** Delays between reloads after saving feed settings, while the generator has not indexed them yet. */
export const PREFS_RELOAD_DELAYS_MS = [500, 1000, 1500, 2000, 3000, 4000] as const
