import { InvalidRequestError } from '@atproto/xrpc-server'
import type { Kysely, SelectQueryBuilder } from 'kysely'
import type { GetThread } from '@framewright/lexicons'
import type { AppContext } from '../context'
import type { AppviewSchema } from '../db/schema'
import type { CommentTable } from '../db/social-tables'
import { decodeTimeCursor, encodeTimeCursor } from '../likeness/cursor'

/** Replies returned with one page of top-level comments; a busier page shows the oldest this many. */
export const MAX_REPLIES_PER_PAGE = 500

type CommentView = GetThread.CommentView

/**
 * A video's comments (replies anywhere in the thread of its companion post) and the viewer's like
 * of the companion post. A page is top-level comments, oldest first by when we indexed them, each
 * with the replies under it flattened to one level. There is no like count: how many people liked
 * something is not shown, here or anywhere in the app.
 */
export async function videoThread(
  ctx: AppContext,
  opts: { video: string; limit: number; cursor?: string; viewer?: string },
): Promise<GetThread.OutputSchema> {
  const db = ctx.db.db
  const video = await db
    .selectFrom('video')
    .select(['uri', 'crosspostUri', 'crosspostCid'])
    .where((eb) => eb.or([eb('uri', '=', opts.video), eb('crosspostUri', '=', opts.video)]))
    .executeTakeFirst()
  if (!video) throw new InvalidRequestError(`this appview holds no video ${opts.video}`, 'VideoNotFound')
  const after = opts.cursor ? decodeTimeCursor(opts.cursor) : undefined
  let topQuery = visibleComments(db)
    .where('comment.videoUri', '=', video.uri)
    .where((eb) => eb('comment.threadUri', '=', eb.ref('comment.uri')))
    .limit(opts.limit + 1)
  if (after) topQuery = topQuery.where((eb) => eb(eb.refTuple('comment.indexedAt', 'comment.uri'), '>', eb.tuple(after.sortAt, after.uri)))
  const [fetched, like] = await Promise.all([
    topQuery.execute(),
    opts.viewer && video.crosspostUri
      ? db.selectFrom('post_like').select('uri').where('subject', '=', video.crosspostUri).where('creator', '=', opts.viewer).executeTakeFirst()
      : undefined,
  ])
  const tops = fetched.slice(0, opts.limit)
  const replies = tops.length
    ? await visibleComments(db)
        .where('comment.threadUri', 'in', tops.map((t) => t.uri))
        .where((eb) => eb('comment.threadUri', '!=', eb.ref('comment.uri')))
        // Replies indexed in the same millisecond (one ingestion batch) in the order their authors wrote them.
        .clearOrderBy()
        .orderBy('comment.indexedAt', 'asc')
        .orderBy('comment.createdAt', 'asc')
        .orderBy('comment.uri', 'asc')
        .limit(MAX_REPLIES_PER_PAGE)
        .execute()
    : []
  const handles = await ctx.actors.handles([...tops, ...replies].map((r) => r.creator))
  const view = (r: CommentTable): CommentView => ({
    uri: r.uri,
    cid: r.cid,
    author: { did: r.creator, handle: handles.get(r.creator) ?? 'handle.invalid' },
    text: r.text,
    parent: r.parentUri,
    createdAt: r.createdAt,
  })
  const under = new Map<string, CommentView[]>()
  for (const r of replies) under.set(r.threadUri, [...(under.get(r.threadUri) ?? []), view(r)])
  const last = tops.at(-1)
  return {
    companion: video.crosspostUri && video.crosspostCid ? { uri: video.crosspostUri, cid: video.crosspostCid } : undefined,
    comments: tops.map((t) => ({ ...view(t), ...(under.has(t.uri) ? { replies: under.get(t.uri) } : {}) })),
    cursor: last && fetched.length > opts.limit ? encodeTimeCursor({ sortAt: last.indexedAt, uri: last.uri }) : undefined,
    ...(opts.viewer ? { viewer: like ? { like: like.uri } : {} } : {}),
  }
}

/** Comments oldest first, without those by deactivated or taken-down accounts. */
function visibleComments(db: Kysely<AppviewSchema>): SelectQueryBuilder<AppviewSchema, 'comment' | 'actor', CommentTable> {
  return db
    .selectFrom('comment')
    .leftJoin('actor', 'actor.did', 'comment.creator')
    .selectAll('comment')
    .where((eb) => eb.or([eb('actor.active', 'is', null), eb('actor.active', '!=', 0)]))
    .orderBy('comment.indexedAt', 'asc')
    .orderBy('comment.uri', 'asc')
}
