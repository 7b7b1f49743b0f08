import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { searchActors } from '../../../../search/search'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.actor.searchActors(async ({ params }) => {
    const body = await searchActors(ctx, { q: params.q, limit: params.limit, cursor: params.cursor })
    return { encoding: 'application/json', body }
  })
}
