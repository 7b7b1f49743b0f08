/**
 * A viewer's latest "less like this" / "more like this" about one feed item (sendInteractions).
 * One row per (viewer, item): asking again replaces it, so replays and client retries are harmless.
 */
export interface FeedInteractionTable {
  viewer: string
  /** The item as the client sent it: the companion post our skeleton listed (or the video itself). */
  item: string
  /** The feed_item (video) it resolved to when it was sent; null when we did not know the item. */
  videoUri: string | null
  /** Whose item it is: the repo in the item's URI. */
  creator: string
  /** How feedContext names the creator: "@handle", or the DID when the handle does not verify. */
  creatorLabel: string
  /** The item's tags when it was sent, as feed_item stores them ("|cats|sunset beach|"). */
  tags: string
  /** 'less' or 'more'. */
  event: string
  /** When we received it (ISO 8601): the latest interaction about a creator or tag wins, and pruning keeps the newest. */
  at: string
}
