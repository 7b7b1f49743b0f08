import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { parseAcceptLabelers } from '../../../../labels/accept'
import { unreadCount } from '../../../../social/notifications'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.notification.getUnreadCount({
    auth: ctx.auth.required(ids.AppFramewrightNotificationGetUnreadCount),
    handler: async ({ auth, req }) => {
      const labelers = parseAcceptLabelers(req.headers['atproto-accept-labelers'], ctx.cfg.labelers)
      return { encoding: 'application/json', body: await unreadCount(ctx, auth.credentials.did, labelers) }
    },
  })
}
