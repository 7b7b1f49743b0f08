import { describe, expect, it } from 'vitest'
import { breakDue, MAX_TICK_GAP_MS, START_CLOCK, tickWatchClock, type WatchClock } from './breakReminder'

/** Runs ticks of [ms since start, watching?] and returns the clock. */
function run(ticks: [number, boolean][]): WatchClock {
  return ticks.reduce((clock, [at, watching]) => tickWatchClock(clock, at, watching), START_CLOCK)
}

const everySecond = (fromS: number, toS: number, watching = true): [number, boolean][] =>
  Array.from({ length: toS - fromS + 1 }, (_, i) => [(fromS + i) * 1000, watching])

describe('break reminder clock', () => {
  it.each<[string, [number, boolean][], number]>([
    ['nothing before the first tick', [[5_000, true]], 0],
    ['a minute of watching', everySecond(0, 60), 60_000],
    ['time not watching does not count', [...everySecond(0, 30), ...everySecond(31, 90, false), ...everySecond(91, 121)], 60_000],
    ['a long gap (sleep) counts as one tick at most', [[0, true], [3_600_000, true]], MAX_TICK_GAP_MS],
    ['a clock that goes backwards adds nothing', [[10_000, true], [5_000, true]], 0],
  ])('%s', (_name, ticks, watchedMs) => {
    expect(run(ticks).watchedMs).toBe(watchedMs)
  })

  it.each<[string, number, number | undefined, boolean]>([
    ['no reminder set', 99 * 60_000, undefined, false],
    ['not yet', 19 * 60_000 + 59_000, 20, false],
    ['exactly due', 20 * 60_000, 20, true],
    ['overdue', 45 * 60_000, 20, true],
  ])('due: %s', (_name, watchedMs, minutes, due) => {
    expect(breakDue({ watchedMs }, minutes)).toBe(due)
  })
})
