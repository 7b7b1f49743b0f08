import { createHash } from 'node:crypto'
import { BlockMap as RefBlockMap, blocksToCarFile } from '@atproto/repo'
import { encode } from '@atcute/cbor'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { BlockMap, peekBlocks } from './blocks'

async function block(value: unknown): Promise<{ cid: CID; bytes: Uint8Array }> {
  const bytes = encode(value)
  // CIDv1, dag-cbor, sha2-256 over the bytes.
  const digest = createHash('sha256').update(bytes).digest()
  return { cid: CID.decode(new Uint8Array([0x01, 0x71, 0x12, 0x20, ...digest])), bytes }
}

async function car(blocks: { cid: CID; bytes: Uint8Array }[]): Promise<Uint8Array> {
  const map = new RefBlockMap()
  for (const b of blocks) map.set(b.cid, b.bytes)
  return blocksToCarFile(blocks[0]!.cid, map)
}

describe('peekBlocks: a few blocks of a CAR, found without indexing it', () => {
  it('finds what BlockMap finds, in the order asked, and undefined for a block the CAR does not hold', async () => {
    const blocks = await Promise.all(Array.from({ length: 12 }, (_, i) => block({ n: i, text: `block ${i}` })))
    const bytes = await car(blocks)
    const full = new BlockMap(bytes)
    const absent = await block({ n: 'absent' })
    const asked = [blocks[7]!.cid.bytes, absent.cid.bytes, blocks[0]!.cid.bytes, blocks[11]!.cid.bytes, blocks[7]!.cid.bytes]
    expect(peekBlocks(bytes, asked)).toEqual(asked.map((cid) => full.peek(cid)))
    expect(peekBlocks(bytes, [])).toEqual([])
  })

  it('a CAR it cannot walk up to the blocks asked for is BadCar', async () => {
    const blocks = await Promise.all([block({ a: 1 }), block({ b: 2 }), block({ c: 3 })])
    const bytes = await car(blocks)
    const cids = blocks.map((b) => b.cid.bytes)
    const cases: [string, Uint8Array][] = [
      ['not a CAR', new Uint8Array([1, 2, 3])],
      ['cut inside a block', bytes.subarray(0, bytes.length - 3)],
      ['header is not a map', new Uint8Array([1, 0x80, ...bytes.subarray(2)])],
      ['empty', new Uint8Array(0)],
    ]
    for (const [why, broken] of cases) expect(() => peekBlocks(broken, cids), why).toThrow(expect.objectContaining({ reason: 'BadCar' }))
  })
})
