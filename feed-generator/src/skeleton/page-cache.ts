/**
 * Pages that are the same for everyone who asks, kept for a moment: an anonymous viewer's page of a
 * feed depends only on the feed, the cursor and the limit, so between two refreshes of what the
 * feeds read every anonymous reader of the same page gets one answer, computed once. Entries live
 * `ttlMs` (the candidate window's refresh: an API process that does not ingest sees changes no
 * later than its steered pages do), `clear()` drops them all when feed items change, and at most
 * `maxEntries` are kept (the oldest go first). Concurrent askers of a missing page share one load;
 * a failed load is not kept.
 */
export class SharedPageCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>()

  constructor(
    private readonly ttlMs = 1_000,
    private readonly maxEntries = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The page under `key`, from `load` when it is missing or stale. */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const at = this.now()
    const found = this.entries.get(key)
    if (found && at - found.at <= this.ttlMs) return found.value
    if (found) this.entries.delete(key)
    else if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    const entry = { at, value: load() }
    this.entries.set(key, entry)
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key)
    })
    return entry.value
  }

  /** Forgets every page (what they were read from changed). */
  clear(): void {
    this.entries.clear()
  }

  get size(): number {
    return this.entries.size
  }
}
