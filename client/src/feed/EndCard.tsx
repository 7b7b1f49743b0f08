import type { GeneratorView } from '../api/types'
import { IconCheck } from '../ui/icons'

export interface EndCardProps {
  generator: GeneratorView
  seen: number
  hidden: number
  onCreate: () => void
  onRestart: () => void
}

/** The end of a finite feed: say so plainly, and point at making something instead. */
export function EndCard({ generator, seen, hidden, onCreate, onRestart }: EndCardProps) {
  return (
    <section className="card card-message end-card" data-testid="feed-end" aria-labelledby="feed-end-title">
      <div className="end-card-body">
        <div className="end-card-mark" aria-hidden="true">
          <IconCheck />
        </div>
        <h2 id="feed-end-title">{seen === 0 && hidden === 0 ? 'Nothing here yet' : "You're all caught up"}</h2>
        <p>
          {seen === 0 && hidden === 0
            ? `${generator.displayName} has no videos for you right now.`
            : `That's everything ${generator.displayName} has for you for now. Feeds here end on purpose.`}
          {hidden > 0 && ` ${hidden} ${hidden === 1 ? 'video was' : 'videos were'} hidden by your label settings.`}
        </p>
        <div className="end-card-actions">
          <button type="button" className="btn btn-primary" onClick={onCreate}>
            Make something
          </button>
          <button type="button" className="btn" onClick={onRestart}>
            Check again
          </button>
        </div>
      </div>
    </section>
  )
}
