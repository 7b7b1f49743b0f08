import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { formatContentLabelers, parseAcceptLabelers } from '../../../../labels/accept'
import { authorVideosPage } from '../../../../social/author-videos'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.video.getAuthorVideos(async ({ params, req }) => {
    const labelers = parseAcceptLabelers(req.headers['atproto-accept-labelers'], ctx.cfg.labelers)
    const page = await authorVideosPage(ctx, { actor: params.actor, filter: params.filter ?? 'made', limit: params.limit, cursor: params.cursor, labelers })
    return {
      encoding: 'application/json',
      headers: { 'atproto-content-labelers': formatContentLabelers(labelers) },
      body: page,
    }
  })
}
