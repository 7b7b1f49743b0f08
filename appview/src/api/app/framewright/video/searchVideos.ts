import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { formatContentLabelers, parseAcceptLabelers } from '../../../../labels/accept'
import { searchVideos } from '../../../../search/search'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.video.searchVideos(async ({ params, req }) => {
    const labelers = parseAcceptLabelers(req.headers['atproto-accept-labelers'], ctx.cfg.labelers)
    const body = await searchVideos(ctx, { q: params.q, limit: params.limit, cursor: params.cursor }, labelers)
    return { encoding: 'application/json', headers: { 'atproto-content-labelers': formatContentLabelers(labelers) }, body }
  })
}
