import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.generate.createJob({
    auth: ctx.auth.required(ids.AppFramewrightGenerateCreateJob),
    handler: async ({ auth, input }) => {
      const job = await ctx.generation.createJob(auth.credentials.did, input.body)
      return { encoding: 'application/json', body: ctx.generation.view(job) }
    },
  })
}
