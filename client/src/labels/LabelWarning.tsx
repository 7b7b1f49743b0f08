import type { LabelCause } from './moderation'
import { useModeration } from './ModerationContext'

/** The notice over a blurred video: which labels, what they mean, and a way past it. */
export function LabelWarning({ causes, blurs, onReveal }: { causes: readonly LabelCause[]; blurs: 'content' | 'media'; onReveal: () => void }) {
  const { labelerName } = useModeration()
  return (
    <div className={`label-warning covers-${blurs}`} data-testid="label-warning" role="group" aria-label="Content warning">
      <div className="label-warning-box">
        <p className="label-warning-title">
          <span aria-hidden="true">⚠</span> {causes.map((c) => c.name).join(' · ')}
        </p>
        {causes.map((c) => (
          <p key={`${c.src} ${c.val}`} className="label-warning-desc">
            {c.description} <span className="muted">— {labelerName(c.src)}</span>
          </p>
        ))}
        <button type="button" className="btn" onClick={onReveal}>
          Show anyway
        </button>
      </div>
    </div>
  )
}
