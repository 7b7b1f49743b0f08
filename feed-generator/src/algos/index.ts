import { creationFirst } from './creation-first'
import { following } from './following'
import { fresh } from './fresh'
import { friendsCameos } from './friends-cameos'
import type { FeedAlgorithm } from './types'

export type { FeedAlgorithm, SkeletonPage } from './types'

/** Every feed we serve, keyed by record key. Adding a feed is one line here. */
export const algos: Record<string, FeedAlgorithm> = {
  [creationFirst.rkey]: creationFirst,
  [fresh.rkey]: fresh,
  [following.rkey]: following,
  [friendsCameos.rkey]: friendsCameos,
}

/** The feed URI of an algorithm, under the publisher's repo. */
export function feedUri(publisherDid: string, rkey: string): string {
  return `at://${publisherDid}/app.bsky.feed.generator/${rkey}`
}
