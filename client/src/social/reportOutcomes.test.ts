import { describe, expect, it } from 'vitest'
import { describeOutcome } from './reportOutcomes'

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
