import type { Server } from '@framewright/lexicons/server'
import { searchTypeahead } from '../../../../actors/typeahead'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.actor.searchTypeahead(async ({ params }) => {
    const actors = await searchTypeahead(ctx, { q: params.q, limit: params.limit })
    return { encoding: 'application/json', body: { actors } }
  })
}
