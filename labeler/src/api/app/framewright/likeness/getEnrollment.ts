import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.likeness.getEnrollment({
    auth: ctx.auth.required(ids.AppFramewrightLikenessGetEnrollment),
    handler: async ({ auth }) => {
      const body = ctx.templates ? await ctx.templates.enrollment(auth.credentials.did) : { enrolled: false, templates: 0 }
      return { encoding: 'application/json', body }
    },
  })
}
