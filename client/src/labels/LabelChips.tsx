import { useState } from 'react'
import type { LabelCause } from './moderation'
import { useModeration } from './ModerationContext'

/** A video's labels as chips; pressing one says what it means and who applied it. */
export function LabelChips({ causes }: { causes: readonly LabelCause[] }) {
  const { labelerName } = useModeration()
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
        <p className="label-explain">
          {selected.description || selected.name} <span className="muted">— labelled by {labelerName(selected.src)}</span>
        </p>
      )}
    </div>
  )
}
