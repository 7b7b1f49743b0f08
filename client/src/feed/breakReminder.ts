/**
 * How long the viewer has been watching, counted from ticks rather than wall-clock spans: time
 * only counts while they watch, and a long gap between ticks (a sleeping laptop) counts as one tick.
 */
export interface WatchClock {
  watchedMs: number
  /** When the last tick that saw the viewer watching happened; undefined while they are not. */
  lastTickMs?: number
}

/** The longest gap between two ticks that still counts as watching all along. */
export const MAX_TICK_GAP_MS = 15_000

export const START_CLOCK: WatchClock = { watchedMs: 0 }

/** Advances the clock to `nowMs`. */
export function tickWatchClock(clock: WatchClock, nowMs: number, watching: boolean): WatchClock {
  if (!watching) return { watchedMs: clock.watchedMs }
  const gap = clock.lastTickMs === undefined ? 0 : Math.min(Math.max(0, nowMs - clock.lastTickMs), MAX_TICK_GAP_MS)
  return { watchedMs: clock.watchedMs + gap, lastTickMs: nowMs }
}

/** Whether a break is due: a reminder is set and that many minutes have been watched. */
export function breakDue(clock: WatchClock, reminderMinutes: number | undefined): boolean {
  return reminderMinutes !== undefined && reminderMinutes > 0 && clock.watchedMs >= reminderMinutes * 60_000
}
