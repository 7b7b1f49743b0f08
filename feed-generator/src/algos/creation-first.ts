import { keysetPage } from './keyset'
import { steeredPage } from './steered'
import type { FeedAlgorithm } from './types'

/**
 * The default feed: consent-clean videos, ranked by creation-first rank (ranking/creation-first.ts).
 * A signed-in viewer gets it steered by their feed.prefs and ended at their daily limit; anyone
 * else gets the shared ranking straight from the index, ended at a fixed depth.
 */
export const creationFirst: FeedAlgorithm = {
  rkey: 'creation-first',
  displayName: 'Creation First',
  description: 'New AI videos, with remixes and new creators lifted up. Consent-clean only. Never ranked by watch time.',
  page: (ctx, { viewer, limit, cursor }) =>
    viewer
      ? steeredPage(ctx, { viewer, limit, cursor })
      : keysetPage(ctx, { key: 'rank', consentedOnly: true, limit, cursor, maxDepth: ctx.cfg.anonymousDepth }),
}
