import { InvalidRequestError } from '@atproto/xrpc-server'
import { ids, lexicons } from '@framewright/lexicons'

/** getFeedSkeleton's parameters, checked. */
export interface SkeletonParams {
  feed: string
  limit: number
  cursor?: string
}

/** The lexicon's bounds and default for `limit`. */
export const SKELETON_LIMIT = { min: 1, max: 100, default: 50 }

/**
 * Reads getFeedSkeleton's query string as the lexicon defines it (feed: a required at-uri; limit:
 * an integer 1–100, default 50; cursor: a string), answering anything else with a named
 * InvalidRequest. A feed we serve is checked by equality with its URI; any other value is checked
 * against the lexicon (a malformed at-uri is InvalidRequest, a well-formed one the caller's
 * UnknownFeed). Nothing is thrown, and no Error is made, for a good request.
 */
export function parseSkeletonParams(query: URLSearchParams, servedFeeds: ReadonlySet<string>): SkeletonParams {
  const feed = single(query, 'feed')
  if (!feed) throw new InvalidRequestError('Params must have the property "feed"')
  if (!servedFeeds.has(feed)) {
    try {
      lexicons.assertValidXrpcParams(ids.AppBskyFeedGetFeedSkeleton, { feed })
    } catch (cause) {
      throw new InvalidRequestError(cause instanceof Error ? cause.message : String(cause))
    }
  }
  const limitText = single(query, 'limit')
  let limit = SKELETON_LIMIT.default
  if (limitText) {
    if (!/^[+-]?\d{1,10}$/.test(limitText)) throw new InvalidRequestError('limit must be an integer')
    limit = Number(limitText)
    if (limit < SKELETON_LIMIT.min) throw new InvalidRequestError(`limit can not be less than ${SKELETON_LIMIT.min}`)
    if (limit > SKELETON_LIMIT.max) throw new InvalidRequestError(`limit can not be greater than ${SKELETON_LIMIT.max}`)
  }
  const cursor = single(query, 'cursor') || undefined
  return cursor === undefined ? { feed, limit } : { feed, limit, cursor }
}

/** A parameter given at most once ('' when absent, as the XRPC server reads an empty one). */
function single(query: URLSearchParams, name: string): string {
  const values = query.getAll(name)
  if (values.length > 1) throw new InvalidRequestError(`${name} must be given once`)
  return values[0] ?? ''
}
