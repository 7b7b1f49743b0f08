import { useState } from 'react'
import type { VideoView } from '../api/types'
import { videoPath } from '../routes'
import { bskyPostUrl } from './bluesky'

/** Share: copies the video's own link, and offers its companion post on bsky.app. */
export function ShareMenu({ video }: { video: VideoView }) {
  const link = new URL(videoPath(video.uri), location.origin).toString()
  const [copied, setCopied] = useState<string>()

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link)
      setCopied('Link copied.')
    } catch {
      // No clipboard (an insecure origin, or permission refused): the link is selectable below.
      setCopied('Copy the link below.')
    }
  }

  return (
    <div className="share" data-testid="share">
      <button type="button" className="btn" onClick={() => void copy()} data-testid="share-copy">
        Copy link
      </button>
      <input className="share-link" readOnly value={link} aria-label="Link to this video" onFocus={(e) => e.currentTarget.select()} data-testid="share-link" />
      {video.crosspost && (
        <a className="btn" href={bskyPostUrl(video.crosspost.uri)} target="_blank" rel="noreferrer" data-testid="share-bsky">
          Open on Bluesky
        </a>
      )}
      <span role="status" className="muted">
        {copied}
      </span>
    </div>
  )
}
