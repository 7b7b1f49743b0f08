import type { Agent } from '@atproto/api'
import { useState } from 'react'
import type { VideoView } from '../api/types'
import type { FoundDepiction } from '../likeness/faceLabeler'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'
import { reviewVideo } from './likenessRecords'

/** Why a video of you is or is not consented, in the second person. */
const REASONS: Record<string, string> = {
  self: 'You made it yourself.',
  'grant-everyone': 'Your grant lets everyone depict you.',
  'grant-mutuals': 'Your grant covers mutuals, and you follow each other.',
  'grant-approved': 'Your grant lists this creator.',
  'no-grant': 'You have no likeness grant, so nobody else may depict you.',
  'grant-self-only': 'Your grant allows nobody else.',
  'grant-expired': 'Your grant has expired.',
  'not-mutuals': 'Your grant covers mutuals only, and you do not follow each other.',
  'not-approved': 'Your grant does not list this creator.',
  'unknown-audience': 'Your grant names an audience this appview does not understand.',
  'rejected-by-subject': 'You rejected this video.',
}

export interface DepictionCardProps {
  video: VideoView
  me: string
  agent: Agent
  /** Set when a labeler found me in it by face match: its evidence. */
  found?: FoundDepiction
  /** A review was written; the appview shows it once the firehose brings it. */
  onReviewed: (video: VideoView, reviewUri: string) => void
}

/** One video of me: watch it, see whether it counts as consented and why, approve or reject it. */
export function DepictionCard({ video, me, agent, found, onReviewed }: DepictionCardProps) {
  const [busy, setBusy] = useState<'approve' | 'reject'>()
  const [error, setError] = useState<string>()
  const mine = video.depicts.find((d) => d.subject.did === me)
  if (!mine) return null
  const { consent, review } = mine
  const verdict = review?.verdict

  const decide = async (next: 'approve' | 'reject') => {
    setBusy(next)
    setError(undefined)
    try {
      const written = await reviewVideo(agent, video, next, review)
      onReviewed(video, written.uri)
    } catch (err) {
      setError(`Could not save your verdict: ${errorMessage(err)}`)
    } finally {
      setBusy(undefined)
    }
  }

  const ratio = video.aspectRatio ? `${video.aspectRatio.width} / ${video.aspectRatio.height}` : '9 / 16'
  return (
    <li
      className="panel depiction-card"
      data-testid="depiction-card"
      data-uri={video.uri}
      data-consented={String(consent.consented)}
      data-found={found ? 'true' : undefined}
    >
      <div className="depiction-preview" style={{ aspectRatio: ratio }}>
        <video src={video.playback.url} poster={video.playback.thumbnail} controls muted playsInline preload="none" aria-label={video.alt ?? video.text ?? 'Video of you'} />
      </div>
      <div className="depiction-body">
        <p className="depiction-meta">
          <span className="muted">by</span> <strong data-testid="depiction-creator">@{video.creator.handle}</strong>
          <span className="muted"> · {new Date(video.createdAt).toLocaleDateString()}</span>
        </p>
        {video.text && <p className="caption">{video.text}</p>}
        {found && (
          <p className="found-badge" data-testid="depiction-found">
            <strong>Found by face match</strong>
            <span className="muted">
              {' '}
              · {found.similarity}% similar, at {formatFrame(found.frameMs)}
              {mine.undeclared ? ' · the creator did not say you are in it' : ''}
            </span>
          </p>
        )}
        <p className={`consent-state ${consent.consented ? 'is-consented' : 'is-unconsented'}`} data-testid="depiction-consent">
          <span className="consent-badge">{consent.consented ? '✓ Consented' : '✕ Not consented'}</span>
          <span data-testid="depiction-reason">
            {REASONS[consent.reason] ?? consent.reason}
            {consent.rejected && consent.reason !== 'rejected-by-subject' ? ' You also rejected it.' : ''}
          </span>
        </p>
        <div className="review-actions" role="group" aria-label="Your verdict">
          <button
            type="button"
            className={`btn btn-small verdict-approve ${verdict === 'approve' ? 'is-chosen' : ''}`}
            data-testid="review-approve"
            aria-pressed={verdict === 'approve'}
            disabled={busy !== undefined || verdict === 'approve'}
            onClick={() => void decide('approve')}
          >
            {busy === 'approve' ? 'Saving…' : verdict === 'approve' ? '✓ Approved' : 'Approve'}
          </button>
          <button
            type="button"
            className={`btn btn-small verdict-reject ${verdict === 'reject' ? 'is-chosen' : ''}`}
            data-testid="review-reject"
            aria-pressed={verdict === 'reject'}
            disabled={busy !== undefined || verdict === 'reject'}
            onClick={() => void decide('reject')}
          >
            {busy === 'reject' ? 'Saving…' : verdict === 'reject' ? '✕ Rejected' : 'Reject'}
          </button>
        </div>
        <p className="hint" data-testid="depiction-verdict">
          {verdict === 'approve' && 'You approved this video. Approving does not override your grant: it counts only while your grant covers the creator.'}
          {verdict === 'reject' && 'You rejected this video: it stays unconsented whatever your grant says. Approve it to lift that.'}
          {!verdict && 'You have not reviewed this video. Rejecting it marks it unconsented even if your grant covers the creator.'}
        </p>
        <ErrorNote error={error} />
      </div>
    </li>
  )
}

/** Where in a video the best matching frame is, as m:ss. */
export function formatFrame(ms: number): string {
  const seconds = Math.floor(ms / 1000)
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}
