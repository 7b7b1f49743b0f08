import { Secp256k1Keypair, P256Keypair } from '@atproto/crypto'
import { describe, expect, it } from 'vitest'
import { labelSigningBytes, signLabel, verifyLabel, type UnsignedLabel } from './signing'

const base: UnsignedLabel = {
  ver: 1,
  src: 'did:plc:labeler',
  uri: 'at://did:plc:alice/app.framewright.video.post/3kabc',
  val: 'likeness-unconsented',
  cts: '2026-11-25T12:00:00.000Z',
}

describe('label signing', () => {
  it.each([
    ['secp256k1', () => Secp256k1Keypair.create()],
    ['p256', () => P256Keypair.create()],
  ])('a %s signature verifies against the did:key, and not after tampering', async (_name, make) => {
    const key = await make()
    const label = await signLabel(base, key)
    expect(label.sig).toHaveLength(64)
    expect(await verifyLabel(label, key.did())).toBe(true)
    expect(await verifyLabel({ ...label, val: 'ai-video' }, key.did())).toBe(false)
    const other = await make()
    expect(await verifyLabel(label, other.did())).toBe(false)
  })

  it('neg: false and absent optional fields sign the same bytes as leaving them out', () => {
    expect(labelSigningBytes({ ...base, neg: false, cid: undefined, exp: undefined })).toEqual(labelSigningBytes(base))
    expect(labelSigningBytes({ ...base, neg: true })).not.toEqual(labelSigningBytes(base))
  })

  it('signed labels never carry neg: false', async () => {
    const label = await signLabel({ ...base, neg: false }, await Secp256k1Keypair.create())
    expect('neg' in label).toBe(false)
  })
})
