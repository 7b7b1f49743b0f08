/**
 * Why a feed ended for this viewer: they reached their daily limit (counted across every feed of
 * the generator), or the feed is personal and they are not signed in. It travels beside the
 * skeleton, in a response header, because app.bsky.feed.getFeedSkeleton has no field for it; the
 * Bluesky appview ignores it, ours hands it to clients in app.framewright.feed.getFeed.
 */
export type FeedEnd = { reason: 'dailyLimit'; servedToday: number; dailyLimit: number; resetsAt: string } | { reason: 'authRequired' }

/** The response header a feed generator names a feed's end in (JSON of a FeedEnd). */
export const FEED_END_HEADER = 'framewright-feed-end'

/**
 * The response header a feed generator names, on a signed-in viewer's page, the CID of the viewer's
 * feed.prefs record it ranked by ('none' without one): a client that just saved new prefs can tell
 * when the generator has them, and reload until then.
 */
export const VIEWER_PREFS_HEADER = 'framewright-viewer-prefs'

/** Reads the viewer-prefs header from an untrusted generator: a CID-shaped string or 'none', else undefined. */
export function parseViewerPrefs(header: string | null | undefined): string | undefined {
  return header && /^[a-z0-9]{1,120}$/.test(header) ? header : undefined
}

/** Reads the header from an untrusted generator: a FeedEnd with sane values, else undefined. */
export function parseFeedEnd(header: string | null | undefined): FeedEnd | undefined {
  if (!header || header.length > 500) return undefined
  let value: unknown
  try {
    value = JSON.parse(header)
  } catch {
    return undefined
  }
  if (!value || typeof value !== 'object') return undefined
  const v = value as Record<string, unknown>
  if (v.reason === 'authRequired') return { reason: 'authRequired' }
  const count = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 1_000_000
  if (v.reason === 'dailyLimit' && count(v.servedToday) && count(v.dailyLimit) && typeof v.resetsAt === 'string' && !Number.isNaN(Date.parse(v.resetsAt))) {
    return { reason: 'dailyLimit', servedToday: v.servedToday as number, dailyLimit: v.dailyLimit as number, resetsAt: new Date(v.resetsAt).toISOString() }
  }
  return undefined
}
