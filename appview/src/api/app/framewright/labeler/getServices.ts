import type { Server } from '@framewright/lexicons/server'
import { resolveDidDoc, serviceEndpoint } from '@framewright/service-kit'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.labeler.getServices(async ({ params }) => {
    const rows = params.dids.length
      ? await ctx.db.db.selectFrom('labeler_service').selectAll().where('did', 'in', params.dids).execute()
      : []
    const [handles, endpoints] = await Promise.all([
      ctx.actors.handles(rows.map((r) => r.did)),
      Promise.all(rows.map((r) => labelerEndpoint(ctx, r.did))),
    ])
    return {
      encoding: 'application/json',
      body: {
        views: rows.map((r, i) => ({
          did: r.did,
          endpoint: endpoints[i],
          creator: { did: r.did, handle: handles.get(r.did) ?? 'handle.invalid' },
          policies: JSON.parse(r.policies),
          indexedAt: r.indexedAt,
        })),
      },
    }
  })
}

/** The labeler's #atproto_labeler endpoint from its resolved DID document, if it has one. */
async function labelerEndpoint(ctx: AppContext, did: string): Promise<string | undefined> {
  const doc = await resolveDidDoc(ctx.idResolver, did).catch(() => undefined)
  return doc && serviceEndpoint(doc, '#atproto_labeler', 'AtprotoLabeler')
}
