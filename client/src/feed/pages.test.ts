import { describe, expect, it } from 'vitest'
import type { FeedItem } from '../api/types'
import { appendPage, applyFreshViews } from './pages'

const item = (uri: string, feedContext?: string) => ({ video: { uri }, feedContext }) as unknown as FeedItem

describe('appendPage', () => {
  it.each([
    { name: 'first page', items: [], page: ['a', 'b'], expected: ['a', 'b'] },
    { name: 'next page', items: ['a'], page: ['b', 'c'], expected: ['a', 'b', 'c'] },
    { name: 'repeats across pages are dropped', items: ['a', 'b'], page: ['b', 'c'], expected: ['a', 'b', 'c'] },
    { name: 'repeats within a page are dropped', items: [], page: ['a', 'a'], expected: ['a'] },
    { name: 'empty page', items: ['a'], page: [], expected: ['a'] },
  ])('$name', ({ items, page, expected }) => {
    expect(
      appendPage(
        items.map((u) => item(u)),
        page.map((u) => item(u)),
      ).map((i) => i.video.uri),
    ).toEqual(expected)
  })

  it('keeps the first feedContext of a repeated video', () => {
    expect(appendPage([item('a', 'first')], [item('a', 'second')])[0]?.feedContext).toBe('first')
  })
})

describe('applyFreshViews', () => {
  const fresh = (...uris: string[]) => new Map(uris.map((u) => [u, { uri: u, fresh: true } as unknown as FeedItem['video']]))
  it.each([
    { name: 'all still there: each gets its fresh view', items: ['a', 'b'], asked: ['a', 'b'], got: ['a', 'b'], expected: ['a+', 'b+'] },
    { name: 'one taken down is dropped', items: ['a', 'b', 'c'], asked: ['a', 'b', 'c'], got: ['a', 'c'], expected: ['a+', 'c+'] },
    { name: 'items not asked for stay as they were', items: ['a', 'b', 'c'], asked: ['b'], got: [], expected: ['a', 'c'] },
    { name: 'an answer about an item no longer loaded adds nothing', items: ['a'], asked: ['a', 'z'], got: ['a', 'z'], expected: ['a+'] },
  ])('$name', ({ items, asked, got, expected }) => {
    const out = applyFreshViews(items.map((u) => item(u)), asked, fresh(...got))
    expect(out.map((i) => i.video.uri + ((i.video as unknown as { fresh?: boolean }).fresh ? '+' : ''))).toEqual(expected)
  })

  it('keeps the feedContext of a refreshed item', () => {
    expect(applyFreshViews([item('a', 'why')], ['a'], fresh('a'))[0]?.feedContext).toBe('why')
  })
})
