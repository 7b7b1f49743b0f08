import type { AppContext } from '../context'
import { hydrateVideos, videoUrisForPosts, type VideoView } from '../hydration/videos'
import type { AcceptedLabeler } from '../labels/accept'

/**
 * Video views of the subjects a labeler found `actor` in (our video records, or the companion posts
 * that stand for them), as `actor` sees them in "videos of me": hydrated as getDepicting hydrates,
 * with `actor` added to the depictions of videos that do not declare them. In the order asked,
 * each video once; subjects this appview does not know (plain Bluesky posts it has not indexed,
 * deleted videos) are left out.
 */
export async function depictionViews(
  ctx: AppContext,
  opts: { actor: string; uris: string[]; labelers: AcceptedLabeler[] },
): Promise<VideoView[]> {
  const videoFor = await videoUrisForPosts(ctx, opts.uris)
  const views = await hydrateVideos(ctx, [...videoFor.values()], opts.labelers, { foundActor: opts.actor })
  const seen = new Set<string>()
  return opts.uris.flatMap((uri) => {
    const video = videoFor.get(uri)
    const view = video ? views.get(video) : undefined
    if (!view || seen.has(view.uri)) return []
    seen.add(view.uri)
    return [view]
  })
}
