import { describe, expect, it } from 'vitest'
import { FeedLinkError, feedUriOf, isHandle, parseFeedInput, parseLabelerInput } from './feedLinks'

const DID = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz'

describe('feed links and URIs', () => {
  it.each([
    [`at://${DID}/app.bsky.feed.generator/creation-first`, { actor: DID, rkey: 'creation-first' }],
    [`  at://${DID}/app.bsky.feed.generator/whats-hot `, { actor: DID, rkey: 'whats-hot' }],
    ['at://alice.test/app.bsky.feed.generator/cats', { actor: 'alice.test', rkey: 'cats' }],
    [`https://bsky.app/profile/${DID}/feed/aaao6g552b33o`, { actor: DID, rkey: 'aaao6g552b33o' }],
    ['https://bsky.app/profile/Alice.Bsky.Social/feed/cats/', { actor: 'alice.bsky.social', rkey: 'cats' }],
    ['https://www.bsky.app/profile/bob.test/feed/dogs?ref=share', { actor: 'bob.test', rkey: 'dogs' }],
    ['https://bsky.app/profile/did%3Aweb%3Afeeds.example.com/feed/x', { actor: 'did:web:feeds.example.com', rkey: 'x' }],
  ])('%s', (input, expected) => {
    expect(parseFeedInput(input)).toEqual(expected)
  })

  it.each([
    ['', /Paste a feed link/],
    ['creation-first', /Paste a feed link/],
    [`at://${DID}/app.bsky.feed.post/3k2a`, /not a feed/],
    [`at://${DID}/app.bsky.feed.generator`, /not a feed/],
    ['https://example.com/profile/alice.test/feed/cats', /Only bsky.app/],
    ['https://bsky.app/profile/alice.test/post/3k2a', /not a feed/],
    ['https://bsky.app/profile/alice.test', /not a feed/],
    ['https://bsky.app/profile/not_a_handle/feed/cats', /neither a handle nor a DID/],
    ['at://alice.test/app.bsky.feed.generator/has space', /not a feed name/],
  ])('refuses %j', (input, message) => {
    expect(() => parseFeedInput(input)).toThrow(FeedLinkError)
    expect(() => parseFeedInput(input)).toThrow(message)
  })

  it('builds the at:// URI once the DID is known', () => {
    expect(feedUriOf(DID, 'cats')).toBe(`at://${DID}/app.bsky.feed.generator/cats`)
  })
})

describe('labeler input', () => {
  it.each([
    ['moderation.bsky.app', { handle: 'moderation.bsky.app' }],
    ['@Labeler.Test', { handle: 'labeler.test' }],
    [DID, { did: DID }],
    ['did:web:labeler.example.com', { did: 'did:web:labeler.example.com' }],
  ])('%s', (input, expected) => {
    expect(parseLabelerInput(input)).toEqual(expected)
  })

  it.each(['', 'labeler', 'bad handle.test', 'did:', '-x.test', 'x.123'])('refuses %j', (input) => {
    expect(() => parseLabelerInput(input)).toThrow(FeedLinkError)
  })

  it('checks handle syntax', () => {
    expect(isHandle('alice.test')).toBe(true)
    expect(isHandle('a'.repeat(64) + '.test')).toBe(false)
  })
})
