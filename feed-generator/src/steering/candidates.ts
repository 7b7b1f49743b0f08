import type { Kysely } from 'kysely'
import type { FeedgenSchema } from '../db/schema'
import type { Candidate } from './score'

/** A candidate for a steered page: what the scorer reads, and the post the skeleton lists. */
export type WindowItem = Candidate & { post: string }

/** The top consented items by the shared rank: the same for every viewer, re-scored per viewer. */
export async function loadCandidateWindow(db: Kysely<FeedgenSchema>, size: number): Promise<WindowItem[]> {
  const rows = await db
    .selectFrom('feed_item')
    .select(['uri', 'post', 'creator', 'madeAt', 'isRemix', 'newCreator', 'remixCount', 'tags', 'words'])
    .where('consented', '=', 1)
    .orderBy('rank', 'desc')
    .orderBy('uri', 'desc')
    .limit(size)
    .execute()
  return rows.map((r) => ({
    uri: r.uri,
    post: r.post,
    creator: r.creator,
    madeAt: Number(r.madeAt),
    isRemix: Number(r.isRemix) === 1,
    newCreator: Number(r.newCreator) === 1,
    remixCount: Number(r.remixCount),
    tags: r.tags,
    words: r.words ?? ' ',
  }))
}

/**
 * The candidate window, shared by every steered request for a moment: it does not depend on the
 * viewer, so reading it once per `ttlMs` instead of once per page saves most of a steered page's
 * cost. The ingester invalidates it when feed items change; the TTL covers API processes that do
 * not ingest themselves (scale-out).
 */
export class CandidateWindowCache<W = WindowItem[]> {
  private cached?: { at: number; items: Promise<W> }

  constructor(
    private readonly load: () => Promise<W>,
    private readonly ttlMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current window, loading it when stale. */
  get(): Promise<W> {
    const at = this.now()
    if (!this.cached || at - this.cached.at > this.ttlMs) {
      const items = this.load()
      const entry = { at, items }
      this.cached = entry
      // A failed load is not kept: the next request tries again.
      items.catch(() => {
        if (this.cached === entry) this.cached = undefined
      })
    }
    return this.cached.items
  }

  /** Forgets the window (feed items changed). */
  invalidate(): void {
    this.cached = undefined
  }
}
