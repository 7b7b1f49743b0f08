import { InvalidRequestError } from '@atproto/xrpc-server'
import type { GetThread } from '@framewright/lexicons'
import type { AppContext } from '../context'
import { decodeTimeCursor, encodeTimeCursor } from '../likeness/cursor'

/**
 * A video's comments (replies anywhere in the thread of its companion post), oldest first by when
 * we indexed them, and the viewer's like of the companion post. There is no like count: how many
 * people liked something is not shown, here or anywhere in the app.
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
  let query = db
    .selectFrom('comment')
    .leftJoin('actor', 'actor.did', 'comment.creator')
    .selectAll('comment')
    .where('comment.videoUri', '=', video.uri)
    // Comments by deactivated or taken-down accounts are not shown.
    .where((eb) => eb.or([eb('actor.active', 'is', null), eb('actor.active', '!=', 0)]))
    .orderBy('comment.indexedAt', 'asc')
    .orderBy('comment.uri', 'asc')
    .limit(opts.limit)
  if (after) query = query.where((eb) => eb(eb.refTuple('comment.indexedAt', 'comment.uri'), '>', eb.tuple(after.sortAt, after.uri)))
  const [rows, like] = await Promise.all([
    query.execute(),
    opts.viewer && video.crosspostUri
      ? db.selectFrom('post_like').select('uri').where('subject', '=', video.crosspostUri).where('creator', '=', opts.viewer).executeTakeFirst()
      : undefined,
  ])
  const handles = await ctx.actors.handles(rows.map((r) => r.creator))
  const last = rows.at(-1)
  return {
    companion: video.crosspostUri && video.crosspostCid ? { uri: video.crosspostUri, cid: video.crosspostCid } : undefined,
    comments: rows.map((r) => ({
      uri: r.uri,
      cid: r.cid,
      author: { did: r.creator, handle: handles.get(r.creator) ?? 'handle.invalid' },
      text: r.text,
      parent: r.parentUri,
      createdAt: r.createdAt,
    })),
    cursor: last && rows.length === opts.limit ? encodeTimeCursor({ sortAt: last.indexedAt, uri: last.uri }) : undefined,
    ...(opts.viewer ? { viewer: like ? { like: like.uri } : {} } : {}),
  }
}
