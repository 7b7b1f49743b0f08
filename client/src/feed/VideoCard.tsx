import { useRef, useState } from 'react'
import type { FeedItem, VideoView } from '../api/types'
import { LabelChips } from '../labels/LabelChips'
import { LabelWarning } from '../labels/LabelWarning'
import type { ModerationDecision } from '../labels/moderation'
import { ReportButton } from '../moderation/ReportButton'
import { IconMuted, IconPlay, IconRemix, IconSound } from '../ui/icons'
import { Depictions } from './Depictions'
import { Link, profilePath, videoPath } from '../routes'
import { Provenance } from './Provenance'
import { useAutoplay } from './useAutoplay'

export interface VideoCardProps {
  item: FeedItem
  decision: Exclude<ModerationDecision, { action: 'hide' }>
  muted: boolean
  onToggleMuted: () => void
  onRemix: (video: VideoView) => void
  /** "Less like this", when the viewer is logged in and the feed listens. */
  onLessLikeThis?: (item: FeedItem) => void
  /** Hold playback (a break reminder is showing). */
  paused?: boolean
  /** The viewer prefers reduced motion: nothing plays until they press play. */
  reducedMotion?: boolean
  /** Offer the video's own page (comments, Share); off on that page itself. */
  linkToPage?: boolean
}

/** One full-height video in the feed, with who made it, how, whom it shows, and its labels. */
export function VideoCard({ item, decision, muted, onToggleMuted, onRemix, onLessLikeThis, paused = false, reducedMotion = false, linkToPage = true }: VideoCardProps) {
  const { video, feedContext } = item
  const [revealed, setRevealed] = useState(false)
  const videoRef = useRef<HTMLVideoElement>(null)
  const warning = decision.action === 'warn' && !revealed ? decision : undefined
  const { blocked, play } = useAutoplay(videoRef, !warning && !paused, !reducedMotion)
  const hideDetails = warning?.blurs === 'content'
  const creator = video.creator
  const handle = creator.handle === 'handle.invalid' ? creator.did : `@${creator.handle}`

  const togglePlay = () => {
    const v = videoRef.current
    if (!v) return
    if (v.paused) play()
    else v.pause()
  }

  return (
    <article className="card" data-testid="feed-item" data-uri={video.uri} aria-label={`Video by ${handle}`}>
      <div className={`stage${warning ? ' is-blurred' : ''}`}>
        <video
          ref={videoRef}
          src={video.playback.url}
          poster={video.playback.thumbnail}
          muted={muted}
          loop
          playsInline
          preload="metadata"
          aria-label={video.alt || video.text || `Video by ${handle}`}
          onClick={togglePlay}
        />
        <div className="shade" aria-hidden="true" />
        {blocked && !warning && (
          <button type="button" className="play-button" onClick={play} aria-label="Play">
            <IconPlay />
          </button>
        )}
      </div>

      {warning && <LabelWarning causes={warning.causes} blurs={warning.blurs} onReveal={() => setRevealed(true)} />}

      {!hideDetails && (
        <div className="card-info">
          <p className="creator">
            <Link to={profilePath(creator)} className="creator-handle" data-testid="creator-link">
              {handle}
            </Link>
            {creator.displayName && <span className="creator-name"> {creator.displayName}</span>}
          </p>
          {video.text && <p className="caption">{video.text}</p>}
          <Provenance generation={video.generation} />
          <Depictions depicts={video.depicts} />
          {video.remixOf && (
            <p className="remix-of" title={video.remixOf.uri}>
              ↻ remix of {video.remixOfCreator ? `@${video.remixOfCreator.handle}’s video` : describeUri(video.remixOf.uri)}
            </p>
          )}
          <LabelChips causes={decision.chips} subject={video.uri} />
          {feedContext && (
            <details className="why">
              <summary>Why am I seeing this?</summary>
              <p>{feedContext}</p>
            </details>
          )}
        </div>
      )}

      <div className="rail">
        {/* Only a video with sound gets a sound control: a mute button on a silent one would be a lie. */}
        {video.hasAudio && (
          <button type="button" className="rail-button" onClick={onToggleMuted} aria-pressed={!muted} aria-label={muted ? 'Unmute' : 'Mute'} data-testid="mute-toggle">
            {muted ? <IconMuted /> : <IconSound />}
          </button>
        )}
        <button type="button" className="rail-button" onClick={() => onRemix(video)} aria-label="Remix this video">
          <IconRemix />
          <span className="rail-label">{video.remixCount ? video.remixCount : 'Remix'}</span>
        </button>
        {onLessLikeThis && (
          <button type="button" className="rail-button" onClick={() => onLessLikeThis(item)} aria-label="Less like this" data-testid="less-like-this">
            <IconLess />
            <span className="rail-label">Less</span>
          </button>
        )}
        {linkToPage && (
          <Link to={videoPath(video.uri)} className="rail-button" title="Comments and sharing" data-testid="open-video">
            <IconComment />
            <span className="rail-label">Share</span>
          </Link>
        )}
        <ReportButton video={video} />
      </div>
    </article>
  )
}

/** A speech bubble: this video's own page, with comments and Share. */
function IconComment() {
  return (
    <svg width={22} height={22} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinejoin="round" aria-hidden="true">
      <path d="M4 5h16v11H9l-5 4z" />
    </svg>
  )
}

/** A circle with a minus: "show me less of this". */
function IconLess() {
  return (
    <svg width={22} height={22} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" aria-hidden="true">
      <circle cx="12" cy="12" r="9" />
      <path d="M8 12h8" />
    </svg>
  )
}

/** "a video by did:plc:…" from an at-uri; the appview does not hydrate the original here. */
function describeUri(uri: string): string {
  const did = uri.replace(/^at:\/\//, '').split('/')[0] ?? uri
  return `a video by ${did.length > 28 ? `${did.slice(0, 24)}…` : did}`
}
