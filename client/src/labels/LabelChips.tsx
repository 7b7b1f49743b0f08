import { useState } from 'react'
import type { LabelCause } from './moderation'
import { useModeration } from './ModerationContext'
import { useLabelExplanation } from './useLabelExplanation'

/**
 * A video's labels as chips; pressing one says what it means, who applied it, and — asked of the
 * labeler itself — why.
 */
export function LabelChips({ causes, subject }: { causes: readonly LabelCause[]; subject: string }) {
  const { labelerName, labelerEndpoint } = useModeration()
  const [open, setOpen] = useState<string>()
  if (causes.length === 0) return null
  const selected = causes.find((c) => `${c.src} ${c.val}` === open)
  return (
    <div className="label-chips">
      <ul className="chip-row" aria-label="Labels">
        {causes.map((c) => {
          const key = `${c.src} ${c.val}`
          return (
            <li key={key}>
              <button
                type="button"
                className={`chip label-chip sev-${c.severity}`}
                data-testid="label-chip"
                data-val={c.val}
                aria-expanded={open === key}
                title={c.description}
                onClick={() => setOpen(open === key ? undefined : key)}
              >
                {c.severity === 'alert' ? '⚠ ' : ''}
                {c.name}
              </button>
            </li>
          )
        })}
      </ul>
      {selected && (
        <div className="label-explain">
          <p>
            {selected.description || selected.name} <span className="muted">— labelled by {labelerName(selected.src)}</span>
          </p>
          <LabelReason endpoint={labelerEndpoint(selected.src)} subject={subject} val={selected.val} />
        </div>
      )}
    </div>
  )
}

/** The labeler's own reason for one label on this video. */
function LabelReason({ endpoint, subject, val }: { endpoint?: string; subject: string; val: string }) {
  const state = useLabelExplanation(true, endpoint, subject, val)
  if (!endpoint) return null
  if (state.status === 'idle' || state.status === 'loading') return <p className="muted">Asking the labeler why…</p>
  if (state.status === 'error') return <p className="muted">The labeler could not say why: {state.message}</p>
  if (!state.explanation) return null
  return (
    <p className="label-reason" data-testid="label-reason">
      <strong>Why:</strong> {state.explanation.reason} <span className="muted">({state.explanation.detector})</span>
    </p>
  )
}
