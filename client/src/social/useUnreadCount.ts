import { useCallback, useEffect, useState } from 'react'
import { useAppview } from '../api/AppviewContext'
import { useSession } from '../session/SessionContext'
import { decidedSince, fetchMyReports } from './reportOutcomes'
import { useReportLabelers } from './useReportLabelers'

/** How often the badge asks again while the tab is visible. */
const POLL_MS = 30_000

/**
 * The viewer's unread notifications count, polled while the page is visible; 0 when logged out.
 * It adds the viewer's reports that labelers decided since the same seen mark: only the reporter
 * may read those, so the client asks each labeler itself (the appview never learns who reported).
 */
export function useUnreadCount(): { count: number; refresh: () => void; clear: () => void } {
  const appview = useAppview()
  const { account } = useSession()
  const labelers = useReportLabelers()
  const [count, setCount] = useState(0)
  const refresh = useCallback(() => {
    if (!account) return setCount(0)
    Promise.all([appview.getUnreadCount(), fetchMyReports(account.auth, labelers)]).then(
      ([unread, reports]) => setCount(unread.count + decidedSince(reports, unread.seenAt)),
      () => undefined,
    )
  }, [appview, account, labelers])
  useEffect(() => {
    refresh()
    const timer = setInterval(() => document.visibilityState === 'visible' && refresh(), POLL_MS)
    document.addEventListener('visibilitychange', refresh)
    return () => {
      clearInterval(timer)
      document.removeEventListener('visibilitychange', refresh)
    }
  }, [refresh])
  return { count, refresh, clear: useCallback(() => setCount(0), []) }
}
