import { P256Keypair, Secp256k1Keypair } from '@atproto/crypto'
import { getKey, type DidDocument } from '@atproto/identity'
import { base58Decode, base58Encode } from '../repo/keys'
import { describe, expect, it } from 'vitest'
import { signingKeyOf } from './repo-keys'

const DID = 'did:plc:repokeysaaaaaaaaaaaaaaaa'

function doc(method: Record<string, unknown> | undefined): DidDocument {
  return { id: DID, verificationMethod: method ? [{ id: `${DID}#atproto`, controller: DID, ...method }] : [] } as DidDocument
}

/** The raw uncompressed point a legacy document holds, from a keypair's did:key. */
async function uncompressed(kp: Secp256k1Keypair | P256Keypair, curve: 'secp256k1' | 'p256'): Promise<string> {
  const { ecdh } = await import('node:crypto').then((c) => ({ ecdh: c.ECDH }))
  const compressed = base58Decode(kp.did().slice('did:key:z'.length)).subarray(2)
  return 'z' + base58Encode(new Uint8Array(ecdh.convertKey(compressed, curve === 'secp256k1' ? 'secp256k1' : 'prime256v1', undefined, undefined, 'uncompressed') as Buffer))
}

describe('signingKeyOf', () => {
  it.each([
    ['secp256k1', () => Secp256k1Keypair.create(), 'EcdsaSecp256k1VerificationKey2019'],
    ['p256', () => P256Keypair.create(), 'EcdsaSecp256r1VerificationKey2019'],
  ] as const)('reads %s keys, Multikey and legacy, as the library does (both Y parities)', async (curve, create, legacyType) => {
    for (let i = 0; i < 6; i++) {
      const kp = await create()
      const multikey = doc({ type: 'Multikey', publicKeyMultibase: kp.did().slice('did:key:'.length) })
      const legacy = doc({ type: legacyType, publicKeyMultibase: await uncompressed(kp, curve) })
      expect(signingKeyOf(DID, multikey)).toBe(kp.did())
      expect(signingKeyOf(DID, legacy)).toBe(kp.did())
      expect(getKey(legacy)).toBe(kp.did())
    }
  })

  it('leaves to the library what it does not know, and finds nothing where there is nothing', () => {
    expect(signingKeyOf(DID, doc(undefined))).toBeUndefined()
    expect(signingKeyOf(DID, doc({ type: 'JsonWebKey2020', publicKeyMultibase: 'zabc' }))).toBeUndefined()
    expect(signingKeyOf(DID, doc({ type: 'EcdsaSecp256k1VerificationKey2019', publicKeyMultibase: 'z1111' }))).toBeUndefined()
    expect(signingKeyOf(DID, doc({ type: 'EcdsaSecp256k1VerificationKey2019', publicKeyMultibase: 'not base58' }))).toBeUndefined()
  })
})
