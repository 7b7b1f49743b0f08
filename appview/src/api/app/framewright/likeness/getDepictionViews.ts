import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { formatContentLabelers, parseAcceptLabelers } from '../../../../labels/accept'
import { depictionViews } from '../../../../likeness/depiction-views'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.likeness.getDepictionViews(async ({ params, req }) => {
    const labelers = parseAcceptLabelers(req.headers['atproto-accept-labelers'], ctx.cfg.labelers)
    const videos = await depictionViews(ctx, { actor: params.actor, uris: params.uris, labelers })
    return {
      encoding: 'application/json',
      headers: { 'atproto-content-labelers': formatContentLabelers(labelers) },
      body: { videos },
    }
  })
}
