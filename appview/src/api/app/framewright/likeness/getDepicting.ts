import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { formatContentLabelers, parseAcceptLabelers } from '../../../../labels/accept'
import { depictingPage } from '../../../../likeness/depicting'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.likeness.getDepicting(async ({ params, req }) => {
    const labelers = parseAcceptLabelers(req.headers['atproto-accept-labelers'], ctx.cfg.labelers)
    const page = await depictingPage(ctx, { actor: params.actor, limit: params.limit, cursor: params.cursor, labelers })
    return {
      encoding: 'application/json',
      headers: { 'atproto-content-labelers': formatContentLabelers(labelers) },
      body: page,
    }
  })
}
