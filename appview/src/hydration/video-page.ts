import type { AppContext } from '../context'
import type { AcceptedLabeler } from '../labels/accept'
import { encodeTimeCursor, type TimeCursor } from '../likeness/cursor'
import { hydrateVideos, type VideoView } from './videos'

/**
 * One newest-first page of videos: the rows' hydrated views (videos the viewer may not see drop out
 * without taking the page's end with them) and the cursor after the last row, when the page was full.
 */
export async function hydratedTimePage(
  ctx: AppContext,
  rows: TimeCursor[],
  limit: number,
  labelers: AcceptedLabeler[],
): Promise<{ videos: VideoView[]; cursor?: string }> {
  const views = await hydrateVideos(ctx, rows.map((r) => r.uri), labelers)
  const last = rows.at(-1)
  return {
    videos: rows.flatMap((r) => views.get(r.uri) ?? []),
    cursor: last && rows.length === limit ? encodeTimeCursor({ sortAt: last.sortAt, uri: last.uri }) : undefined,
  }
}
