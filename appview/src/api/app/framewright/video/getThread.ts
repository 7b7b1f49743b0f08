import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { videoThread } from '../../../../social/thread'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.video.getThread({
    auth: ctx.auth.optional(ids.AppFramewrightVideoGetThread),
    handler: async ({ params, auth }) => {
      const body = await videoThread(ctx, { video: params.video, limit: params.limit, cursor: params.cursor, viewer: auth.credentials.did })
      return { encoding: 'application/json', body }
    },
  })
}
