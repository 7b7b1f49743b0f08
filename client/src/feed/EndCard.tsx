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
  const empty = seen === 0 && hidden === 0
  return (
    <section className="card card-message end-card" data-testid="feed-end" aria-labelledby="feed-end-title">
      <div className="end-card-body">
        <div className="end-card-mark" aria-hidden="true">
          <IconCheck />
        </div>
        <h2 id="feed-end-title">{empty ? 'Nothing here yet' : "That's all for today"}</h2>
        <p>
          {empty ? `${generator.displayName} has no videos for you right now. Go make the first one.` : `Go make something. ${generator.displayName} ends on purpose.`}
          {hidden > 0 && ` ${hidden} ${hidden === 1 ? 'video was' : 'videos were'} hidden by your label settings.`}
        </p>
        <div className="end-card-actions">
          <button type="button" className="btn btn-primary" data-testid="feed-end-create" onClick={onCreate}>
            Create
          </button>
          <button type="button" className="btn" onClick={onRestart}>
            Check again
          </button>
        </div>
      </div>
    </section>
  )
}
