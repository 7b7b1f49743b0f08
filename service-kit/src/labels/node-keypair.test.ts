import { P256Keypair, Secp256k1Keypair, verifySignature } from '@atproto/crypto'
import { describe, expect, it } from 'vitest'
import { HALF_ORDER, bigFromBytes, type Curve } from '../repo/keys'
import { NodeKeypair } from './node-keypair'
import { signLabel, verifyLabel, type UnsignedLabel } from './signing'

const label: UnsignedLabel = { ver: 1, src: 'did:plc:labeler', uri: 'at://did:plc:alice/app.framewright.video.post/3kabc', val: 'ai-video', cts: '2026-11-25T12:00:00.000Z' }

describe.each<[Curve, () => Promise<Secp256k1Keypair | P256Keypair>]>([
  ['secp256k1', () => Secp256k1Keypair.create({ exportable: true })],
  ['p256', () => P256Keypair.create({ exportable: true })],
])('NodeKeypair (%s)', (curve, make) => {
  it('has the did:key @atproto/crypto gives the same private key', async () => {
    const reference = await make()
    const node = NodeKeypair.import(Buffer.from(await reference.export()).toString('hex'), curve)
    expect(node.did()).toBe(reference.did())
  })

  it('signs labels that @atproto/crypto verifies, always low-S, over many signatures', async () => {
    const reference = await make()
    const node = NodeKeypair.import(Buffer.from(await reference.export()).toString('hex'), curve)
    for (let i = 0; i < 40; i++) {
      const signed = await signLabel({ ...label, cts: new Date(Date.parse(label.cts) + i).toISOString() }, node)
      expect(bigFromBytes(signed.sig.subarray(32)) <= HALF_ORDER[curve]).toBe(true)
      expect(await verifyLabel(signed, reference.did())).toBe(true)
    }
    const data = new TextEncoder().encode('not a label')
    expect(await verifySignature(reference.did(), data, await node.sign(data))).toBe(true)
  })

  it('is not mistaken for another key', async () => {
    const node = NodeKeypair.import(Buffer.from(await (await make()).export()).toString('hex'), curve)
    const signed = await signLabel(label, node)
    expect(await verifyLabel(signed, (await make()).did())).toBe(false)
  })
})
