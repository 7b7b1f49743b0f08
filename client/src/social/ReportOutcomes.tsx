import { useLoad } from '../api/useLoad'
import { useLabelPrefs } from '../labels/LabelPrefsContext'
import { useModeration } from '../labels/ModerationContext'
import { Link, videoPath } from '../routes'
import { useSession } from '../session/SessionContext'
import { describeOutcome, fetchMyReports, type MyReport } from './reportOutcomes'

const NONE: MyReport[] = []

/** "Your report was decided": the viewer's reports to their labelers, each with its outcome. */
export function ReportOutcomes() {
  const { account } = useSession()
  const { acceptedLabelers } = useLabelPrefs()
  const moderation = useModeration()
  const labelers = acceptedLabelers.flatMap((did) => {
    const endpoint = moderation.labelerEndpoint(did)
    return endpoint ? [{ did, endpoint }] : []
  })
  const key = labelers.map((l) => `${l.did}@${l.endpoint}`).join(' ')
  const reports = useLoad(async () => (account ? fetchMyReports(account.auth, labelers) : NONE), [account, key], NONE)
  if (reports.data.length === 0) return null
  return (
    <section aria-labelledby="my-reports-title" className="my-reports">
      <h2 id="my-reports-title">Your reports</h2>
      <ul className="notification-list">
        {reports.data.map((r) => (
          <li key={`${r.labeler} ${r.id}`} className="notification" data-testid="report-outcome" data-status={r.status}>
            <p>
              Your report to {moderation.labelerName(r.labeler)} about{' '}
              {r.subject.includes('/app.framewright.video.post/') ? <Link to={videoPath(r.subject)}>a video</Link> : 'a post or account'} was{' '}
              {r.status === 'resolved' ? describeOutcome(r) : 'received; it is still being reviewed'}.
            </p>
            <time className="muted" dateTime={r.resolvedAt ?? r.createdAt}>
              {new Date(r.resolvedAt ?? r.createdAt).toLocaleString()}
            </time>
          </li>
        ))}
      </ul>
    </section>
  )
}
