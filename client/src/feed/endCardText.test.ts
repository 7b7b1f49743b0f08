import { describe, expect, it } from 'vitest'
import { endCardText, timeUntil } from './endCardText'

const NOW = Date.parse('2026-11-25T20:40:00Z')
const base = { feedName: 'Fresh', loggedIn: true, seen: 5, hidden: 0, now: NOW, formatTime: (ms: number) => new Date(ms).toISOString().slice(11, 16) }
const limit = { reason: 'dailyLimit', servedToday: 12, dailyLimit: 12, resetsAt: '2026-11-26T00:00:00.000Z' }

describe('the end card says why the feed ended', () => {
  it.each([
    ['the daily limit, with the count and the reset', { end: limit }, 'dailyLimit', "That's all for today", "You've watched 12 videos today, your daily limit of 12, across all feeds. They start again at 00:00 (in 3 h 20 min)."],
    ['the daily limit reached in another feed: this one shows nothing, still not "empty"', { end: limit, seen: 0 }, 'dailyLimit', "That's all for today", '12 videos today'],
    ['a personal feed, logged out', { end: { reason: 'authRequired' }, loggedIn: false, seen: 0 }, 'authRequired', 'Log in to see Fresh', 'Log in'],
    ['a truly empty feed', { seen: 0 }, 'empty', 'Nothing here yet', 'Go make the first one.'],
    ['everything hidden is not empty', { seen: 0, hidden: 2 }, 'caughtUp', "You're all caught up", 'for now'],
    ['a feed that ran out', {}, 'caughtUp', "You're all caught up", 'for now'],
  ] as const)('%s', (_name, over, kind, title, body) => {
    const text = endCardText({ ...base, ...(over as object) })
    expect(text.kind).toBe(kind)
    expect(text.title).toBe(title)
    expect(text.body).toContain(body)
    if (kind !== 'empty') expect(text.body).not.toContain('make the first one')
  })

  it.each([
    [30_000, 'in under a minute'],
    [45 * 60_000, 'in 45 min'],
    [3 * 3_600_000, 'in 3 h'],
    [3 * 3_600_000 + 20 * 60_000, 'in 3 h 20 min'],
  ])('time until a reset %i ms away is "%s"', (ms, text) => {
    expect(timeUntil(NOW + ms, NOW)).toBe(text)
  })
})
