import { InvalidRequestError } from '@atproto/xrpc-server'
import type { AppContext } from '../context'
import type { VideoView } from '../hydration/videos'
import type { AcceptedLabeler } from '../labels/accept'
import { decodeTimeCursor } from '../likeness/cursor'
import { hydratedTimePage } from '../hydration/video-page'
import { depictingPage } from '../likeness/depicting'

export interface AuthorVideosPage {
  videos: VideoView[]
  cursor?: string
}

/**
 * A profile's videos: those `actor` made (filter 'made'), or those others made of them (filter
 * 'depicted'), shown only where the consent rule says they allowed it — their grant covers the
 * creator and they did not reject it. Hydrated as the feed is, so moderation applies the same way.
 */
export async function authorVideosPage(
  ctx: AppContext,
  opts: { actor: string; filter: string; limit: number; cursor?: string; labelers: AcceptedLabeler[] },
): Promise<AuthorVideosPage> {
  if (opts.filter === 'depicted') {
    const page = await depictingPage(ctx, opts)
    const allowed = page.videos.filter(
      (v) => v.creator.did !== opts.actor && v.depicts.some((d) => d.subject.did === opts.actor && d.consent.consented && !d.consent.rejected),
    )
    return { videos: allowed, cursor: page.cursor }
  }
  if (opts.filter !== 'made') throw new InvalidRequestError(`unknown filter "${opts.filter}": use made or depicted`, 'UnknownFilter')
  const after = opts.cursor ? decodeTimeCursor(opts.cursor) : undefined
  let query = ctx.db.db
    .selectFrom('video')
    .select(['uri', 'sortAt'])
    .where('creator', '=', opts.actor)
    .orderBy('sortAt', 'desc')
    .orderBy('uri', 'desc')
    .limit(opts.limit)
  if (after) query = query.where((eb) => eb(eb.refTuple('sortAt', 'uri'), '<', eb.tuple(after.sortAt, after.uri)))
  const rows = await query.execute()
  return hydratedTimePage(ctx, rows, opts.limit, opts.labelers)
}
