import { describe, expect, it } from 'vitest'
import type { FeedItem } from '../api/types'
import { appendPage } from './pages'

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
