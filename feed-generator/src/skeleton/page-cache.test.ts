import { describe, expect, it } from 'vitest'
import { SharedPageCache } from './page-cache'

function cacheWith(ttlMs: number, maxEntries = 10) {
  let now = 0
  let loads = 0
  const cache = new SharedPageCache<string>(ttlMs, maxEntries, () => now)
  const get = (key: string, fail = false) =>
    cache.get(key, async () => {
      loads++
      if (fail) throw new Error('database down')
      return `${key}#${loads}`
    })
  return { cache, get, loads: () => loads, advance: (ms: number) => (now += ms) }
}

describe('SharedPageCache', () => {
  it.each<[string, (c: ReturnType<typeof cacheWith>) => unknown, number]>([
    ['shares a page within the TTL', (c) => c.advance(1_000), 1],
    ['loads it again after the TTL', (c) => c.advance(1_001), 2],
    ['loads it again once cleared', (c) => c.cache.clear(), 2],
  ])('%s', async (_name, between, loads) => {
    const c = cacheWith(1_000)
    await c.get('a')
    between(c)
    await c.get('a')
    expect(c.loads()).toBe(loads)
  })

  it('keeps pages of different keys apart, and askers of a missing page share one load', async () => {
    const c = cacheWith(1_000)
    expect(await Promise.all([c.get('a'), c.get('a'), c.get('b')])).toEqual(['a#1', 'a#1', 'b#2'])
    expect(c.loads()).toBe(2)
  })

  it('does not keep a failed load', async () => {
    const c = cacheWith(1_000)
    await expect(c.get('a', true)).rejects.toThrow('database down')
    expect(await c.get('a')).toBe('a#2')
  })

  it('holds at most maxEntries pages, dropping the oldest', async () => {
    const c = cacheWith(1_000, 3)
    for (const key of ['a', 'b', 'c', 'd']) await c.get(key)
    expect(c.cache.size).toBe(3)
    await c.get('d')
    await c.get('a')
    expect(c.loads()).toBe(5)
  })
})
