import type { Agent } from '@atproto/api'
import type { VideoView } from '../api/types'
import { ErrorNote } from '../ui/ErrorNote'
import { DepictionCard } from './DepictionCard'
import type { Depicting } from './useDepicting'

export interface DepictingListProps {
  me: string
  agent: Agent
  depicting: Depicting
}

/** "Videos of me": every video that names me in its depictions, or that a labeler found me in, newest first. */
export function DepictingList({ me, agent, depicting }: DepictingListProps) {
  const { videos, found, foundError, loading, error, retry, hasMore, showMore, updating, note, awaitChange } = depicting

  const reviewed = (video: VideoView, reviewUri: string) => {
    awaitChange(
      (now) => now.find((v) => v.uri === video.uri)?.depicts.find((d) => d.subject.did === me)?.review?.uri === reviewUri,
      'Your verdict is saved in your repository; this appview has not caught up with it yet.',
    )
  }

  return (
    <section className="depicting" aria-labelledby="depicting-title" data-testid="depicting">
      <div className="section-head">
        <h2 id="depicting-title">Videos of me</h2>
        {updating && (
          <span className="muted updating" data-testid="depicting-updating">
            <span className="spinner small" aria-hidden="true" /> Updating…
          </span>
        )}
      </div>
      {note && <p className="hint">{note}</p>}
      <ErrorNote error={error} onRetry={retry} />
      <ErrorNote error={foundError} onRetry={retry} />
      {videos.length === 0 && !loading && !error && (
        <p className="panel empty-state" data-testid="depicting-empty">
          Nobody has published a video of you. When someone does, it shows up here — with whether it is consented — and you can approve or reject it.
        </p>
      )}
      {videos.length === 0 && loading && <p className="muted">Loading videos of you…</p>}
      <ul className="depiction-list">
        {videos.map((v) => (
          <DepictionCard key={v.uri} video={v} me={me} agent={agent} found={found.get(v.uri)} onReviewed={reviewed} />
        ))}
      </ul>
      {hasMore && (
        <button type="button" className="btn" data-testid="depicting-more" disabled={loading} onClick={showMore}>
          {loading ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  )
}
