import { keysetPage } from './keyset'
import type { FeedAlgorithm } from './types'

/** The default feed: consent-clean videos, ranked by creation-first rank (ranking/creation-first.ts). */
export const creationFirst: FeedAlgorithm = {
  rkey: 'creation-first',
  displayName: 'Creation First',
  description: 'New AI videos, with remixes and new creators lifted up. Consent-clean only. Never ranked by watch time.',
  page: (ctx, { limit, cursor }) => keysetPage(ctx, { key: 'rank', consentedOnly: true, limit, cursor }),
}
