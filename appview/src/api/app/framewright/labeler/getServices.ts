import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.labeler.getServices(async ({ params }) => {
    const rows = params.dids.length
      ? await ctx.db.db.selectFrom('labeler_service').selectAll().where('did', 'in', params.dids).execute()
      : []
    const handles = await ctx.actors.handles(rows.map((r) => r.did))
    return {
      encoding: 'application/json',
      body: {
        views: rows.map((r) => ({
          did: r.did,
          creator: { did: r.did, handle: handles.get(r.did) ?? 'handle.invalid' },
          policies: JSON.parse(r.policies),
          indexedAt: r.indexedAt,
        })),
      },
    }
  })
}
