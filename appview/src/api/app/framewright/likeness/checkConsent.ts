import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.likeness.checkConsent({
    auth: ctx.auth.required(ids.AppFramewrightLikenessCheckConsent),
    handler: async ({ auth, params }) => {
      const subjects = await ctx.consentChecks.resolveSubjects(params.subjects)
      const checks = await ctx.consentChecks.check(auth.credentials.did, subjects)
      return { encoding: 'application/json', body: { checks } }
    },
  })
}
