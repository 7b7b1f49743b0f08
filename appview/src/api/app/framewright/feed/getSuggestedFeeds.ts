import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { generatorEndpoint } from '../../../../feeds/generator'

const VIDEO_MODE = 'app.bsky.feed.defs#contentModeVideo'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.feed.getSuggestedFeeds(async ({ params }) => {
    const rows = await ctx.db.db
      .selectFrom('feed_generator')
      .selectAll()
      .where('contentMode', '=', VIDEO_MODE)
      .orderBy('indexedAt', 'asc')
      .limit(params.limit)
      .execute()
    const dids = [...new Set(rows.map((r) => r.did))]
    const [handles, endpoints] = await Promise.all([
      ctx.actors.handles(rows.map((r) => r.creator)),
      // Clients send interactions to the generator itself: tell them where it is.
      Promise.all(dids.map(async (did) => [did, await generatorEndpoint(ctx, did)] as const)).then((pairs) => new Map(pairs)),
    ])
    // The configured default feed goes first.
    rows.sort((a, b) => Number(b.uri === ctx.cfg.defaultFeed) - Number(a.uri === ctx.cfg.defaultFeed))
    return {
      encoding: 'application/json',
      body: {
        feeds: rows.map((r) => ({
          uri: r.uri,
          cid: r.cid,
          did: r.did,
          creator: { did: r.creator, handle: handles.get(r.creator) ?? 'handle.invalid' },
          displayName: r.displayName,
          description: r.description ?? undefined,
          contentMode: r.contentMode ?? undefined,
          acceptsInteractions: r.acceptsInteractions === 1,
          endpoint: endpoints.get(r.did),
          indexedAt: r.indexedAt,
        })),
      },
    }
  })
}
