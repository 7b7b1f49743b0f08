import type { IncomingMessage } from 'node:http'
import { Secp256k1Keypair } from '@atproto/crypto'
import type { IdResolver } from '@atproto/identity'
import { AuthRequiredError, createServiceJwt } from '@atproto/xrpc-server'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { bearerToken, ServiceAuthVerifier } from './service-auth'

const runs = { numRuns: 200 }
const AUD = 'did:web:feeds.example'
const LXM = 'app.bsky.feed.getFeedSkeleton'
/** Every error a caller of a service-JWT method can be told. */
const NAMES = ['BadJwt', 'BadJwtType', 'JwtExpired', 'BadJwtAudience', 'BadJwtLexiconMethod', 'BadJwtIss', 'BadJwtSignature']

let key: Secp256k1Keypair
let verifier: ServiceAuthVerifier

beforeAll(async () => {
  key = await Secp256k1Keypair.create()
  // Everyone's key is this one, so that a well-formed, well-signed token is possible for any issuer.
  const resolver = { did: { resolveAtprotoKey: async () => key.did() } } as unknown as IdResolver
  verifier = new ServiceAuthVerifier(resolver, AUD)
})

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url')
const now = () => Math.floor(Date.now() / 1000)

/** A token's verdict: the caller's DID, or the name of the error; anything but an AuthRequiredError fails the property. */
async function verdict(token: string): Promise<{ did: string } | { error: string }> {
  try {
    return await verifier.verifyToken(token, { lxm: LXM })
  } catch (err) {
    expect(err).toBeInstanceOf(AuthRequiredError)
    const name = (err as AuthRequiredError).customErrorName
    expect(NAMES).toContain(name)
    return { error: name! }
  }
}

const did = fc.oneof(fc.stringMatching(/^did:plc:[a-z2-7]{24}$/), fc.stringMatching(/^did:web:[a-z0-9.-]{1,20}$/))
/** A claim's value: the right one, one of the right type, or one of another type. */
const claim = <T>(right: fc.Arbitrary<T>) => fc.oneof(right, right, fc.string(), fc.integer(), fc.constant(null), fc.jsonValue())
const goodHeader = fc.constant({ alg: 'ES256K', typ: 'JWT' })
const header = fc.oneof(goodHeader, goodHeader, fc.record({ alg: claim(fc.constantFrom('ES256K', 'ES256', 'none', 'HS256')), typ: claim(fc.constantFrom('JWT', 'at+jwt', 'refresh+jwt', 'dpop+jwt')) }, { requiredKeys: [] }), fc.jsonValue())
const rightClaims = fc.record({ iss: did, aud: fc.constant(AUD), lxm: fc.constant(LXM), exp: fc.integer({ min: now() + 60, max: now() + 3_600 }) })
/** One claim gone wrong: another value, another type, or missing. */
const wrongClaims = fc
  .tuple(
    rightClaims,
    fc.constantFrom('iss', 'aud', 'lxm', 'exp'),
    fc.oneof(
      fc.constantFrom(undefined, null, '', 'did:web:elsewhere.example', 'app.bsky.feed.getTimeline', 'did:plc:x#atproto_labeler', now() - 10, 0),
      fc.jsonValue(),
    ),
  )
  .map(([claims, name, value]) => ({ ...claims, [name]: value }))
const payload = fc.oneof(rightClaims, wrongClaims, wrongClaims, fc.jsonValue())

describe('service JWTs (properties)', () => {
  it('any string is refused with a named auth error, never thrown as anything else', async () => {
    const dotted = fc.array(fc.oneof(fc.string(), fc.base64String(), fc.string({ unit: 'binary' }).map(b64url)), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.'))
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), dotted), async (token) => {
        expect(await verdict(token)).toHaveProperty('error')
      }),
      runs,
    )
  })

  it('a token of any claims, signed or not, is accepted only when every claim is right and our key signed it', async () => {
    let accepted = 0
    await fc.assert(
      fc.asyncProperty(header, payload, fc.boolean(), async (h, p, sign) => {
        const signed = `${b64url(h)}.${b64url(p)}`
        const sig = sign ? Buffer.from(await key.sign(Buffer.from(signed, 'utf8'))).toString('base64url') : 'c2ln'
        const result = await verdict(`${signed}.${sig}`)
        if ('did' in result) {
          const claims = p as Record<string, unknown>
          expect(sign).toBe(true)
          expect(claims).toMatchObject({ iss: result.did, aud: AUD, lxm: LXM })
          expect(claims.exp as number).toBeGreaterThan(now() - 1)
          expect(result.did).not.toContain('#')
          accepted++
        }
      }),
      runs,
    )
    // Some were right in every way (about one in ten): the property did not hold only by refusing all.
    expect(accepted).toBeGreaterThan(0)
  })

  it('round-trip: a token minted for us, by any issuer, verifies as that issuer', async () => {
    await fc.assert(
      fc.asyncProperty(did, fc.integer({ min: 60, max: 3_600 }), async (iss, ttl) => {
        const token = await createServiceJwt({ iss, aud: AUD, lxm: LXM, keypair: key, exp: now() + ttl })
        expect(await verdict(token)).toEqual({ did: iss })
      }),
      { numRuns: 50 },
    )
  })

  it('any Authorization header gives a bearer token without spaces, or none', () => {
    fc.assert(
      fc.property(fc.option(fc.oneof(fc.string(), fc.string().map((t) => `Bearer ${t}`), fc.string().map((t) => `bearer  ${t}`))), (authorization) => {
        const token = bearerToken({ headers: authorization === null ? {} : { authorization } } as IncomingMessage)
        if (token !== undefined) {
          expect(token.length).toBeGreaterThan(0)
          expect(token).toBe(token.trim())
          expect(token).not.toContain(' ')
          expect(authorization!.toLowerCase().startsWith('bearer ')).toBe(true)
        }
      }),
      runs,
    )
  })
})
