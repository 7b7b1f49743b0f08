import type { IncomingMessage, ServerResponse } from 'node:http'
import { InvalidRequestError, XRPCError } from '@atproto/xrpc-server'
import type express from 'express'
import { ids } from '@framewright/lexicons'
import { bearerToken, FEED_END_HEADER, VIEWER_PREFS_HEADER, XRPC_CORS_GET_HEADERS } from '@framewright/service-kit'
import type { AnonymousPage, AppContext } from '../../../../context'
import { parseSkeletonParams, type SkeletonParams } from '../../../../skeleton/params'

const PATH = `/xrpc/${ids.AppBskyFeedGetFeedSkeleton}`
const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * app.bsky.feed.getFeedSkeleton, the method every feed page costs, as a route of its own mounted
 * ahead of the XRPC router: the same parameters, errors, service auth and output as the generated
 * handler, without the per-request costs that router adds (lexicon validation of params and output,
 * an Error made per request, an ETag hashed over every body). An anonymous page is the same for
 * every anonymous reader, so it is computed once per moment (AppContext.anonymousPages) and sent
 * as stored bytes.
 */
export default function mountGetFeedSkeleton(app: express.Application, ctx: AppContext): void {
  const servedFeeds = new Set(ctx.feedUris())
  app.get(PATH, (req, res) => {
    serveSkeleton(ctx, servedFeeds, req, res).catch((err) => sendError(ctx, res, err))
  })
}

/**
 * The same route ahead of express itself, for the server's request handler: a GET of exactly this
 * path is answered here (with the CORS headers express's middleware would add), anything else —
 * other methods and paths, HEAD, preflights — is left to the app (false). Express's own per-request
 * work (its request and response wrappers, query-string parsing, CORS middleware) was a tenth of an
 * anonymous page's cost.
 */
export function getFeedSkeletonAheadOfExpress(ctx: AppContext): (req: IncomingMessage, res: ServerResponse) => boolean {
  const servedFeeds = new Set(ctx.feedUris())
  const cors = Object.entries(XRPC_CORS_GET_HEADERS)
  return (req, res) => {
    const url = req.url ?? ''
    if (req.method !== 'GET' || !url.startsWith(PATH) || (url.length > PATH.length && url[PATH.length] !== '?')) return false
    for (const [name, value] of cors) res.setHeader(name, value)
    serveSkeleton(ctx, servedFeeds, req, res).catch((err) => sendError(ctx, res, err))
    return true
  }
}

async function serveSkeleton(ctx: AppContext, servedFeeds: ReadonlySet<string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const params = parseSkeletonParams(querystringOf(req.url), servedFeeds)
  // A token, when sent, must verify in full (aud, lxm, exp, signature) before anything is read.
  const viewer = bearerToken(req) ? (await ctx.auth.verifyRequest(req, { lxm: ids.AppBskyFeedGetFeedSkeleton })).did : undefined
  const page = viewer ? await viewerPage(ctx, params, viewer) : await ctx.anonymousPages.get(`${params.feed} ${params.limit} ${params.cursor ?? ''}`, () => anonymousPage(ctx, params))
  res.writeHead(200, { ...page.headers, 'content-type': JSON_TYPE, 'content-length': page.body.length })
  res.end(page.body)
}

async function anonymousPage(ctx: AppContext, params: SkeletonParams): Promise<AnonymousPage> {
  const algo = algoOf(ctx, params.feed)
  const { end, viewerPrefs: _, ...page } = await algo.page(ctx, { limit: params.limit, cursor: params.cursor })
  // The skeleton's lexicon has no room for why a feed ended: a header carries it to clients that look (ours, through the appview).
  return { body: Buffer.from(JSON.stringify(page)), headers: end ? { [FEED_END_HEADER]: JSON.stringify(end) } : {} }
}

async function viewerPage(ctx: AppContext, params: SkeletonParams, viewer: string): Promise<AnonymousPage> {
  const algo = algoOf(ctx, params.feed)
  // Whom a viewer follows steers their feeds: from their first signed request we keep their follows.
  void ctx.graph.noteViewer(viewer)
  const { end, viewerPrefs, ...page } = await algo.page(ctx, { viewer, limit: params.limit, cursor: params.cursor })
  // Which prefs ranked the page, so a client that just saved new ones can tell when we have them.
  const prefs = viewerPrefs ?? (await ctx.db.db.selectFrom('feed_prefs').select('cid').where('did', '=', viewer).executeTakeFirst())?.cid ?? 'none'
  const headers: Record<string, string> = { [VIEWER_PREFS_HEADER]: prefs }
  if (end) headers[FEED_END_HEADER] = JSON.stringify(end)
  return { body: Buffer.from(JSON.stringify(page)), headers }
}

function algoOf(ctx: AppContext, feed: string) {
  const algo = ctx.algoForFeedUri(feed)
  if (!algo) throw new InvalidRequestError(`this generator does not serve ${feed}`, 'UnknownFeed')
  return algo
}

function querystringOf(url: string | undefined): URLSearchParams {
  const at = url?.indexOf('?') ?? -1
  return new URLSearchParams(at < 0 ? '' : url!.slice(at + 1))
}

/** An XRPC error body ({ error, message }) with its status, as the XRPC router answers; a 500 is logged. */
function sendError(ctx: AppContext, res: ServerResponse, err: unknown): void {
  const xrpcError = XRPCError.fromError(err)
  if (xrpcError.statusCode >= 500) ctx.logger.error({ err }, 'getFeedSkeleton failed')
  if (res.headersSent) return void res.destroy()
  const body = JSON.stringify(xrpcError.payload)
  res.writeHead(xrpcError.statusCode, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}
