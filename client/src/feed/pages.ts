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
