import { useLoad } from '../api/useLoad'
import { useModeration } from '../labels/ModerationContext'
import { Link, videoPath } from '../routes'
import { useSession } from '../session/SessionContext'
import { describeOutcome, fetchMyReports, type MyReport } from './reportOutcomes'
import { useReportLabelers } from './useReportLabelers'

const NONE: MyReport[] = []

/**
 * "Your report was decided": the viewer's reports to their labelers, each with its outcome; those
 * decided since `seenAt` (when the viewer last looked at notifications) are marked new, as the
 * badge counted them.
 */
export function ReportOutcomes({ seenAt }: { seenAt?: string }) {
  const { account } = useSession()
  const moderation = useModeration()
  const labelers = useReportLabelers()
  const reports = useLoad(async () => (account ? fetchMyReports(account.auth, labelers) : NONE), [account, labelers], NONE)
  if (reports.data.length === 0) return null
  return (
    <section aria-labelledby="my-reports-title" className="my-reports">
      <h2 id="my-reports-title">Your reports</h2>
      <ul className="notification-list">
        {reports.data.map((r) => {
          const isNew = !!seenAt && r.status === 'resolved' && !!r.resolvedAt && r.resolvedAt > seenAt
          return (
            <li key={`${r.labeler} ${r.id}`} className={`notification${isNew ? ' is-unread' : ''}`} data-testid="report-outcome" data-status={r.status} data-new={isNew}>
              <p>
                Your report to {moderation.labelerName(r.labeler)} about{' '}
                {r.subject.includes('/app.framewright.video.post/') ? <Link to={videoPath(r.subject)}>a video</Link> : 'a post or account'} was{' '}
                {r.status === 'resolved' ? describeOutcome(r) : 'received; it is still being reviewed'}.
                {isNew && <span className="visually-hidden"> (new)</span>}
              </p>
              <time className="muted" dateTime={r.resolvedAt ?? r.createdAt}>
                {new Date(r.resolvedAt ?? r.createdAt).toLocaleString()}
              </time>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
