import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.labeler.resolveReports({
    auth: ctx.moderatorAuth(ids.AppFramewrightLabelerResolveReports),
    handler: async ({ input, auth }) => {
      const resolvedReports = await ctx.moderation.dismiss(auth.credentials.did, input.body.ids)
      return { encoding: 'application/json', body: { resolvedReports } }
    },
  })
}
