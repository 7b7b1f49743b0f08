import type { FeedAlgorithm } from './types'
import { personalPage } from './personal'

/** Videos that depict the viewer or someone they follow — with consent, like every feed here. */
export const friendsCameos: FeedAlgorithm = {
  rkey: 'friends-cameos',
  displayName: 'Friends’ Cameos',
  description: 'AI videos that show you or the people you follow, made with their consent, newest first. Sign in to see it.',
  page: (ctx, params) =>
    personalPage(ctx, params, {
      scope: (eb, viewer) =>
        eb(
          'feed_item.uri',
          'in',
          eb
            .selectFrom('depiction')
            .select('depiction.videoUri')
            .where((d) =>
              d.or([
                d('depiction.subject', '=', viewer),
                d('depiction.subject', 'in', d.selectFrom('follow').select('follow.subject').where('follow.creator', '=', viewer)),
              ]),
            ),
        ),
      context: async (uris, viewer) => {
        const contexts = new Map<string, string>()
        if (uris.length === 0) return contexts
        const mine = await ctx.db.db.selectFrom('depiction').select('videoUri').where('videoUri', 'in', uris).where('subject', '=', viewer).execute()
        const starringViewer = new Set(mine.map((r) => r.videoUri))
        for (const uri of uris) contexts.set(uri, starringViewer.has(uri) ? 'A cameo: you appear in it, with your consent.' : 'A cameo of someone you follow, with their consent.')
        return contexts
      },
    }),
}
