import { InvalidRequestError } from '@atproto/xrpc-server'
import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import { resolveDidDoc, verifiedHandle } from '@framewright/service-kit'
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
      await recordInteractions(ctx.db.db, auth.credentials.did, interactions, (did) => creatorLabel(ctx, did))
      return { encoding: 'application/json', body: {} }
    },
  })
}

/** "@handle" when the creator's handle verifies, else their DID; bounded by the resolver's timeout. */
async function creatorLabel(ctx: AppContext, did: string): Promise<string> {
  const doc = await resolveDidDoc(ctx.idResolver, did)
  const handle = await verifiedHandle(ctx.idResolver, { plcUrl: ctx.cfg.plcUrl, handleResolverUrl: ctx.cfg.handleResolverUrl, timeoutMs: 3_000 }, doc)
  return handle === 'handle.invalid' ? did : `@${handle}`
}
