import { describe, expect, it } from 'vitest'
import { parseFeedEnd } from './feed-end'

describe('parseFeedEnd', () => {
  it.each([
    ['no header', undefined, undefined],
    ['not JSON', 'daily', undefined],
    ['sign in', '{"reason":"authRequired"}', { reason: 'authRequired' }],
    [
      'daily limit',
      '{"reason":"dailyLimit","servedToday":12,"dailyLimit":12,"resetsAt":"2026-11-26T00:00:00.000Z"}',
      { reason: 'dailyLimit', servedToday: 12, dailyLimit: 12, resetsAt: '2026-11-26T00:00:00.000Z' },
    ],
    ['a negative count', '{"reason":"dailyLimit","servedToday":-1,"dailyLimit":12,"resetsAt":"2026-11-26T00:00:00Z"}', undefined],
    ['a fractional count', '{"reason":"dailyLimit","servedToday":1.5,"dailyLimit":12,"resetsAt":"2026-11-26T00:00:00Z"}', undefined],
    ['no reset time', '{"reason":"dailyLimit","servedToday":1,"dailyLimit":12}', undefined],
    ['a reason we do not know', '{"reason":"bored"}', undefined],
    ['an array', '[1]', undefined],
  ])('%s', (_name, header, expected) => {
    expect(parseFeedEnd(header)).toEqual(expected)
  })
})
