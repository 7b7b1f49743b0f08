import type { JobView } from '../api/types'

const STATUS: Record<string, string> = {
  queued: 'Queued',
  running: 'Generating',
  succeeded: 'Done',
  failed: 'Failed',
  expired: 'Expired',
}

/** A job's progress as a real progress bar, with what the provider is doing now. */
export function JobProgress({ job }: { job: JobView }) {
  const percent = Math.max(0, Math.min(100, Math.round(job.progress)))
  const stage = job.stage || STATUS[job.status] || job.status
  return (
    <div className={`job-progress is-${job.status}`}>
      <div className="job-progress-head">
        <span id={`job-${job.id}-label`}>{stage}</span>
        <span className="muted">
          {percent}% · {job.provider}/{job.model}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        data-testid="job-progress"
        aria-labelledby={`job-${job.id}-label`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% — ${stage}`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  )
}
