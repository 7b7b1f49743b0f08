import type { CacheResult, DidCache, DidDocument } from '@atproto/identity'

/**
 * A DID document cache bounded in entries (least recently used goes first) with two ages: after
 * `staleMs` a hit is still answered but refreshed in the background; after `maxMs` it is not
 * answered at all. @atproto/identity's MemoryCache has neither a bound nor a background refresh,
 * so a service following the whole network would keep every DID it ever saw.
 */
export class LruDidCache implements DidCache {
  private readonly entries = new Map<string, { doc: DidDocument; updatedAt: number }>()
  private readonly refreshing = new Set<string>()

  constructor(
    private readonly opts: { maxEntries: number; staleMs: number; maxMs: number; now?: () => number },
  ) {}

  get size(): number {
    return this.entries.size
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now()
  }

  async cacheDid(did: string, doc: DidDocument): Promise<void> {
    this.restore(did, doc, this.now())
  }

  /** Puts back a document fetched at `updatedAt` (kept across a restart): it goes stale and expires as it would have. */
  restore(did: string, doc: DidDocument, updatedAt: number): void {
    this.entries.delete(did)
    this.entries.set(did, { doc, updatedAt })
    while (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!)
  }

  async checkCache(did: string): Promise<CacheResult | null> {
    const hit = this.entries.get(did)
    if (!hit) return null
    // Touch: a Map iterates in insertion order, so re-inserting keeps recently used entries last.
    this.entries.delete(did)
    this.entries.set(did, hit)
    const age = this.now() - hit.updatedAt
    return { did, doc: hit.doc, updatedAt: hit.updatedAt, stale: age > this.opts.staleMs, expired: age > this.opts.maxMs }
  }

  /** Refreshes a stale entry without making the caller wait for it. */
  async refreshCache(did: string, getDoc: () => Promise<DidDocument | null>): Promise<void> {
    if (this.refreshing.has(did)) return
    this.refreshing.add(did)
    void getDoc()
      .then((doc) => (doc ? this.cacheDid(did, doc) : this.clearEntry(did)))
      .catch(() => undefined) // keep serving the stale document until it expires
      .finally(() => this.refreshing.delete(did))
  }

  async clearEntry(did: string): Promise<void> {
    this.entries.delete(did)
  }

  async clear(): Promise<void> {
    this.entries.clear()
  }
}
