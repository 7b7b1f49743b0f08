import type { VideoView } from '../api/types'
import { moderateVideo } from '../labels/moderation'
import { useModeration } from '../labels/ModerationContext'
import { Link, videoPath } from '../routes'

/** Thumbnails of videos, each a link to its own page; videos the viewer's label settings hide are left out. */
export function VideoGrid({ videos, empty }: { videos: VideoView[]; empty: string }) {
  const moderation = useModeration()
  const ctx = moderation.context()
  const shown = videos.flatMap((video) => {
    const decision = moderateVideo(video, ctx)
    return decision.action === 'hide' ? [] : [{ video, blurred: decision.action === 'warn' }]
  })
  if (shown.length === 0) return <p className="muted">{empty}</p>
  return (
    <ul className="video-grid">
      {shown.map(({ video, blurred }) => (
        <li key={video.uri}>
          <Link to={videoPath(video.uri)} className="video-tile" data-testid="profile-video" data-uri={video.uri}>
            {video.playback.thumbnail && <img src={video.playback.thumbnail} alt="" className={blurred ? 'is-blurred' : undefined} loading="lazy" />}
            <span className="video-tile-text">{video.text || video.generation?.prompt || 'Untitled video'}</span>
          </Link>
        </li>
      ))}
    </ul>
  )
}
