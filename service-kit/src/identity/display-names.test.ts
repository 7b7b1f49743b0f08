import { describe, expect, it } from 'vitest'
import type { IdResolver } from '@atproto/identity'
import { DisplayNames, displayName } from './index'

/** A resolver over a fixed directory, counting handle lookups (the costly part). */
function directory(entries: Record<string, { handle: string; resolvesTo?: string }>) {
  let handleLookups = 0
  const resolver = {
    did: {
      resolve: async (did: string) =>
        entries[did] ? { id: did, alsoKnownAs: [`at://${entries[did].handle}`] } : null,
    },
    handle: {
      resolve: async (handle: string) => {
        handleLookups++
        const [did, e] = Object.entries(entries).find(([, e]) => e.handle === handle) ?? []
        return e ? (e.resolvesTo ?? did) : undefined
      },
    },
  } as unknown as IdResolver
  return { resolver, lookups: () => handleLookups }
}

const cfg = { plcUrl: 'http://127.0.0.1:9' }

describe('displayName', () => {
  const { resolver } = directory({
    'did:plc:alice': { handle: 'alice.test' },
    'did:plc:liar': { handle: 'alice.test', resolvesTo: 'did:plc:alice' },
  })
  it.each<[string, string, string]>([
    ['a handle that verifies', 'did:plc:alice', '@alice.test'],
    ['a claimed handle that points elsewhere is not believed', 'did:plc:liar', 'did:plc:liar'],
    ['a DID that does not resolve names itself', 'did:plc:ghost', 'did:plc:ghost'],
  ])('%s', async (_name, did, expected) => {
    expect(await displayName(resolver, cfg, did)).toBe(expected)
  })
})

describe('DisplayNames', () => {
  it('remembers names, so the same people cost one lookup each', async () => {
    const { resolver, lookups } = directory({ 'did:plc:a': { handle: 'a.test' }, 'did:plc:b': { handle: 'b.test' } })
    const names = new DisplayNames(resolver, cfg)
    expect(await names.of(['did:plc:a', 'did:plc:b', 'did:plc:a'])).toEqual(new Map([['did:plc:a', '@a.test'], ['did:plc:b', '@b.test']]))
    await names.of(['did:plc:a', 'did:plc:b'])
    expect(lookups()).toBe(2)
  })

  it('asks again once a name is older than its time to live', async () => {
    const { resolver, lookups } = directory({ 'did:plc:a': { handle: 'a.test' } })
    const names = new DisplayNames(resolver, cfg, 0)
    await names.of(['did:plc:a'])
    await names.of(['did:plc:a'])
    expect(lookups()).toBe(2)
  })
})
