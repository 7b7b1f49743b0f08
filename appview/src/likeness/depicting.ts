import type { AppContext } from '../context'
import type { VideoView } from '../hydration/videos'
import type { AcceptedLabeler } from '../labels/accept'
import { decodeTimeCursor } from './cursor'
import { hydratedTimePage } from '../hydration/video-page'

export interface DepictingPage {
  videos: VideoView[]
  /** Absent on the last page. */
  cursor?: string
}

/**
 * One page of the videos that depict `actor`, newest first (by sortAt, then URI), hydrated.
 * The cursor comes from the rows read, not the views kept, so a video hydration leaves out (a
 * redacting labeler) never makes a page repeat or skip another.
 */
export async function depictingPage(
  ctx: AppContext,
  opts: { actor: string; limit: number; cursor?: string; labelers: AcceptedLabeler[] },
): Promise<DepictingPage> {
  const after = opts.cursor ? decodeTimeCursor(opts.cursor) : undefined
  let query = ctx.db.db
    .selectFrom('depiction')
    .innerJoin('video', 'video.uri', 'depiction.videoUri')
    .leftJoin('actor', 'actor.did', 'video.creator')
    .select(['video.uri', 'video.sortAt'])
    .where('depiction.subject', '=', opts.actor)
    // Deactivated or taken-down creators' videos are not shown anywhere, so they take no slot here.
    .where((eb) => eb.or([eb('actor.active', 'is', null), eb('actor.active', '!=', 0)]))
    .orderBy('video.sortAt', 'desc')
    .orderBy('video.uri', 'desc')
    .limit(opts.limit)
  if (after) query = query.where((eb) => eb(eb.refTuple('video.sortAt', 'video.uri'), '<', eb.tuple(after.sortAt, after.uri)))
  const rows = await query.execute()
  return hydratedTimePage(ctx, rows, opts.limit, opts.labelers)
}
