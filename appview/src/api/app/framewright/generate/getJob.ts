import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.generate.getJob({
    auth: ctx.auth.required(ids.AppFramewrightGenerateGetJob),
    handler: async ({ auth, params }) => {
      const job = await ctx.generation.getJob(auth.credentials.did, params.id)
      return { encoding: 'application/json', body: ctx.generation.view(job) }
    },
  })
}
