import { ids } from '@framewright/lexicons'
import type { FeedItem, GeneratorView } from '../api/types'
import type { ServiceAuthCache } from '../api/serviceAuth'
import { xrpc, XrpcError } from '../api/xrpc'

/** The event Bluesky clients send for "show less like this". */
export const REQUEST_LESS = 'app.bsky.feed.defs#requestLess'

/** Whether the viewer can tell this feed's generator "less like this": it says it listens, and we know where it is. */
export function acceptsLessLikeThis(generator: Pick<GeneratorView, 'acceptsInteractions' | 'endpoint'>): boolean {
  return generator.acceptsInteractions === true && typeof generator.endpoint === 'string' && generator.endpoint !== ''
}

/** The sendInteractions body for "less like this" on one item: the post the generator listed, and its own feedContext back. */
export function lessLikeThisBody(feedUri: string, item: FeedItem) {
  return {
    feed: feedUri,
    interactions: [{ item: item.video.crosspost?.uri ?? item.video.uri, event: REQUEST_LESS, feedContext: item.feedContext }],
  }
}

/**
 * Tells the feed generator itself (not the appview) "less like this", with a service JWT the
 * viewer's PDS mints for exactly that generator and method.
 */
export async function sendLessLikeThis(auth: ServiceAuthCache, generator: Pick<GeneratorView, 'uri' | 'did' | 'endpoint'>, item: FeedItem): Promise<void> {
  if (!generator.endpoint) throw new XrpcError('NoEndpoint', 'this feed’s generator cannot be reached from here', 0, ids.AppBskyFeedSendInteractions)
  let token: string
  try {
    token = await auth.token(generator.did, ids.AppBskyFeedSendInteractions)
  } catch (err) {
    throw new XrpcError('ServiceAuthFailed', `your PDS would not issue a token: ${err instanceof Error ? err.message : String(err)}`, 0, ids.AppBskyFeedSendInteractions)
  }
  await xrpc({
    baseUrl: generator.endpoint.replace(/\/+$/, ''),
    nsid: ids.AppBskyFeedSendInteractions,
    headers: { authorization: `Bearer ${token}` },
    body: lessLikeThisBody(generator.uri, item),
    timeoutMs: 10_000,
  })
}
