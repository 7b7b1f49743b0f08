import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { toWireLabel } from '../../../../labels/wire'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.labeler.emitLabel({
    auth: ctx.moderatorAuth(ids.AppFramewrightLabelerEmitLabel),
    handler: async ({ input, auth }) => {
      const { subject, val, neg, reason, resolveReports } = input.body
      const result = await ctx.moderation.emit({
        moderator: auth.credentials.did,
        subject,
        val,
        neg: neg ?? false,
        reason,
        resolveReports: resolveReports ?? [],
      })
      return {
        encoding: 'application/json',
        body: { labels: result.labels.map(toWireLabel), resolvedReports: result.resolvedReports },
      }
    },
  })
}
