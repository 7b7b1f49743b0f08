import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { parseAcceptLabelers } from '../../../../labels/accept'
import { listNotifications } from '../../../../social/notifications'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.notification.listNotifications({
    auth: ctx.auth.required(ids.AppFramewrightNotificationListNotifications),
    handler: async ({ params, auth, req }) => {
      const labelers = parseAcceptLabelers(req.headers['atproto-accept-labelers'], ctx.cfg.labelers)
      const body = await listNotifications(ctx, { viewer: auth.credentials.did, limit: params.limit, cursor: params.cursor, labelers })
      return { encoding: 'application/json', body }
    },
  })
}
