import { InvalidRequestError } from '@atproto/xrpc-server'
import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import { FEED_END_HEADER } from '@framewright/service-kit'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.bsky.feed.getFeedSkeleton({
    auth: ctx.auth.optional(ids.AppBskyFeedGetFeedSkeleton),
    handler: async ({ params, auth }) => {
      const algo = ctx.algoForFeedUri(params.feed)
      if (!algo) throw new InvalidRequestError(`this generator does not serve ${params.feed}`, 'UnknownFeed')
      // Whom a viewer follows steers their feeds: from their first signed request we keep their follows.
      if (auth.credentials.did) void ctx.graph.noteViewer(auth.credentials.did)
      const { end, ...page } = await algo.page(ctx, { viewer: auth.credentials.did, limit: params.limit, cursor: params.cursor })
      // The skeleton's lexicon has no room for why a feed ended; a header carries it to clients that look.
      const headers: Record<string, string> = end ? { [FEED_END_HEADER]: JSON.stringify(end) } : {}
      return { encoding: 'application/json', headers, body: page }
    },
  })
}
