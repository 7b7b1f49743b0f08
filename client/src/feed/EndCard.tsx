import type { FeedEnd, GeneratorView } from '../api/types'
import { IconCheck } from '../ui/icons'
import { endCardText } from './endCardText'

export interface EndCardProps {
  generator: GeneratorView
  end?: FeedEnd
  loggedIn: boolean
  seen: number
  hidden: number
  /** Why videos were hidden, in a sentence (from the moderation pass), when any were. */
  hiddenNote?: string
  onCreate: () => void
  onRestart: () => void
  onOpenLogin?: () => void
}

const clock = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

/** The end of a finite feed: say truthfully why it ended, and point at making something instead. */
export function EndCard({ generator, end, loggedIn, seen, hidden, hiddenNote, onCreate, onRestart, onOpenLogin }: EndCardProps) {
  const text = endCardText({ feedName: generator.displayName, end, loggedIn, seen, hidden, now: Date.now(), formatTime: clock })
  return (
    <section className="card card-message end-card" data-testid="feed-end" data-end={text.kind} aria-labelledby="feed-end-title">
      <div className="end-card-body">
        <div className="end-card-mark" aria-hidden="true">
          <IconCheck />
        </div>
        <h2 id="feed-end-title">{text.title}</h2>
        <p>
          {text.body}
          {hiddenNote && ` (${hiddenNote}.)`}
        </p>
        <div className="end-card-actions">
          {text.kind === 'authRequired' && onOpenLogin ? (
            <button type="button" className="btn btn-primary" data-testid="feed-end-login" onClick={onOpenLogin}>
              Log in
            </button>
          ) : (
            <button type="button" className="btn btn-primary" data-testid="feed-end-create" onClick={onCreate}>
              Create
            </button>
          )}
          {text.kind !== 'dailyLimit' && text.kind !== 'authRequired' && (
            <button type="button" className="btn" onClick={onRestart}>
              Check again
            </button>
          )}
        </div>
      </div>
    </section>
  )
}
