import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import { bearerToken } from '@framewright/service-kit'
import type { AppContext } from '../../../../context'
import { fetchSkeleton, resolveFeed } from '../../../../feeds/generator'
import { feedPageJson } from '../../../../hydration/json'
import { hydratePosts } from '../../../../hydration/videos'
import { formatContentLabelers, parseAcceptLabelers } from '../../../../labels/accept'

/**
 * Skeleton → hydration → presentation. The viewer's service JWT, when sent, is minted for the
 * feed generator (aud = its DID, lxm = getFeedSkeleton): we verify it fully against that audience
 * before passing it on, so a generator never sees a token we would not accept ourselves.
 */
export default function (server: Server, ctx: AppContext) {
  server.app.framewright.feed.getFeed(async ({ params, req }) => {
    const feed = await resolveFeed(ctx, params.feed)
    const token = bearerToken(req)
    if (token) await ctx.auth.verifyRequest(req, { aud: feed.did, lxm: ids.AppBskyFeedGetFeedSkeleton })
    const skeleton = await fetchSkeleton(ctx.skeletons, feed, { limit: params.limit, cursor: params.cursor }, token && `Bearer ${token}`)

    const labelers = parseAcceptLabelers(req.headers['atproto-accept-labelers'], ctx.cfg.labelers)
    const views = await hydratePosts(ctx, skeleton.feed.map((i) => i.post), labelers)
    const items = skeleton.feed.flatMap((item) => {
      const view = views.get(item.post)
      return view ? [{ video: view, feedContext: item.feedContext }] : []
    })
    // As bytes written here rather than a body for the router to encode (see feedPageJson).
    return {
      encoding: 'application/json',
      headers: { 'atproto-content-labelers': formatContentLabelers(labelers) },
      buffer: feedPageJson({ cursor: skeleton.cursor, feed: items, end: skeleton.end, viewerPrefs: skeleton.viewerPrefs }),
    }
  })
}
