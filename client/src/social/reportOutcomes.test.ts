import { describe, expect, it } from 'vitest'
import { decidedSince, describeOutcome } from './reportOutcomes'

describe('describeOutcome', () => {
  it.each([
    [{ status: 'open', decision: [] }, 'still being reviewed'],
    [{ status: 'resolved', decision: [] }, 'decided with no action'],
    [{ status: 'resolved', decision: ['!takedown'] }, 'decided: it was taken down'],
    [{ status: 'resolved', decision: ['!hide', 'known-deepfake'] }, 'decided: it was hidden, it was labelled a known deepfake'],
    [{ status: 'resolved', decision: ['spam'] }, 'decided: labelled spam'],
  ])('%j → %s', (report, words) => {
    expect(describeOutcome(report)).toBe(words)
  })
})

const SEEN = '2026-03-01T12:00:00.000Z'

describe('decidedSince: report outcomes the badge counts', () => {
  it.each([
    ['decided after the mark', [{ status: 'resolved', resolvedAt: '2026-03-01T12:00:01.000Z' }], SEEN, 1],
    ['decided before the mark', [{ status: 'resolved', resolvedAt: '2026-03-01T11:59:59.000Z' }], SEEN, 0],
    ['decided at the mark', [{ status: 'resolved', resolvedAt: SEEN }], SEEN, 0],
    ['still open', [{ status: 'open' }], SEEN, 0],
    ['an appview that gives no mark', [{ status: 'resolved', resolvedAt: '2026-03-01T12:00:01.000Z' }], undefined, 0],
    [
      'several',
      [
        { status: 'resolved', resolvedAt: '2026-03-02T00:00:00.000Z' },
        { status: 'open' },
        { status: 'resolved', resolvedAt: '2026-03-03T00:00:00.000Z' },
      ],
      SEEN,
      2,
    ],
  ])('%s', (_name, reports, seenAt, expected) => {
    expect(decidedSince(reports as { status: string; resolvedAt?: string }[], seenAt)).toBe(expected)
  })
})
