export interface BreakReminderProps {
  minutes: number
  onCreate: () => void
  onDismiss: () => void
}

/** A gentle interruption after the viewer's chosen minutes of watching; the video is paused behind it. */
export function BreakReminder({ minutes, onCreate, onDismiss }: BreakReminderProps) {
  return (
    <div className="break-overlay" role="dialog" aria-modal="true" aria-labelledby="break-title" data-testid="break-reminder">
      <div className="break-card">
        <h2 id="break-title">Time for a break?</h2>
        <p>
          You have been watching for {minutes} {minutes === 1 ? 'minute' : 'minutes'}, as long as you asked to be reminded after. The video is paused.
        </p>
        <div className="end-card-actions">
          <button type="button" className="btn btn-primary" data-testid="break-create" onClick={onCreate}>
            Make something
          </button>
          <button type="button" className="btn" data-testid="break-dismiss" onClick={onDismiss}>
            Keep watching
          </button>
        </div>
      </div>
    </div>
  )
}
