import { describe, expect, it } from 'vitest'
import { BONUS } from '../ranking/creation-first'
import { foldInteractions, INTERACTION_STEER } from '../interactions/effect'
import { parseInstruction } from './instruction'
import { MAX_CONTEXT_CHARS, neutralSteering, steeredScore, STEER, weightsFromBasisPoints, type Candidate, type Steering } from './score'
import { tagColumn, wordColumn, wordsOf } from './words'

const T = 1_764_000_000_000
const base: Candidate = {
  uri: 'at://did:plc:maker/app.framewright.video.post/1',
  creator: 'did:plc:maker',
  madeAt: T,
  isRemix: false,
  newCreator: false,
  remixCount: 0,
  tags: tagColumn(['Animation', 'sunset beach']),
  words: wordColumn(wordsOf('Animation sunset beach', 'paper boats sailing through clouds', 'My first video')),
}
const steer = (s: Partial<Steering> & { text?: string } = {}): Steering => ({
  ...neutralSteering(),
  ...s,
  instruction: parseInstruction(s.text),
})

describe('steeredScore', () => {
  it.each<[string, Partial<Candidate>, Steering, { score: number; context: string } | undefined]>([
    ['neutral steering is the shared creation-first rank', { isRemix: true }, steer(), { score: T + BONUS.remix, context: 'Recent, a remix.' }],
    ['a muted tag leaves the video out, whatever its case', {}, steer({ mutedTags: ['animation'] }), undefined],
    ['a muted tag with spaces matches the whole tag only', {}, steer({ mutedTags: ['beach'] }), { score: T, context: 'Recent.' }],
    ['"no X" leaves out videos whose words hold X', {}, steer({ text: 'no boats' }), undefined],
    [
      'a boosted word lifts it and says so',
      {},
      steer({ text: 'more paper boats, less jazz' }),
      { score: T + 2 * STEER.perBoostedWord, context: 'Recent. Boosted: paper, boats (your steering).' },
    ],
    ['a lowered word drops it and says so', {}, steer({ text: 'less sunset' }), { score: T - STEER.perLoweredWord, context: 'Recent. Lowered: sunset (your steering).' }],
    [
      'following gives a bonus for people the viewer follows',
      {},
      steer({ follows: new Set(['did:plc:maker']) }),
      { score: T + BONUS.following, context: 'Recent, from someone you follow.' },
    ],
    [
      'weights scale each bonus',
      { isRemix: true, newCreator: true, remixCount: 2 },
      steer({ weights: weightsFromBasisPoints({ remixes: 5000, newCreators: 0 }) }),
      { score: T + (BONUS.remix + 2 * BONUS.perRemixReceived) / 2, context: 'Recent, a remix, remixed 2 times. Weighted by your feed settings.' },
    ],
    [
      'freshness scales time itself',
      {},
      steer({ weights: weightsFromBasisPoints({ freshness: 2500 }) }),
      { score: T / 4, context: 'Recent. Weighted by your feed settings.' },
    ],
  ])('%s', (_name, facts, steering, expected) => {
    expect(steeredScore({ ...base, ...facts }, steering)).toEqual(expected)
  })

  it('with freshness off, a boosted old video beats a plain new one', () => {
    const s = steer({ text: 'more animation', weights: weightsFromBasisPoints({ freshness: 0 }) })
    const old = steeredScore({ ...base, madeAt: T - 30 * 86_400_000 }, s)!
    const fresh = steeredScore({ ...base, words: wordColumn(['cat']) }, s)!
    expect(old.score).toBeGreaterThan(fresh.score)
  })

  it('keeps feedContext within the limit however long the instruction', () => {
    const words = Array.from({ length: 20 }, (_, i) => `${'x'.repeat(150)}${i}`)
    const c = { ...base, words: wordColumn(words) }
    const context = steeredScore(c, steer({ text: `more ${words.join(' ')}` }))!.context
    expect(context.length).toBeLessThanOrEqual(MAX_CONTEXT_CHARS)
  })

  it.each<[string, Parameters<typeof weightsFromBasisPoints>[0], number]>([
    ['missing is the default', {}, 1],
    ['null is the default', { remixes: null }, 1],
    ['basis points are a factor', { remixes: 2500 }, 0.25],
    ['out of range is clamped', { remixes: 50_000 }, 1],
  ])('weights: %s', (_name, bp, factor) => {
    expect(weightsFromBasisPoints(bp).remixes).toBe(factor)
  })

  it('applies the viewer’s interactions after their steering: less of a creator lowers them and says so; the item itself is gone', () => {
    const interactions = foldInteractions([
      { item: 'at://did:plc:maker/app.bsky.feed.post/9', videoUri: 'at://did:plc:maker/app.framewright.video.post/9', creator: 'did:plc:maker', creatorLabel: '@maker.test', tags: '|', event: 'less' },
    ])
    expect(steeredScore(base, steer({ text: 'more boats', interactions }))).toEqual({
      score: T + STEER.perBoostedWord - INTERACTION_STEER.lessCreator,
      context: 'Recent. Boosted: boats (your steering). Less like this: you asked for less from @maker.test.',
    })
    expect(steeredScore({ ...base, uri: 'at://did:plc:maker/app.framewright.video.post/9' }, steer({ interactions }))).toBeUndefined()
  })
})
