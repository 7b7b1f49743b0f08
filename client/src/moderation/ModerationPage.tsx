import type { Agent } from '@atproto/api'
import { useCallback, useState } from 'react'
import { useSession } from '../session/SessionContext'
import { ErrorNote } from '../ui/ErrorNote'
import { ReportCard } from './ReportCard'
import type { ModeratedLabeler, ModeratorAccess } from './useModeratorAccess'
import { useReportQueue } from './useReportQueue'
import { useSubjects } from './useSubjects'

/** The moderators' page: the labeler's open reports, and a decision on each. */
export function ModerationPage({ access }: { access: ModeratorAccess }) {
  const { account } = useSession()
  if (!account || !access.labeler) {
    return (
      <section className="page moderation-page">
        <div className="panel center-panel" data-testid="moderation-denied">
          <h1>Moderation</h1>
          <p>{access.checking ? 'Asking the labeler whether you moderate it…' : 'This page is for the labeler’s moderators. Log in with a moderator’s account to see its reports.'}</p>
        </div>
      </section>
    )
  }
  // Keyed by moderator and labeler: another login starts from a fresh queue.
  return <Queue key={`${account.did} ${access.labeler.client.did}`} labeler={access.labeler} agent={account.agent} />
}

function Queue({ labeler, agent }: { labeler: ModeratedLabeler; agent: Agent }) {
  const queue = useReportQueue(labeler.client)
  const subjects = useSubjects(queue.reports, agent)
  const [done, setDone] = useState<string>()
  const { refresh } = queue
  const decided = useCallback(
    (summary: string) => {
      setDone(summary)
      refresh()
    },
    [refresh],
  )

  return (
    <section className="page moderation-page" aria-labelledby="moderation-title" data-testid="moderation-page">
      <div className="section-head">
        <h1 id="moderation-title">Moderation</h1>
        <button type="button" className="btn btn-small" data-testid="moderation-refresh" disabled={queue.loading} onClick={refresh}>
          {queue.loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      <p className="lede">
        Open reports sent to {labeler.name}, newest first. Your decisions are signed labels that every client accepting this labeler applies, and your
        reason is public.
      </p>
      <p className="moderation-done" role="status" data-testid="moderation-done">
        {done}
      </p>
      <ErrorNote error={queue.error && `Could not load reports: ${queue.error}`} onRetry={refresh} />
      {queue.reports.length === 0 && !queue.loading && !queue.error && (
        <p className="panel empty-state" data-testid="moderation-empty">
          No open reports. When someone reports a video or an account to this labeler, it shows up here.
        </p>
      )}
      {queue.reports.length === 0 && queue.loading && <p className="muted">Loading reports…</p>}
      <ul className="report-list" aria-label="Open reports">
        {queue.reports.map((r) => (
          <ReportCard key={r.id} report={r} subjects={subjects} labeler={labeler} onDecided={decided} />
        ))}
      </ul>
      {queue.hasMore && (
        <button type="button" className="btn" data-testid="moderation-more" disabled={queue.loading} onClick={queue.loadMore}>
          {queue.loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  )
}
