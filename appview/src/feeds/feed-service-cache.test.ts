import { describe, expect, it } from 'vitest'
import { FeedServiceCache } from './generator'

describe('FeedServiceCache', () => {
  it('answers until its time is up, then asks again', () => {
    let now = 0
    const cache = new FeedServiceCache({ ttlMs: 30_000, maxEntries: 10, now: () => now })
    cache.set('at://did:plc:p/app.bsky.feed.generator/a', 'did:web:one')
    now = 29_999
    expect(cache.get('at://did:plc:p/app.bsky.feed.generator/a')).toBe('did:web:one')
    now = 30_000
    expect(cache.get('at://did:plc:p/app.bsky.feed.generator/a')).toBeUndefined()
  })

  it('forgets the least recently used feed when full', () => {
    const cache = new FeedServiceCache({ ttlMs: 60_000, maxEntries: 2 })
    cache.set('a', 'did:web:a')
    cache.set('b', 'did:web:b')
    expect(cache.get('a')).toBe('did:web:a')
    cache.set('c', 'did:web:c')
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['did:web:a', undefined, 'did:web:c'])
  })
})
