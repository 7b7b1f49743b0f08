import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { hydrateVideos } from '../../../../hydration/videos'
import { formatContentLabelers, parseAcceptLabelers } from '../../../../labels/accept'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.video.getVideos(async ({ params, req }) => {
    const labelers = parseAcceptLabelers(req.headers['atproto-accept-labelers'], ctx.cfg.labelers)
    const views = await hydrateVideos(ctx, params.uris, labelers)
    return {
      encoding: 'application/json',
      headers: { 'atproto-content-labelers': formatContentLabelers(labelers) },
      body: { videos: params.uris.flatMap((uri) => views.get(uri) ?? []) },
    }
  })
}
