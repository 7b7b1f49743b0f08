import { Secp256k1Keypair, verifySignature } from '@atproto/crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_LIFETIME_MS, EXPIRY_MARGIN_MS, jwtExpiresAt, ServiceAuthCache } from './serviceAuth'

const T0 = Date.parse('2025-06-01T12:00:00Z')
const ME = 'did:plc:me'

const utf8 = new TextEncoder()
const b64urlBytes = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
const b64url = (obj: unknown) => b64urlBytes(utf8.encode(JSON.stringify(obj)))
const unb64url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))

/** The account's signing key, as the PDS holds it. */
let accountKey: Secp256k1Keypair
beforeAll(async () => {
  accountKey = await Secp256k1Keypair.create()
})

/** A service JWT as a PDS mints it: ES256K over header.payload with the account's key. */
async function jwt(payload: Record<string, unknown>, key: Secp256k1Keypair = accountKey): Promise<string> {
  const signed = `${b64url({ alg: 'ES256K', typ: 'JWT' })}.${b64url(payload)}`
  return `${signed}.${b64urlBytes(await key.sign(utf8.encode(signed)))}`
}

/** A token's header and claims, and whether its signature verifies against `didKey`. */
async function decode(token: string, didKey = accountKey.did()) {
  const [header, payload, sig, ...rest] = token.split('.')
  expect(rest).toEqual([])
  return {
    header: JSON.parse(new TextDecoder().decode(unb64url(header!))) as Record<string, unknown>,
    claims: JSON.parse(new TextDecoder().decode(unb64url(payload!))) as Record<string, unknown>,
    verified: await verifySignature(didKey, utf8.encode(`${header}.${payload}`), unb64url(sig!)),
  }
}

/** A token whose payload jwtExpiresAt reads; its signature is never checked there. */
const unsigned = (payload: Record<string, unknown>) => `${b64url({ alg: 'ES256K', typ: 'JWT' })}.${b64url(payload)}.c2ln`

/** A fake PDS that issues numbered, signed tokens valid for `lifetimeS` seconds from the fake clock. */
function setup(lifetimeS: number | undefined = 60) {
  let now = T0
  const minted: string[] = []
  const mint = async (aud: string, lxm: string) => {
    const n = minted.push(`${aud} ${lxm}`)
    return jwt({ iss: ME, aud, lxm, n, ...(lifetimeS === undefined ? {} : { exp: Math.floor(now / 1000) + lifetimeS }) })
  }
  const cache = new ServiceAuthCache(mint, () => now)
  return { cache, minted, advance: (ms: number) => (now += ms) }
}

describe('ServiceAuthCache', () => {
  it('hands back the token the PDS signed, for the audience and method asked, unaltered', async () => {
    const { cache, advance } = setup()
    const first = await decode(await cache.token('did:web:appview', 'app.framewright.generate.getJob'))
    expect(first.header).toEqual({ alg: 'ES256K', typ: 'JWT' })
    expect(first.claims).toEqual({ iss: ME, aud: 'did:web:appview', lxm: 'app.framewright.generate.getJob', n: 1, exp: T0 / 1000 + 60 })
    expect(first.verified).toBe(true)
    // From the cache, the same signed token again.
    advance(1_000)
    expect(await decode(await cache.token('did:web:appview', 'app.framewright.generate.getJob'))).toEqual(first)
    // The check itself can fail: the same token does not verify against another key.
    const stranger = await Secp256k1Keypair.create()
    expect((await decode(await cache.token('did:web:appview', 'app.framewright.generate.getJob'), stranger.did())).verified).toBe(false)
  })

  it.each([
    { name: 'fresh token is reused', advanceMs: 1_000, mints: 1 },
    { name: 'reused until just outside the margin', advanceMs: 60_000 - EXPIRY_MARGIN_MS - 1, mints: 1 },
    { name: 'reminted inside the margin', advanceMs: 60_000 - EXPIRY_MARGIN_MS, mints: 2 },
    { name: 'reminted after expiry', advanceMs: 120_000, mints: 2 },
  ])('$name', async ({ advanceMs, mints }) => {
    const { cache, minted, advance } = setup()
    const first = await cache.token('did:web:appview', 'app.framewright.generate.getJob')
    advance(advanceMs)
    const second = await cache.token('did:web:appview', 'app.framewright.generate.getJob')
    expect(minted).toHaveLength(mints)
    expect(second === first).toBe(mints === 1)
  })

  it('keeps tokens per audience and method', async () => {
    const { cache, minted } = setup()
    const asked: [string, string][] = [
      ['did:web:appview', 'a.b.c'],
      ['did:web:appview', 'a.b.d'],
      ['did:web:feedgen', 'a.b.c'],
      ['did:web:appview', 'a.b.c'],
    ]
    for (const [aud, lxm] of asked) {
      const { claims, verified } = await decode(await cache.token(aud, lxm))
      expect({ aud: claims.aud, lxm: claims.lxm, verified }).toEqual({ aud, lxm, verified: true })
    }
    expect(minted).toEqual(['did:web:appview a.b.c', 'did:web:appview a.b.d', 'did:web:feedgen a.b.c'])
  })

  it('shares one mint between concurrent callers', async () => {
    const { cache, minted } = setup()
    const [a, b] = await Promise.all([cache.token('aud', 'lxm'), cache.token('aud', 'lxm')])
    expect(a).toBe(b)
    expect(minted).toHaveLength(1)
  })

  it('assumes the default lifetime when the token has no exp', async () => {
    const { cache, minted, advance } = setup(undefined)
    await cache.token('aud', 'lxm')
    advance(DEFAULT_LIFETIME_MS - EXPIRY_MARGIN_MS - 1)
    await cache.token('aud', 'lxm')
    expect(minted).toHaveLength(1)
    advance(1)
    await cache.token('aud', 'lxm')
    expect(minted).toHaveLength(2)
  })

  it('does not cache a failed mint', async () => {
    let fail = true
    const cache = new ServiceAuthCache(
      async () => {
        if (fail) throw new Error('PDS down')
        return jwt({ iss: ME, aud: 'aud', lxm: 'lxm', exp: Math.floor(T0 / 1000) + 60 })
      },
      () => T0,
    )
    await expect(cache.token('aud', 'lxm')).rejects.toThrow('PDS down')
    fail = false
    const { claims, verified } = await decode(await cache.token('aud', 'lxm'))
    expect({ ...claims, verified }).toEqual({ iss: ME, aud: 'aud', lxm: 'lxm', exp: T0 / 1000 + 60, verified: true })
  })

  it('forgets tokens on clear, including one still being minted', async () => {
    const { cache, minted } = setup()
    const pending = cache.token('aud', 'lxm')
    cache.clear()
    await pending
    await cache.token('aud', 'lxm')
    expect(minted).toHaveLength(2)
  })
})

describe('jwtExpiresAt', () => {
  it.each([
    { name: 'reads exp in ms', token: unsigned({ exp: 1_700_000_000 }), expected: 1_700_000_000_000 },
    { name: 'no exp', token: unsigned({ iat: 1 }), expected: undefined },
    { name: 'exp not a number', token: unsigned({ exp: 'soon' }), expected: undefined },
    { name: 'not a JWT', token: 'opaque-token', expected: undefined },
    { name: 'garbage payload', token: 'a.%%%.b', expected: undefined },
  ])('$name', ({ token, expected }) => {
    expect(jwtExpiresAt(token)).toBe(expected)
  })
})
