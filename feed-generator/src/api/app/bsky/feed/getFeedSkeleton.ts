import { InvalidRequestError } from '@atproto/xrpc-server'
import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import { FEED_END_HEADER, VIEWER_PREFS_HEADER } from '@framewright/service-kit'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.bsky.feed.getFeedSkeleton({
    auth: ctx.auth.optional(ids.AppBskyFeedGetFeedSkeleton),
    handler: async ({ params, auth }) => {
      const algo = ctx.algoForFeedUri(params.feed)
      if (!algo) throw new InvalidRequestError(`this generator does not serve ${params.feed}`, 'UnknownFeed')
      // Whom a viewer follows steers their feeds: from their first signed request we keep their follows.
      if (auth.credentials.did) void ctx.graph.noteViewer(auth.credentials.did)
      const viewer = auth.credentials.did
      const [{ end, ...page }, prefs] = await Promise.all([
        algo.page(ctx, { viewer, limit: params.limit, cursor: params.cursor }),
        viewer ? ctx.db.db.selectFrom('feed_prefs').select('cid').where('did', '=', viewer).executeTakeFirst() : undefined,
      ])
      // The skeleton's lexicon has no room for why a feed ended, nor for which prefs ranked it;
      // headers carry both to clients that look (ours, through the appview).
      const headers: Record<string, string> = {}
      if (end) headers[FEED_END_HEADER] = JSON.stringify(end)
      if (viewer) headers[VIEWER_PREFS_HEADER] = prefs?.cid ?? 'none'
      return { encoding: 'application/json', headers, body: page }
    },
  })
}
