import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { updateSeen } from '../../../../social/notifications'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.notification.updateSeen({
    auth: ctx.auth.required(ids.AppFramewrightNotificationUpdateSeen),
    handler: async ({ auth, input }) => {
      await updateSeen(ctx, auth.credentials.did, input.body.seenAt)
    },
  })
}
