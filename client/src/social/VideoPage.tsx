import { useState } from 'react'
import { useAppview } from '../api/AppviewContext'
import type { VideoView } from '../api/types'
import { useLoad } from '../api/useLoad'
import { VideoCard } from '../feed/VideoCard'
import { moderateVideo } from '../labels/moderation'
import { useModeration } from '../labels/ModerationContext'
import { ErrorNote } from '../ui/ErrorNote'
import { Comments } from './Comments'
import { ShareMenu } from './ShareMenu'

const VIDEO_COLLECTION = 'app.framewright.video.post'

/**
 * /video/<did>/<rkey>: one video in the player, with its provenance and labels, moderated exactly as
 * in the feed (a video the viewer's labelers hide or took down is not shown), Share and comments.
 */
export function VideoPage({ did, rkey, onRemix, onOpenLogin }: { did: string; rkey: string; onRemix: (video: VideoView) => void; onOpenLogin: () => void }) {
  const appview = useAppview()
  const moderation = useModeration()
  const [muted, setMuted] = useState(true)
  const uri = `at://${did}/${VIDEO_COLLECTION}/${rkey}`
  const loaded = useLoad<VideoView | null | undefined>(async () => (await appview.getVideos([uri]))[0] ?? null, [appview, uri], undefined)

  if (loaded.error) return <section className="page"><ErrorNote error={`Could not load this video: ${loaded.error}`} onRetry={loaded.retry} /></section>
  if (loaded.data === undefined) return <section className="page"><p className="muted">Loading the video…</p></section>
  if (loaded.data === null) {
    return (
      <section className="page" data-testid="video-missing">
        <h1>This video is not available</h1>
        <p className="muted">It may have been deleted, or taken down by a labeler you use.</p>
      </section>
    )
  }
  const video = loaded.data
  const decision = moderateVideo(video, moderation.context())
  if (decision.action === 'hide') {
    return (
      <section className="page" data-testid="video-hidden">
        <h1>This video is hidden</h1>
        <p className="muted">{decision.causes.map((c) => `${c.name}: ${c.description}`).join(' · ') || 'A labeler you use hides it.'}</p>
      </section>
    )
  }
  return (
    <div className="video-page" data-testid="video-page" data-uri={video.uri}>
      <div className="video-page-player">
        <VideoCard item={{ video }} decision={decision} muted={muted} onToggleMuted={() => setMuted((m) => !m)} onRemix={onRemix} linkToPage={false} />
      </div>
      <aside className="video-page-side">
        <ShareMenu video={video} />
        <Comments video={video} onOpenLogin={onOpenLogin} />
      </aside>
    </div>
  )
}
