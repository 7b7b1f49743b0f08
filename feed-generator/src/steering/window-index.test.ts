import { describe, expect, it } from 'vitest'
import { pageAfter, rankWindow } from '../algos/steered'
import { foldInteractions, NO_INTERACTIONS } from '../interactions/effect'
import type { WindowItem } from './candidates'
import { parseInstruction } from './instruction'
import { neutralSteering, weightsFromBasisPoints, type Steering } from './score'
import { indexWindow, steeredPageOf } from './window-index'
import { tagColumn, wordColumn } from './words'

const TOPICS = ['animation', 'politic', 'cat', 'ocean', 'horror', 'origami', 'jazz', 'sunset']

/** A deterministic pseudo-random window: many equal times on purpose, so ties are broken by uri. */
function windowOf(size: number, seed: number): WindowItem[] {
  let x = seed
  const rand = (n: number) => ((x = (x * 1_103_515_245 + 12_345) % 2_147_483_648), x % n)
  return Array.from({ length: size }, (_, n) => ({
    uri: `at://did:plc:c${n % 7}/app.framewright.video.post/${String(n).padStart(4, '0')}`,
    post: `at://did:plc:c${n % 7}/app.bsky.feed.post/${n}`,
    creator: `did:plc:c${rand(7)}`,
    madeAt: 1_764_000_000_000 + 3_600_000 * rand(40),
    isRemix: rand(3) === 0,
    newCreator: rand(5) === 0,
    remixCount: rand(9),
    tags: tagColumn([TOPICS[rand(8)]!, rand(2) ? 'Sunset Beach' : TOPICS[rand(8)]!]),
    words: wordColumn([TOPICS[rand(8)]!, TOPICS[rand(8)]!, 'paper', 'boat']),
  }))
}

const steerings: [string, Steering][] = [
  ['neutral', neutralSteering()],
  [
    'an instruction, muted tags, follows and weights',
    {
      ...neutralSteering(new Set(['did:plc:c1', 'did:plc:c4'])),
      instruction: parseInstruction('more animation and origami, less politics, no horror'),
      mutedTags: ['cat', 'sunset beach'],
      weights: weightsFromBasisPoints({ remixes: 8000, freshness: 6000, following: 2500 }),
    },
  ],
  [
    'interactions: less and more of creators and tags, and hidden items',
    {
      ...neutralSteering(new Set(['did:plc:c2'])),
      instruction: parseInstruction('more jazz, less ocean'),
      interactions: foldInteractions([
        { item: 'at://did:plc:c5/app.bsky.feed.post/5', videoUri: 'at://did:plc:c5/app.framewright.video.post/0005', creator: 'did:plc:c3', creatorLabel: '@c3', tags: '|jazz|ocean|', event: 'less' },
        { item: 'at://did:plc:c0/app.bsky.feed.post/9', videoUri: null, creator: 'did:plc:c5', creatorLabel: '@c5', tags: '|cat|sunset beach|animation|origami|', event: 'more' },
        // Hidden by its post alone: the client sent the item, which we did not resolve to a video.
        { item: 'at://did:plc:c3/app.bsky.feed.post/17', videoUri: null, creator: 'did:plc:c6', creatorLabel: '@c6', tags: '|', event: 'less' },
      ]),
    },
  ],
  [
    // The page's contexts are written from what the scoring loop found: every part of the sentence at once.
    'everything at once: weights, follows, an instruction, muted tags and interactions',
    {
      ...neutralSteering(new Set(['did:plc:c1', 'did:plc:c5'])),
      instruction: parseInstruction('more animation, paper and origami, less politics and boats, no horror'),
      mutedTags: ['ocean'],
      weights: weightsFromBasisPoints({ remixes: 5000, newCreators: 0 }),
      interactions: foldInteractions([
        { item: 'at://did:plc:c2/app.bsky.feed.post/2', videoUri: null, creator: 'did:plc:c1', creatorLabel: '@c1', tags: '|jazz|sunset beach|', event: 'less' },
        { item: 'at://did:plc:c4/app.bsky.feed.post/4', videoUri: null, creator: 'did:plc:c4', creatorLabel: '@c4', tags: '|cat|', event: 'more' },
      ]),
    },
  ],
  [
    // Interactions that only hide: no score moves, and no sentence says so.
    'interactions that only hide items',
    {
      ...neutralSteering(),
      interactions: { ...NO_INTERACTIONS, hidden: new Set(['at://did:plc:c3/app.bsky.feed.post/3', 'at://did:plc:c4/app.framewright.video.post/0011']) },
    },
  ],
]

describe('steeredPageOf', () => {
  const items = windowOf(400, 7)
  const indexed = indexWindow(items)

  it.each(steerings)('walks the same pages, with the same scores and contexts, as ranking the whole window (%s)', (_name, steering) => {
    const ranked = rankWindow(items, steering)
    for (const limit of [1, 7, 30, 100]) {
      let after: { rank: number; uri: string } | undefined
      for (let page = 0; page < 500; page++) {
        const expected = pageAfter(ranked, after, limit)
        const got = steeredPageOf(indexed, steering, after, limit)
        expect(got).toEqual(expected)
        const last = got.items.at(-1)
        if (!got.more || !last) break
        after = { rank: last.score, uri: last.uri }
      }
    }
  })

  it('leaves out what the viewer hid, by video or by post, and what they muted', () => {
    const page = (s: Steering) => new Set(steeredPageOf(indexed, s, undefined, 400).items.map((i) => i.uri))
    const hidden = page(steerings[2]![1])
    expect([hidden.has(items[5]!.uri), hidden.has(items[17]!.uri), hidden.has(items[6]!.uri)]).toEqual([false, false, true])
    const muted = page(steerings[1]![1])
    const cats = items.filter((c) => c.tags.includes('|cat|') || c.tags.includes('|sunset beach|') || c.words.includes(' horror '))
    expect(cats.length).toBeGreaterThan(0)
    expect(cats.filter((c) => muted.has(c.uri))).toEqual([])
    expect(muted.size).toBe(items.length - cats.length)
  })

  it.each(steerings)('pages from where a cursor was when its item has left the window, ties of score included (%s)', (_name, steering) => {
    const ranked = rankWindow(items, steering)
    // Cursors at items' scores with URIs no item has: just before, just after and between items' URIs.
    for (const at of [0, 1, 29, 30, 31, 150, ranked.length - 2]) {
      const item = ranked[at]!
      for (const uri of [`${item.uri}0`, item.uri.slice(0, -1), 'at://', 'at://~']) {
        const after = { rank: item.score, uri }
        expect(steeredPageOf(indexed, steering, after, 30)).toEqual(pageAfter(ranked, after, 30))
      }
    }
  })

  it('a cursor past every item is an empty last page', () => {
    expect(steeredPageOf(indexed, neutralSteering(), { rank: -1, uri: 'at://' }, 10)).toEqual({ items: [], more: false })
  })
})
