import { useId, useState, type FormEvent } from 'react'
import { decisionOptions, labelName } from './decisions'
import { namedError, type ReportView } from './labelerModeration'
import type { ModeratedLabeler } from './useModeratorAccess'
import { ErrorNote } from '../ui/ErrorNote'

export interface DecisionFormProps {
  report: ReportView
  labeler: ModeratedLabeler
  /** A decision was made; `summary` says what, in words. */
  onDecided: (summary: string) => void
}

/** A moderator's decision on one report: a label to apply or lift with a public reason, or no action. */
export function DecisionForm({ report, labeler, onDecided }: DecisionFormProps) {
  const id = useId()
  const [choice, setChoice] = useState<string>()
  const [reason, setReason] = useState('')
  const [resolve, setResolve] = useState(true)
  const [busy, setBusy] = useState<'label' | 'dismiss'>()
  const [error, setError] = useState<string>()
  const inForce = report.labels.filter((l) => l.src === labeler.client.did)
  const options = decisionOptions(report.subjectType, inForce, labeler.definitions)
  const option = options.find((o) => o.key === choice)

  const run = async (kind: 'label' | 'dismiss', act: () => Promise<string>) => {
    setBusy(kind)
    setError(undefined)
    try {
      const summary = await act()
      setChoice(undefined)
      setReason('')
      onDecided(summary)
    } catch (err) {
      setError(namedError(err))
    } finally {
      setBusy(undefined)
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!option || !reason.trim()) return
    void run('label', async () => {
      await labeler.client.emitLabel({
        subject: report.subject,
        val: option.val,
        neg: option.neg,
        reason: reason.trim(),
        resolveReports: resolve ? [report.id] : [],
      })
      const name = labelName(option.val, labeler.definitions)
      return `${option.neg ? 'Removed' : 'Applied'} “${name}”${resolve ? ' and resolved the report' : ''}.`
    })
  }

  const dismiss = () =>
    void run('dismiss', async () => {
      await labeler.client.resolveReports([report.id])
      return 'Resolved the report with no action.'
    })

  return (
    <form className="decision-form" onSubmit={submit} aria-label={`Decide report ${report.id}`}>
      <fieldset className="decision-choices">
        <legend className="field-label">Decision</legend>
        {options.map((o) => (
          <label key={o.key} className={`decision-choice ${o.neg ? 'is-negation' : ''} ${choice === o.key ? 'is-on' : ''}`}>
            <input type="radio" name={`${id}-decision`} value={o.key} checked={choice === o.key} onChange={() => setChoice(o.key)} data-testid={`decision-${o.key}`} />
            {o.title}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span className="field-label">Reason (public)</span>
        <textarea
          data-testid="decision-reason"
          rows={2}
          maxLength={2000}
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-describedby={`${id}-reason-hint`}
          placeholder="e.g. Reviewed: a fabricated confession using a real person's face, reported by that person."
        />
      </label>
      <p className="hint" id={`${id}-reason-hint`}>
        Anyone who asks why this label is there — viewers and the creator — reads this reason (explainLabel). Write it for them.
      </p>
      <label className="decision-resolve">
        <input type="checkbox" checked={resolve} onChange={(e) => setResolve(e.target.checked)} data-testid="decision-resolve" />
        Resolve this report
      </label>
      <ErrorNote error={error} />
      <div className="decision-actions">
        <button type="submit" className="btn btn-primary btn-small" data-testid="decision-submit" disabled={busy !== undefined || !option || !reason.trim()}>
          {busy === 'label' ? 'Saving…' : option ? option.title : 'Choose a decision'}
        </button>
        <button type="button" className="btn btn-small" data-testid="decision-no-action" disabled={busy !== undefined} onClick={dismiss}>
          {busy === 'dismiss' ? 'Resolving…' : 'No action — resolve'}
        </button>
      </div>
    </form>
  )
}
