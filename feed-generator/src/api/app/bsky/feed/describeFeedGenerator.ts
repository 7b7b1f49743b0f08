import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.bsky.feed.describeFeedGenerator(async () => ({
    encoding: 'application/json',
    body: {
      did: ctx.cfg.serviceDid,
      feeds: ctx.feedUris().map((uri) => ({ uri })),
    },
  }))
}
