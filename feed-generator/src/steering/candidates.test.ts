import { describe, expect, it } from 'vitest'
import { CandidateWindowCache, type WindowItem } from './candidates'

function cacheWith(ttlMs: number) {
  let now = 0
  let loads = 0
  let fail = false
  const cache = new CandidateWindowCache(
    async () => {
      loads++
      if (fail) throw new Error('database down')
      return [{ uri: `at://x/${loads}` } as WindowItem]
    },
    ttlMs,
    () => now,
  )
  return {
    cache,
    loads: () => loads,
    advance: (ms: number) => (now += ms),
    failNext: (f: boolean) => (fail = f),
  }
}

describe('CandidateWindowCache', () => {
  it.each<[string, (c: ReturnType<typeof cacheWith>) => void, number]>([
    ['reuses the window within the TTL', (c) => c.advance(1_000), 1],
    ['reloads after the TTL', (c) => c.advance(1_001), 2],
    ['reloads once invalidated', (c) => c.cache.invalidate(), 2],
  ])('%s', async (_name, between, loads) => {
    const c = cacheWith(1_000)
    await c.cache.get()
    between(c)
    await c.cache.get()
    expect(c.loads()).toBe(loads)
  })

  it('does not keep a failed load', async () => {
    const c = cacheWith(1_000)
    c.failNext(true)
    await expect(c.cache.get()).rejects.toThrow('database down')
    c.failNext(false)
    expect((await c.cache.get())[0]!.uri).toBe('at://x/2')
  })
})
