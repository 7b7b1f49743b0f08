import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.likeness.unenroll({
    auth: ctx.auth.required(ids.AppFramewrightLikenessUnenroll),
    handler: async ({ auth }) => {
      // Scans read templates from the database each time: once this returns, no later scan sees them.
      const removed = ctx.templates ? await ctx.templates.remove(auth.credentials.did) : 0
      ctx.logger.info({ did: auth.credentials.did, removed }, 'face unenrolled')
      return { encoding: 'application/json', body: { removed } }
    },
  })
}
