import { useCallback, useEffect, useState } from 'react'
import { breakDue, START_CLOCK, tickWatchClock, type WatchClock } from './breakReminder'

const TICK_MS = 1_000

/**
 * Counts the minutes the viewer spends watching (while `watching` and the tab is visible) and says
 * when a break is due; dismissing it starts the count again.
 */
export function useBreakReminder(reminderMinutes: number | undefined, watching: boolean): { due: boolean; watchedMinutes: number; dismiss(): void } {
  const [clock, setClock] = useState<WatchClock>(START_CLOCK)
  const enabled = reminderMinutes !== undefined

  useEffect(() => {
    if (!enabled) return
    const tick = () => setClock((c) => tickWatchClock(c, Date.now(), watching && document.visibilityState === 'visible'))
    tick()
    const timer = setInterval(tick, TICK_MS)
    return () => clearInterval(timer)
  }, [enabled, watching])

  const dismiss = useCallback(() => setClock(START_CLOCK), [])
  return { due: breakDue(clock, reminderMinutes), watchedMinutes: Math.floor(clock.watchedMs / 60_000), dismiss }
}
