import { describe, expect, it } from 'vitest'
import { neutralSteering, type Candidate } from '../steering/score'
import { wordColumn } from '../steering/words'
import { decodeCursor, encodeCursor } from './cursor'
import { pageAfter, rankWindow, type ScoredItem } from './steered'

const candidate = (n: number, madeAt: number, words = ''): Candidate & { post: string } => ({
  uri: `at://did:plc:c/app.framewright.video.post/${String(n).padStart(3, '0')}`,
  post: `at://did:plc:c/app.bsky.feed.post/${n}`,
  creator: 'did:plc:c',
  madeAt,
  isRemix: false,
  newCreator: false,
  remixCount: 0,
  tags: '|',
  words: wordColumn(words.split(' ').filter(Boolean)),
})

/** Pages through a ranked window the way a client does: each cursor comes from the last page. */
function walk(ranked: ScoredItem[], limit: number): string[] {
  const seen: string[] = []
  let cursor: string | undefined
  for (let i = 0; i < 100; i++) {
    const { items, more } = pageAfter(ranked, cursor ? decodeCursor(cursor) : undefined, limit)
    seen.push(...items.map((x) => x.uri))
    const last = items.at(-1)
    if (!more || !last) return seen
    cursor = encodeCursor({ rank: last.score, uri: last.uri })
  }
  throw new Error('never ended')
}

describe('steered paging', () => {
  // Many equal scores on purpose: the uri tiebreaker must hold across page boundaries.
  const window = Array.from({ length: 23 }, (_, n) => candidate(n, 1_000 * Math.floor(n / 4)))
  const ranked = rankWindow(window, neutralSteering())

  it('orders by score, then uri, descending', () => {
    const keys = ranked.map((r) => [r.score, r.uri] as const)
    expect(keys).toEqual([...keys].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1)))
  })

  it.each([1, 2, 3, 4, 5, 7, 23, 50])('pages of %i visit every item once, in order', (limit) => {
    expect(walk(ranked, limit)).toEqual(ranked.map((r) => r.uri))
  })

  it.each<[string, number, number, boolean]>([
    ['first page, more to come', -1, 5, true],
    ['a page that ends exactly at the end', 17, 5, false],
    ['after the last item', 22, 5, false],
  ])('%s', (_name, afterIndex, limit, more) => {
    const after = afterIndex < 0 ? undefined : { rank: ranked[afterIndex]!.score, uri: ranked[afterIndex]!.uri }
    const page = pageAfter(ranked, after, limit)
    expect(page.more).toBe(more)
    expect(page.items[0]?.uri).toBe(ranked[afterIndex + 1]?.uri)
  })

  it('a cursor item that left the window (muted since) does not lose our place', () => {
    const cut = ranked[6]!
    const without = ranked.filter((r) => r.uri !== cut.uri)
    const { items } = pageAfter(without, { rank: cut.score, uri: cut.uri }, 3)
    expect(items.map((i) => i.uri)).toEqual(ranked.slice(7, 10).map((r) => r.uri))
  })

  it('steering reorders the window: a boosted older video comes first', () => {
    const older = candidate(1, 1_000, 'animation')
    const newer = candidate(2, 2_000, 'politics')
    const s = { ...neutralSteering(), instruction: { boost: [{ text: 'animation', word: 'animation' }], penalise: [], mute: [], ignored: [] } }
    expect(rankWindow([newer, older], s).map((r) => r.uri)).toEqual([older.uri, newer.uri])
    expect(rankWindow([newer, older], neutralSteering()).map((r) => r.uri)).toEqual([newer.uri, older.uri])
  })
})
