import { createHash, randomBytes } from 'node:crypto'
import { Secp256k1Keypair, verifySignature as referenceVerify } from '@atproto/crypto'
import { describe, expect, it } from 'vitest'
import { ORDER, parseDidKey } from './keys'
import { KNOWN_ANSWER, secp256k1, secp256k1FallbackReason, wasmSecp256k1, type Secp256k1 } from './secp256k1'

const data = new TextEncoder().encode('a commit, more or less')
const hash = createHash('sha256').update(data).digest()

/** The same signature with s replaced by n - s: valid curve math, but high-S. */
function highS(sig: Uint8Array): Uint8Array {
  const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString('hex')}`)
  const flipped = Buffer.from((ORDER.secp256k1 - s).toString(16).padStart(64, '0'), 'hex')
  return new Uint8Array([...sig.subarray(0, 32), ...flipped])
}

describe('secp256k1 backend', () => {
  it('is the native binding on this platform (linux-x64 ships a prebuilt one)', () => {
    // On another platform the WebAssembly build is a correct fallback; here the fast path must load.
    expect(secp256k1FallbackReason).toBeUndefined()
    expect(secp256k1.backend).toBe('native')
  })
})

describe.each<[string, Secp256k1]>([
  ['in use', secp256k1],
  ['WebAssembly', wasmSecp256k1],
])('secp256k1 (%s)', (_name, impl) => {
  it('verifies what @atproto/crypto signs, and nothing tampered or by another key', async () => {
    const key = await Secp256k1Keypair.create()
    const other = await Secp256k1Keypair.create()
    const sig = await key.sign(data)
    const pub = parseDidKey(key.did()).compressed
    const tampered = new Uint8Array(sig)
    tampered[40]! ^= 1
    const cases: [string, Uint8Array, Uint8Array, boolean][] = [
      ['the signature', pub, sig, true],
      ['a tampered signature', pub, tampered, false],
      ['another key', parseDidKey(other.did()).compressed, sig, false],
      ['the high-S twin', pub, highS(sig), false],
      ['r = 0', pub, new Uint8Array([...new Uint8Array(32), ...sig.subarray(32)]), false],
      ['s beyond the order', pub, new Uint8Array([...sig.subarray(0, 32), ...new Uint8Array(32).fill(0xff)]), false],
    ]
    for (const [what, publicKey, signature, valid] of cases) expect([what, impl.verify(hash, publicKey, signature)]).toEqual([what, valid])
  })

  it('signs low-S signatures that @atproto/crypto accepts', async () => {
    for (let i = 0; i < 20; i++) {
      const priv = randomBytes(32)
      const key = await Secp256k1Keypair.import(priv)
      const sig = impl.sign(hash, priv)
      expect(sig).toHaveLength(64)
      expect(await referenceVerify(key.did(), data, sig)).toBe(true) // refuses high-S by default
    }
  })

  it('tells points on the curve from other bytes', async () => {
    const key = await Secp256k1Keypair.create()
    expect(impl.isPoint(parseDidKey(key.did()).compressed)).toBe(true)
    expect(impl.isPoint(new Uint8Array([0x02, ...new Uint8Array(32).fill(0xff)]))).toBe(false)
  })
})

describe('the native and WebAssembly builds agree', () => {
  it('on signatures each makes (deterministic nonces: byte for byte)', () => {
    for (let i = 0; i < 20; i++) {
      const priv = randomBytes(32)
      const h = randomBytes(32)
      expect(Buffer.from(secp256k1.sign(h, priv)).toString('hex')).toBe(Buffer.from(wasmSecp256k1.sign(h, priv)).toString('hex'))
    }
  })

  it('on the known answer the self-test checks a binding against', () => {
    const { privateKey, hash } = KNOWN_ANSWER
    for (const impl of [secp256k1, wasmSecp256k1]) {
      expect(Buffer.from(impl.sign(hash, privateKey)).toString('hex')).toBe(KNOWN_ANSWER.signature)
      expect(impl.verify(hash, Buffer.from(KNOWN_ANSWER.publicKey, 'hex'), Buffer.from(KNOWN_ANSWER.signature, 'hex'))).toBe(true)
    }
  })
})
