import type { Generated } from 'kysely'
import type { IngestSchema, VideoGraphSchema } from '@framewright/service-kit'
import type { FeedInteractionTable } from './feed-interaction-table'
import type { FeedPrefsTable } from './feed-prefs-table'
import type { FeedServedTable } from './feed-served-table'

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
  /** The facts behind `rank`, kept so a viewer's weights can re-score it (ranking/creation-first.ts). */
  isRemix: Generated<number>
  newCreator: Generated<number>
  remixCount: Generated<number>
  /** Lower-cased tags, "|" separated with one at each end ("|cats|sunset beach|"): muted tags match these (steering/words.ts). */
  tags: Generated<string>
  /** Normalised words of tags, prompt and text, " a b c " (steering/words.ts); null until refreshed. */
  words: string | null
}

export type FeedgenSchema = VideoGraphSchema &
  IngestSchema & { feed_item: FeedItemTable; feed_prefs: FeedPrefsTable; feed_served: FeedServedTable; feed_interaction: FeedInteractionTable }
