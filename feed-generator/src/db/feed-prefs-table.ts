/** A viewer's app.framewright.feed.prefs record (rkey self), as the feed generator indexed it. */
export interface FeedPrefsTable {
  /** The viewer: the repo the record lives in. */
  did: string
  uri: string
  cid: string
  instruction: string | null
  /** Basis points (0–10000); null means the default, 10000 (today's ranking). */
  weightRemixes: number | null
  weightNewCreators: number | null
  weightFollowing: number | null
  weightFreshness: number | null
  dailyLimit: number | null
  breakReminderMinutes: number | null
  /** JSON array of the tags as written. */
  mutedTags: string
  createdAt: string
  indexedAt: string
}
