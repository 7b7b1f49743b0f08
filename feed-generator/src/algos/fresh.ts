import { keysetPage } from './keyset'
import type { FeedAlgorithm } from './types'

/** Everything, newest first. Nothing is filtered here: labelers and each viewer's settings decide. */
export const fresh: FeedAlgorithm = {
  rkey: 'fresh',
  displayName: 'Fresh',
  description: 'Every new AI video, newest first, unfiltered. Pair it with a labeler.',
  // Finite for everyone: it is a way to catch up, not to scroll forever.
  // A signed-in viewer's "less like this" keeps that video out here too.
  page: (ctx, { viewer, limit, cursor }) =>
    keysetPage(ctx, { key: 'madeAt', consentedOnly: false, limit, cursor, maxDepth: ctx.cfg.anonymousDepth, context: () => 'Newest first.', viewer }),
}
