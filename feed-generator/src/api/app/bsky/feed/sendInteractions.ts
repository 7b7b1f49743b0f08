import { InvalidRequestError } from '@atproto/xrpc-server'
import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import { displayName } from '@framewright/service-kit'
import type { AppContext } from '../../../../context'
import { InvalidInteractionItem, parseInteractions, TooManyInteractions } from '../../../../interactions/parse'
import { recordInteractions } from '../../../../interactions/store'

/**
 * A viewer's "less like this" / "more like this", sent by their client (or their appview) with a
 * service JWT minted for this method. Stored per viewer; the steered feeds read them on the next page.
 */
export default function (server: Server, ctx: AppContext) {
  server.app.bsky.feed.sendInteractions({
    auth: ctx.auth.required(ids.AppBskyFeedSendInteractions),
    handler: async ({ input, auth }) => {
      let interactions
      try {
        interactions = parseInteractions(input.body.interactions)
      } catch (err) {
        if (err instanceof InvalidInteractionItem || err instanceof TooManyInteractions) throw new InvalidRequestError(err.message, err.name)
        throw err
      }
      await recordInteractions(ctx.db.db, auth.credentials.did, interactions, (did) => displayName(ctx.idResolver, { ...ctx.identity, timeoutMs: 3_000 }, did))
      return { encoding: 'application/json', body: {} }
    },
  })
}
