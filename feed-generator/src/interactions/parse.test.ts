import { describe, expect, it } from 'vitest'
import { InvalidInteractionItem, MAX_INTERACTIONS_PER_CALL, parseInteractions, repoOf, TooManyInteractions } from './parse'

const post = 'at://did:plc:maker/app.bsky.feed.post/3kabc'
const other = 'at://did:web:localhost%3A2583/app.framewright.video.post/3kdef'
const less = 'app.bsky.feed.defs#requestLess'
const more = 'app.bsky.feed.defs#requestMore'

describe('parseInteractions', () => {
  it.each<[string, { item?: string; event?: string }[], { item: string; event: string }[]]>([
    ['requestLess and requestMore steer', [{ item: post, event: less }, { item: other, event: more }], [{ item: post, event: 'less' }, { item: other, event: 'more' }]],
    ['interactionSeen is dropped: we never rank by watch time', [{ item: post, event: 'app.bsky.feed.defs#interactionSeen' }], []],
    ['other known events are dropped', [{ item: post, event: 'app.bsky.feed.defs#interactionLike' }, { item: post, event: 'app.bsky.feed.defs#clickthroughItem' }], []],
    ['unknown events are ignored', [{ item: post, event: 'com.example#requestLess' }, { item: post, event: 'requestLess' }, { item: post }], []],
    ['an interaction without an item is ignored', [{ event: less }], []],
    ['the last word about an item in a batch wins', [{ item: post, event: less }, { item: post, event: more }], [{ item: post, event: 'more' }]],
  ])('%s', (_name, input, expected) => {
    expect(parseInteractions(input)).toEqual(expected)
  })

  it.each([
    ['not an at-uri', 'https://example.com/post/1'],
    ['no record key', 'at://did:plc:maker/app.bsky.feed.post'],
    ['a handle, not a DID', 'at://alice.test/app.bsky.feed.post/3kabc'],
    ['empty', ''],
    ['a record key with a slash', 'at://did:plc:maker/app.bsky.feed.post/a/b'],
  ])('a malformed item (%s) is InvalidItem, whatever its event', (_name, item) => {
    expect(() => parseInteractions([{ item, event: 'app.bsky.feed.defs#interactionSeen' }])).toThrow(InvalidInteractionItem)
    expect(() => parseInteractions([{ item, event: less }])).toThrow(expect.objectContaining({ name: 'InvalidItem' }))
  })

  it('refuses an oversized batch', () => {
    const batch = Array.from({ length: MAX_INTERACTIONS_PER_CALL + 1 }, () => ({ item: post, event: less }))
    expect(() => parseInteractions(batch)).toThrow(TooManyInteractions)
    expect(parseInteractions(batch.slice(1))).toHaveLength(1)
  })

  it('names the repo an item lives in', () => {
    expect(repoOf(post)).toBe('did:plc:maker')
    expect(repoOf(other)).toBe('did:web:localhost%3A2583')
  })
})
