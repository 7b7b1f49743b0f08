/** One item served to one viewer on one UTC day: what the daily limit counts. */
export interface FeedServedTable {
  viewer: string
  /** UTC calendar day, YYYY-MM-DD. */
  day: string
  /** The feed_item URI (the video, not its companion post). */
  uri: string
}
