import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.generate.listProviders(async () => ({
    encoding: 'application/json',
    body: {
      providers: ctx.generation.registry.list().map((p) => ({
        id: p.id,
        displayName: p.displayName,
        description: p.description,
        models: p.models,
        available: p.available,
        dailyQuota: ctx.generation.limits.dailyQuota(p.id),
        restricted: ctx.generation.limits.restricted(p),
      })),
    },
  }))
}
