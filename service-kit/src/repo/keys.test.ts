import { P256Keypair, Secp256k1Keypair, verifySignature as referenceVerify } from '@atproto/crypto'
import { describe, expect, it } from 'vitest'
import { KeyCache, ORDER, parseDidKey, verifySignature, type Curve } from './keys'

const data = new TextEncoder().encode('a commit, more or less')

/** The same signature with s replaced by n - s: still a valid ECDSA signature, but high-S. */
function highS(sig: Uint8Array, curve: Curve): Uint8Array {
  const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString('hex')}`)
  const flipped = Buffer.from((ORDER[curve] - s).toString(16).padStart(64, '0'), 'hex')
  return new Uint8Array([...sig.subarray(0, 32), ...flipped])
}

describe.each<[Curve, () => Promise<Secp256k1Keypair | P256Keypair>]>([
  ['secp256k1', () => Secp256k1Keypair.create()],
  ['p256', () => P256Keypair.create()],
])('signature verification (%s: libsecp256k1 or OpenSSL)', (curve, make) => {
  const keys = new KeyCache()

  it('parses the did:key the reference library writes', async () => {
    const key = await make()
    const parsed = parseDidKey(key.did())
    expect(parsed.curve).toBe(curve)
    expect(parsed.compressed).toHaveLength(33)
  })

  it('accepts what @atproto/crypto signs, and agrees with it on tampered data and the wrong key', async () => {
    const key = await make()
    const sig = await key.sign(data)
    expect(verifySignature(keys.get(key.did()), data, sig)).toBe(true)
    const tampered = new Uint8Array(data)
    tampered[0]! ^= 1
    expect(verifySignature(keys.get(key.did()), tampered, sig)).toBe(false)
    expect(await referenceVerify(key.did(), tampered, sig)).toBe(false)
    const other = await make()
    expect(verifySignature(keys.get(other.did()), data, sig)).toBe(false)
    expect(await referenceVerify(other.did(), data, sig)).toBe(false)
  })

  it('refuses a high-S signature, as atproto requires, though the curve math accepts it', async () => {
    const key = await make()
    const sig = highS(await key.sign(data), curve)
    expect(await referenceVerify(key.did(), data, sig, { allowMalleableSig: true })).toBe(true)
    expect(await referenceVerify(key.did(), data, sig)).toBe(false)
    expect(verifySignature(keys.get(key.did()), data, sig)).toBe(false)
  })

  it('refuses signatures of the wrong length', async () => {
    const key = await make()
    const sig = await key.sign(data)
    expect(verifySignature(keys.get(key.did()), data, sig.subarray(0, 63))).toBe(false)
  })
})

describe('parseDidKey', () => {
  it.each([
    ['not a did:key', 'did:plc:abc'],
    ['an ed25519 key', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'],
    ['not base58', 'did:key:z0OIl'],
  ])('refuses %s with UnsupportedKey', (_name, didKey) => {
    expect(() => parseDidKey(didKey)).toThrow(expect.objectContaining({ reason: 'UnsupportedKey' }))
  })
})
