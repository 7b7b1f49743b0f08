import { useCallback, useEffect, useState } from 'react'
import { useAppview } from '../api/AppviewContext'
import { useSession } from '../session/SessionContext'

/** How often the badge asks again while the tab is visible. */
const POLL_MS = 30_000

/** The viewer's unread notifications count, polled while the page is visible; 0 when logged out. */
export function useUnreadCount(): { count: number; refresh: () => void; clear: () => void } {
  const appview = useAppview()
  const { account } = useSession()
  const [count, setCount] = useState(0)
  const refresh = useCallback(() => {
    if (!account) return setCount(0)
    appview.getUnreadCount().then(setCount, () => undefined)
  }, [appview, account])
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
