import { describe, expect, it } from 'vitest'
import { DEFAULT_LIFETIME_MS, EXPIRY_MARGIN_MS, jwtExpiresAt, ServiceAuthCache } from './serviceAuth'

const T0 = Date.parse('2025-06-01T12:00:00Z')

function b64url(obj: unknown): string {
  return btoa(JSON.stringify(obj)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function jwt(payload: Record<string, unknown>): string {
  return `${b64url({ alg: 'ES256K', typ: 'JWT' })}.${b64url(payload)}.c2ln`
}

/** A fake PDS that issues numbered tokens valid for `lifetimeS` seconds from the fake clock. */
function setup(lifetimeS: number | undefined = 60) {
  let now = T0
  const minted: string[] = []
  const mint = async (aud: string, lxm: string) => {
    const n = minted.push(`${aud} ${lxm}`)
    return jwt({ iss: 'did:plc:me', aud, lxm, n, ...(lifetimeS === undefined ? {} : { exp: Math.floor(now / 1000) + lifetimeS }) })
  }
  const cache = new ServiceAuthCache(mint, () => now)
  return { cache, minted, advance: (ms: number) => (now += ms) }
}

describe('ServiceAuthCache', () => {
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
    await cache.token('did:web:appview', 'a.b.c')
    await cache.token('did:web:appview', 'a.b.d')
    await cache.token('did:web:feedgen', 'a.b.c')
    await cache.token('did:web:appview', 'a.b.c')
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
        return jwt({ exp: Math.floor(T0 / 1000) + 60 })
      },
      () => T0,
    )
    await expect(cache.token('aud', 'lxm')).rejects.toThrow('PDS down')
    fail = false
    await expect(cache.token('aud', 'lxm')).resolves.toContain('.')
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
    { name: 'reads exp in ms', token: jwt({ exp: 1_700_000_000 }), expected: 1_700_000_000_000 },
    { name: 'no exp', token: jwt({ iat: 1 }), expected: undefined },
    { name: 'exp not a number', token: jwt({ exp: 'soon' }), expected: undefined },
    { name: 'not a JWT', token: 'opaque-token', expected: undefined },
    { name: 'garbage payload', token: 'a.%%%.b', expected: undefined },
  ])('$name', ({ token, expected }) => {
    expect(jwtExpiresAt(token)).toBe(expected)
  })
})
