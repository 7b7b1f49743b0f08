import type { AppContext } from '../context'

export interface SkeletonPage {
  cursor?: string
  feed: { post: string; feedContext?: string }[]
}

/** One feed this generator serves, published as app.bsky.feed.generator/<rkey>. */
export interface FeedAlgorithm {
  rkey: string
  /** At most 24 graphemes (the generator record's limit). */
  displayName: string
  description: string
  page(ctx: AppContext, params: { viewer?: string; limit: number; cursor?: string }): Promise<SkeletonPage>
}
