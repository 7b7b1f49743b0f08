import { InvalidRequestError, UpstreamFailureError } from '@atproto/xrpc-server'
import { getPds } from '@atproto/identity'
import { FEED_END_HEADER, ForbiddenAddressError, parseFeedEnd, parseViewerPrefs, VIEWER_PREFS_HEADER, resolveDidDoc, serviceEndpoint, type FeedEnd } from '@framewright/service-kit'
import type { AppContext } from '../context'
import { upsertGeneratorRecord } from './generator-records'
import type { SkeletonClient, SkeletonResponse } from './skeleton-client'

const TIMEOUT_MS = 5_000
/** An XRPC error name as a generator may send one back; anything else is not passed on. */
const ERROR_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/

export interface ResolvedFeed {
  uri: string
  /** The feed generator service DID (the audience of the viewer's service JWT). */
  did: string
  /** Where its getFeedSkeleton lives. */
  endpoint: string
}

export interface Skeleton {
  cursor?: string
  feed: { post: string; feedContext?: string }[]
  /** Why the feed ended, when the generator said (our generators do, in a header). */
  end?: FeedEnd
  /** The CID of the viewer's feed.prefs the generator ranked by ('none'), when it said. */
  viewerPrefs?: string
}

/**
 * The service DID each feed's generator record names, as read from feed_generator: every getFeed
 * page needs it, and on Postgres a read is a round trip of the page's few. Kept for `ttlMs`, so a
 * changed or deleted record shows in every API replica within that (they do not ingest, so nothing
 * tells them sooner); bounded in entries, the least recently used forgotten first.
 */
export class FeedServiceCache {
  private readonly entries = new Map<string, { did: string; until: number }>()

  constructor(private readonly opts: { ttlMs: number; maxEntries: number; now?: () => number } = { ttlMs: 30_000, maxEntries: 10_000 }) {}

  get(feedUri: string): string | undefined {
    const hit = this.entries.get(feedUri)
    if (!hit) return undefined
    this.entries.delete(feedUri)
    if (hit.until <= this.now()) return undefined
    this.entries.set(feedUri, hit)
    return hit.did
  }

  set(feedUri: string, did: string): void {
    this.entries.delete(feedUri)
    this.entries.set(feedUri, { did, until: this.now() + this.opts.ttlMs })
    while (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!)
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now()
  }
}

/**
 * Finds the service behind a feed URI: the generator record (indexed from the firehose, or fetched
 * from the publisher's PDS the first time and kept), then the #bsky_fg service in that DID's document.
 */
export async function resolveFeed(ctx: AppContext, feedUri: string): Promise<ResolvedFeed> {
  const match = /^at:\/\/(did:[a-z]+:[a-zA-Z0-9._:%-]+)\/app\.bsky\.feed\.generator\/([a-zA-Z0-9._:~-]{1,512})$/.exec(feedUri)
  if (!match) throw new InvalidRequestError(`not a feed generator uri: ${feedUri}`, 'UnknownFeed')
  const [, publisher, rkey] = match as unknown as [string, string, string]
  let did = ctx.feedServices.get(feedUri)
  if (!did) {
    did = (await ctx.db.db.selectFrom('feed_generator').select('did').where('uri', '=', feedUri).executeTakeFirst())?.did
    if (!did) did = await fetchGeneratorRecord(ctx, feedUri, publisher, rkey)
    ctx.feedServices.set(feedUri, did)
  }
  let doc
  try {
    doc = await resolveDidDoc(ctx.idResolver, did)
  } catch (err) {
    throw new UpstreamFailureError(`the feed generator ${did} does not resolve`, 'FeedUnavailable', { cause: err })
  }
  const endpoint = serviceEndpoint(doc, '#bsky_fg', 'BskyFeedGenerator')
  if (!endpoint) throw new UpstreamFailureError(`${did} has no #bsky_fg service`, 'FeedUnavailable')
  return { uri: feedUri, did, endpoint }
}

/**
 * Where a feed generator service answers (its #bsky_fg endpoint), for clients that call it
 * directly (sendInteractions); undefined when its DID does not resolve to one.
 */
export async function generatorEndpoint(ctx: AppContext, did: string): Promise<string | undefined> {
  const doc = await resolveDidDoc(ctx.idResolver, did).catch(() => undefined)
  return doc && serviceEndpoint(doc, '#bsky_fg', 'BskyFeedGenerator')
}

/** Fetches a generator record nobody indexed yet from its publisher's PDS, stores it, returns its service DID. */
async function fetchGeneratorRecord(ctx: AppContext, feedUri: string, publisher: string, rkey: string): Promise<string> {
  const unknown = () => new InvalidRequestError(`no feed generator record at at://${publisher}/app.bsky.feed.generator/${rkey}`, 'UnknownFeed')
  const doc = await resolveDidDoc(ctx.idResolver, publisher).catch(() => undefined)
  const pds = doc && getPds(doc)
  if (!pds) throw unknown()
  const url = new URL('/xrpc/com.atproto.repo.getRecord', pds)
  url.search = new URLSearchParams({ repo: publisher, collection: 'app.bsky.feed.generator', rkey }).toString()
  const res = await ctx.outbound.fetch(url, { timeoutMs: TIMEOUT_MS, maxBytes: 64 * 1024 }).catch(() => undefined)
  if (!res?.ok) throw unknown()
  const body = (await res.json().catch(() => ({}))) as { cid?: unknown; value?: { did?: string } }
  const stored = typeof body.cid === 'string' && (await upsertGeneratorRecord(ctx.db, { uri: feedUri, cid: body.cid, creator: publisher }, body.value))
  if (!stored) throw unknown()
  return body.value!.did!
}

/**
 * Asks a feed generator for a page of its skeleton, passing the viewer's service JWT through.
 * Upstream client errors keep their name (a bad cursor stays BadCursor) but never their message:
 * the generator's words are not ours to repeat. Anything else is FeedUnavailable, a generator at
 * an address we do not reach included. The answer is checked: at most `limit` items, each an at-uri.
 */
export async function fetchSkeleton(
  client: SkeletonClient,
  feed: ResolvedFeed,
  params: { limit: number; cursor?: string },
  authorization: string | undefined,
): Promise<Skeleton> {
  const url = new URL('/xrpc/app.bsky.feed.getFeedSkeleton', feed.endpoint)
  url.searchParams.set('feed', feed.uri)
  url.searchParams.set('limit', String(params.limit))
  if (params.cursor) url.searchParams.set('cursor', params.cursor)
  let res: SkeletonResponse
  try {
    res = await client.get(url, authorization ? { authorization } : {}, TIMEOUT_MS)
  } catch (err) {
    if (err instanceof ForbiddenAddressError) {
      throw new UpstreamFailureError(`feed generator ${feed.did} is at an address this appview does not reach`, 'FeedUnavailable', { cause: err })
    }
    throw new UpstreamFailureError(`feed generator ${feed.did} did not answer`, 'FeedUnavailable', { cause: err })
  }
  const body = res.body as { error?: unknown; feed?: unknown; cursor?: unknown } | undefined
  if (res.status >= 400 && res.status < 500 && typeof body?.error === 'string' && ERROR_NAME.test(body.error)) {
    throw new InvalidRequestError(`feed generator ${feed.did} refused the request: ${body.error}`, body.error)
  }
  if (res.status < 200 || res.status >= 300 || !body || !Array.isArray(body.feed)) {
    throw new UpstreamFailureError(`feed generator ${feed.did} answered ${res.status}`, 'FeedUnavailable')
  }
  const items = body.feed
    .filter((i): i is { post: string; feedContext?: unknown } => !!i && typeof i.post === 'string' && i.post.startsWith('at://'))
    .slice(0, params.limit)
    .map((i) => ({ post: i.post, feedContext: typeof i.feedContext === 'string' ? i.feedContext.slice(0, 2000) : undefined }))
  // A generator that echoes the cursor it was given would loop forever: treat it as the end. So is an
  // empty one (asked with it, the generator would start again from the top).
  const cursor = typeof body.cursor === 'string' && body.cursor !== '' && body.cursor !== params.cursor ? body.cursor : undefined
  // Only a page that is the end may say why it ended.
  const end = cursor ? undefined : parseFeedEnd(headerOf(res, FEED_END_HEADER))
  const viewerPrefs = parseViewerPrefs(headerOf(res, VIEWER_PREFS_HEADER))
  return { cursor, feed: items, ...(end ? { end } : {}), ...(viewerPrefs ? { viewerPrefs } : {}) }
}

/** A response header as fetch's Headers.get gives it: repeated ones joined by ', ', null when absent. */
function headerOf(res: SkeletonResponse, name: string): string | null {
  const value = res.headers[name.toLowerCase()]
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
}
