import type { FeedEnd } from '@framewright/service-kit'
import type { AppContext } from '../context'

export type { FeedEnd }

export interface SkeletonPage {
  cursor?: string
  feed: { post: string; feedContext?: string }[]
  /** Why a page with no cursor is the end, when it is not simply that nothing more exists. */
  end?: FeedEnd
  /** The CID of the signed-in viewer's feed.prefs the page was ranked by ('none' without one), when the algorithm read them. */
  viewerPrefs?: string
}

/** One feed this generator serves, published as app.bsky.feed.generator/<rkey>. */
export interface FeedAlgorithm {
  rkey: string
  /** At most 24 graphemes (the generator record's limit). */
  displayName: string
  description: string
  page(ctx: AppContext, params: { viewer?: string; limit: number; cursor?: string }): Promise<SkeletonPage>
}
