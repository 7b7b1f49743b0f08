import { describe, expect, it } from 'vitest'
import type { FeedItem } from '../api/types'
import { acceptsLessLikeThis, lessLikeThisBody, REQUEST_LESS } from './interactions'

describe('acceptsLessLikeThis', () => {
  it.each([
    { name: 'listens and is reachable', generator: { acceptsInteractions: true, endpoint: 'http://localhost:2585' }, expected: true },
    { name: 'does not listen', generator: { acceptsInteractions: false, endpoint: 'http://localhost:2585' }, expected: false },
    { name: 'says nothing', generator: { endpoint: 'http://localhost:2585' }, expected: false },
    { name: 'listens but its endpoint is unknown', generator: { acceptsInteractions: true }, expected: false },
    { name: 'empty endpoint', generator: { acceptsInteractions: true, endpoint: '' }, expected: false },
  ])('$name', ({ generator, expected }) => {
    expect(acceptsLessLikeThis(generator)).toBe(expected)
  })
})

describe('lessLikeThisBody', () => {
  const video = { uri: 'at://did:plc:a/app.framewright.video.post/1', crosspost: { uri: 'at://did:plc:a/app.bsky.feed.post/1', cid: 'bafy' } }
  it.each([
    { name: 'names the companion post the generator listed, with its feedContext', item: { video, feedContext: 'Recent.' }, sent: 'at://did:plc:a/app.bsky.feed.post/1' },
    { name: 'falls back to the video when there is no companion post', item: { video: { uri: video.uri } }, sent: video.uri },
  ])('$name', ({ item, sent }) => {
    const body = lessLikeThisBody('at://did:plc:pub/app.bsky.feed.generator/creation-first', item as unknown as FeedItem)
    expect(body).toEqual({
      feed: 'at://did:plc:pub/app.bsky.feed.generator/creation-first',
      interactions: [{ item: sent, event: REQUEST_LESS, feedContext: (item as { feedContext?: string }).feedContext }],
    })
  })
})
