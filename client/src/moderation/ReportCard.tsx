import type { VideoView } from '../api/types'
import { DecisionForm } from './DecisionForm'
import { labelName, reasonTypeName } from './decisions'
import type { ReportView } from './labelerModeration'
import type { Subjects } from './useSubjects'
import type { ModeratedLabeler } from './useModeratorAccess'

export interface ReportCardProps {
  report: ReportView
  subjects: Subjects
  labeler: ModeratedLabeler
  onDecided: (summary: string) => void
}

/** One open report: what was reported and by whom, what it carries now, and the decision on it. */
export function ReportCard({ report, subjects, labeler, onDecided }: ReportCardProps) {
  const reporter = subjects.handles.get(report.reportedBy)
  const inForce = report.labels.filter((l) => !l.neg)
  return (
    <li className="panel report-card" data-testid="report-card" data-report-id={report.id} data-subject={report.subject.uri}>
      <SubjectPreview report={report} subjects={subjects} />
      <div className="report-body">
        <p className="report-meta">
          <span className="report-reason-type" data-testid="report-reason-type">
            {reasonTypeName(report.reasonType)}
          </span>
          <span className="muted">
            {' '}
            · reported by <span data-testid="report-reporter">{reporter ? `@${reporter}` : report.reportedBy}</span> ·{' '}
            <time dateTime={report.createdAt}>{new Date(report.createdAt).toLocaleString()}</time>
          </span>
        </p>
        {report.reason && (
          <blockquote className="report-reason" data-testid="report-reason">
            {report.reason}
          </blockquote>
        )}
        <div className="report-labels">
          <span className="field-label">Labels in force</span>
          {inForce.length === 0 ? (
            <span className="muted" data-testid="report-no-labels">
              none
            </span>
          ) : (
            <ul className="chip-row" aria-label="Labels in force">
              {inForce.map((l) => (
                <li key={`${l.uri} ${l.val}`} className={`chip label-chip sev-${labeler.definitions.get(l.val)?.severity ?? 'alert'}`} data-testid="report-label" data-val={l.val}>
                  {labelName(l.val, labeler.definitions)}
                </li>
              ))}
            </ul>
          )}
        </div>
        <DecisionForm report={report} labeler={labeler} onDecided={onDecided} />
      </div>
    </li>
  )
}

/** The reported video (playable) or account; a record the appview does not serve is named by its URI. */
function SubjectPreview({ report, subjects }: { report: ReportView; subjects: Subjects }) {
  const uri = report.subject.uri
  if (report.subjectType === 'account') {
    const handle = subjects.handles.get(uri)
    return (
      <div className="report-subject report-subject-account" data-testid="report-subject">
        <span className="report-subject-kind">Account</span>
        <strong data-testid="report-subject-handle">{handle ? `@${handle}` : 'handle unknown'}</strong>
        <span className="mono muted">{uri}</span>
      </div>
    )
  }
  const video: VideoView | undefined = subjects.videos.get(uri)
  if (!video) {
    return (
      <div className="report-subject report-subject-record" data-testid="report-subject">
        <span className="report-subject-kind">Record</span>
        <span className="muted">{subjects.loading ? 'Loading…' : 'This appview does not serve it.'}</span>
        <span className="mono muted report-uri">{uri}</span>
      </div>
    )
  }
  const ratio = video.aspectRatio ? `${video.aspectRatio.width} / ${video.aspectRatio.height}` : '9 / 16'
  return (
    <div className="report-subject report-subject-video" data-testid="report-subject">
      <div className="depiction-preview" style={{ aspectRatio: ratio }}>
        <video src={video.playback.url} poster={video.playback.thumbnail} controls muted playsInline preload="none" aria-label={video.alt ?? video.text ?? 'Reported video'} />
      </div>
      <p className="report-creator">
        <span className="muted">by</span> <strong data-testid="report-creator">@{video.creator.handle}</strong>
      </p>
      {video.text && <p className="caption report-caption">{video.text}</p>}
    </div>
  )
}
