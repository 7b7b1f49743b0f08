import type { FeedAlgorithm } from './types'
import { personalPage } from './personal'

/** Videos by the people the viewer follows, newest first: the plain, chronological feed of friends. */
export const following: FeedAlgorithm = {
  rkey: 'following',
  displayName: 'Following',
  description: 'AI videos by the people you follow, newest first. Consent-clean only. Sign in to see it.',
  page: (ctx, params) =>
    personalPage(ctx, params, {
      scope: (eb, viewer) => eb('feed_item.creator', 'in', eb.selectFrom('follow').select('follow.subject').where('follow.creator', '=', viewer)),
      context: async (uris) => new Map(uris.map((uri) => [uri, 'From someone you follow, newest first.'])),
    }),
}
