import { describe, expect, it } from 'vitest'
import type { CopyMatchFact } from '../fingerprint/store'
import { knownCopyFindings } from './known-copy'

const COPY = 'at://did:plc:carol/app.bsky.feed.post/3kcopy'
const ORIGINAL = 'at://did:plc:mallory/app.framewright.video.post/3korig'
const OTHER = 'at://did:plc:mallory/app.framewright.video.post/3kother'

const match = (over: Partial<CopyMatchFact>): CopyMatchFact => ({
  subjectUri: COPY,
  sourceUri: ORIGINAL,
  val: 'known-deepfake',
  matchedFrames: 9,
  probeFrames: 12,
  meanDistance: 4.5,
  mirrored: false,
  offsetMs: 0,
  matchedAt: '2026-01-01T00:00:00.000Z',
  ...over,
})

describe('knownCopyFindings', () => {
  it('gives a copy its original\'s value, naming the original and how it matched', () => {
    const [finding, ...rest] = knownCopyFindings(COPY, [match({ mirrored: true })], new Map([['did:plc:mallory', 'mallory.test']]))
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ val: 'known-deepfake', evidence: { original: ORIGINAL, matchedFrames: 9, probeFrames: 12, mirrored: true } })
    expect(finding!.reason).toContain(`A copy of ${ORIGINAL} by mallory.test`)
    expect(finding!.reason).toContain('9 of 12 sampled frames match it mirrored')
  })

  it('gives each copied value once, from the closest original', () => {
    const findings = knownCopyFindings(COPY, [
      match({ sourceUri: OTHER, matchedFrames: 6 }),
      match({ matchedFrames: 11 }),
      match({ val: '!takedown', sourceUri: OTHER }),
    ])
    expect(findings.map((f) => [f.val, (f.evidence as { original: string }).original])).toEqual([
      ['known-deepfake', ORIGINAL],
      ['!takedown', OTHER],
    ])
  })

  it.each<[string, CopyMatchFact]>([
    ['another subject\'s match', match({ subjectUri: OTHER })],
    ['a match with itself', match({ subjectUri: ORIGINAL })],
    ['a value that is not copied', match({ val: '!hide' })],
  ])('ignores %s', (_name, m) => {
    expect(knownCopyFindings(m.subjectUri === ORIGINAL ? ORIGINAL : COPY, [m])).toEqual([])
  })

  it('finds nothing without matches (a lifted original leaves none)', () => {
    expect(knownCopyFindings(COPY, [])).toEqual([])
  })
})
