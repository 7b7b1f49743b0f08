import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { actorDid, profileView } from '../../../../social/profile'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.actor.getProfile({
    auth: ctx.auth.optional(ids.AppFramewrightActorGetProfile),
    handler: async ({ params, auth }) => {
      const did = await actorDid(ctx, params.actor)
      const body = await profileView(ctx, did, auth.credentials.did)
      return { encoding: 'application/json', body }
    },
  })
}
