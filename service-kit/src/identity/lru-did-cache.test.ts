import { describe, expect, it } from 'vitest'
import type { DidDocument } from '@atproto/identity'
import { LruDidCache } from './lru-did-cache'

const doc = (did: string): DidDocument => ({ id: did }) as DidDocument

describe('LruDidCache', () => {
  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const cache = new LruDidCache({ maxEntries: 2, staleMs: 60_000, maxMs: 120_000 })
    await cache.cacheDid('did:plc:a', doc('did:plc:a'))
    await cache.cacheDid('did:plc:b', doc('did:plc:b'))
    await cache.checkCache('did:plc:a') // a is now the most recent
    await cache.cacheDid('did:plc:c', doc('did:plc:c'))
    expect(cache.size).toBe(2)
    expect(await cache.checkCache('did:plc:b')).toBeNull()
    expect((await cache.checkCache('did:plc:a'))?.doc.id).toBe('did:plc:a')
    expect((await cache.checkCache('did:plc:c'))?.doc.id).toBe('did:plc:c')
  })

  it('restores a document as old as it was (kept across a restart): stale and expired when it would have been', async () => {
    let now = 10_000_000
    const cache = new LruDidCache({ maxEntries: 10, staleMs: 1000, maxMs: 5000, now: () => now })
    cache.restore('did:plc:a', { id: 'did:plc:a' }, now - 2000)
    expect(await cache.checkCache('did:plc:a')).toMatchObject({ doc: { id: 'did:plc:a' }, stale: true, expired: false })
    now += 3001
    expect(await cache.checkCache('did:plc:a')).toMatchObject({ expired: true })
  })

  it('says stale after staleMs and expired after maxMs', async () => {
    let now = 0
    const cache = new LruDidCache({ maxEntries: 10, staleMs: 100, maxMs: 1000, now: () => now })
    await cache.cacheDid('did:plc:a', doc('did:plc:a'))
    expect(await cache.checkCache('did:plc:a')).toMatchObject({ stale: false, expired: false })
    now = 500
    expect(await cache.checkCache('did:plc:a')).toMatchObject({ stale: true, expired: false })
    now = 1500
    expect(await cache.checkCache('did:plc:a')).toMatchObject({ stale: true, expired: true })
  })

  it('refreshes a stale entry in the background, once, and keeps the old one if that fails', async () => {
    let now = 0
    const cache = new LruDidCache({ maxEntries: 10, staleMs: 100, maxMs: 1000, now: () => now })
    await cache.cacheDid('did:plc:a', doc('did:plc:a'))
    now = 200
    let calls = 0
    let release!: (d: DidDocument | null) => void
    const pending = new Promise<DidDocument | null>((r) => (release = r))
    const getDoc = () => (calls++, pending)
    await cache.refreshCache('did:plc:a', getDoc) // returns without waiting
    await cache.refreshCache('did:plc:a', getDoc)
    expect(calls).toBe(1)
    release({ id: 'did:plc:a', alsoKnownAs: ['at://new.test'] } as DidDocument)
    await new Promise((r) => setTimeout(r, 0))
    expect((await cache.checkCache('did:plc:a'))?.doc.alsoKnownAs).toEqual(['at://new.test'])
    now = 400
    await cache.refreshCache('did:plc:a', () => Promise.reject(new Error('down')))
    await new Promise((r) => setTimeout(r, 0))
    expect((await cache.checkCache('did:plc:a'))?.doc.alsoKnownAs).toEqual(['at://new.test'])
  })
})
