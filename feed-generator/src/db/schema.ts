import type { IngestCursorSchema, VideoGraphSchema } from '@framewright/service-kit'

/** A video as the feeds see it: its rank and whether it may be shown at all. */
export interface FeedItemTable {
  /** The app.framewright.video.post URI. */
  uri: string
  /** What skeletons list: the companion app.bsky.feed.post when there is one, else the video itself. */
  post: string
  creator: string
  /** Creation-first rank: milliseconds since epoch plus bonuses (see ranking/creation-first.ts). */
  rank: number
  /** When the video was made (ms since epoch): the fresh feed's order. */
  madeAt: number
  /** 1 when every depicted person consented (the rule in service-kit's consent.ts). */
  consented: number
  /** Why the item ranks where it does, sent as feedContext. */
  context: string
}

export type FeedgenSchema = VideoGraphSchema & IngestCursorSchema & { feed_item: FeedItemTable }
