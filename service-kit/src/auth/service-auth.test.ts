import { P256Keypair, Secp256k1Keypair, type Keypair } from '@atproto/crypto'
import type { IdResolver } from '@atproto/identity'
import { createServiceJwt } from '@atproto/xrpc-server'
import { describe, expect, it } from 'vitest'
import { ServiceAuthVerifier } from './service-auth'

const AUD = 'did:web:feeds.example'
const LXM = 'app.bsky.feed.getFeedSkeleton'

/** A DID directory of one person whose key the test can rotate; counts how often it is asked. */
function directory(did: string, key: Keypair) {
  const state = { key, asked: 0, forced: 0 }
  const resolver = {
    did: {
      async resolveAtprotoKey(iss: string, force: boolean) {
        if (iss !== did) throw new Error('unknown DID')
        state.asked++
        if (force) state.forced++
        return state.key.did()
      },
    },
  } as unknown as IdResolver
  return { resolver, state }
}

const mint = (key: Keypair, overrides: { iss?: string; aud?: string; lxm?: string; exp?: number } = {}) =>
  createServiceJwt({ iss: overrides.iss ?? 'did:plc:viewer', aud: overrides.aud ?? AUD, lxm: overrides.lxm ?? LXM, keypair: key, exp: overrides.exp })

/** The same token with its signature's s replaced by n - s: an equally valid ECDSA signature that atproto forbids. */
function highS(token: string, order: bigint): string {
  const [head, body, sig] = token.split('.') as [string, string, string]
  const bytes = Buffer.from(sig, 'base64url')
  const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`)
  const flipped = Buffer.from((order - s).toString(16).padStart(64, '0'), 'hex')
  return [head, body, Buffer.concat([bytes.subarray(0, 32), flipped]).toString('base64url')].join('.')
}

describe('service JWT verification', () => {
  it.each([
    ['secp256k1', () => Secp256k1Keypair.create(), 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n],
    ['P-256', () => P256Keypair.create(), 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n],
  ])('accepts a good %s token and refuses a forged, a high-S, a misaddressed and an expired one', async (_curve, create, order) => {
    const key = await create()
    const { resolver } = directory('did:plc:viewer', key)
    const verifier = new ServiceAuthVerifier(resolver, AUD)
    expect(await verifier.verifyToken(await mint(key), { lxm: LXM })).toEqual({ did: 'did:plc:viewer' })

    const other = await create()
    await expect(verifier.verifyToken(await mint(other), { lxm: LXM })).rejects.toMatchObject({ error: 'BadJwtSignature' })
    await expect(verifier.verifyToken(highS(await mint(key, { exp: Math.floor(Date.now() / 1000) + 30 }), order), { lxm: LXM })).rejects.toMatchObject({ error: 'BadJwtSignature' })
    await expect(verifier.verifyToken(await mint(key, { aud: 'did:web:elsewhere.example' }), { lxm: LXM })).rejects.toMatchObject({ error: 'BadJwtAudience' })
    await expect(verifier.verifyToken(await mint(key, { lxm: 'app.bsky.feed.getTimeline' }), { lxm: LXM })).rejects.toMatchObject({ error: 'BadJwtLexiconMethod' })
    await expect(verifier.verifyToken(await mint(key, { exp: Math.floor(Date.now() / 1000) - 5 }), { lxm: LXM })).rejects.toMatchObject({ error: 'JwtExpired' })
  })

  it('asks the directory once for many tokens, and again at once when a signature fails (a rotated key)', async () => {
    const first = await Secp256k1Keypair.create()
    const { resolver, state } = directory('did:plc:viewer', first)
    const verifier = new ServiceAuthVerifier(resolver, AUD)
    for (let i = 0; i < 5; i++) await verifier.verifyToken(await mint(first, { exp: Math.floor(Date.now() / 1000) + 60 + i }), { lxm: LXM })
    expect(state.asked).toBe(1)

    const rotated = await Secp256k1Keypair.create()
    state.key = rotated
    expect(await verifier.verifyToken(await mint(rotated), { lxm: LXM })).toEqual({ did: 'did:plc:viewer' })
    expect(state.forced).toBe(1)
    // The old key no longer verifies once the new one is known.
    await expect(verifier.verifyToken(await mint(first, { exp: Math.floor(Date.now() / 1000) + 90 }), { lxm: LXM })).rejects.toMatchObject({ error: 'BadJwtSignature' })
  })
})
