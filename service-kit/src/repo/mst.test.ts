import { Secp256k1Keypair } from '@atproto/crypto'
import { MemoryBlockstore, Repo, WriteOpAction, getFullRepo } from '@atproto/repo'
import { decode, encode, toCidLink } from '@atcute/cbor'
import { beforeAll, describe, expect, it } from 'vitest'
import { BlockMap } from './blocks'
import { checkNode, parseNode, readCanonicalNode } from './mst'

let nodes: { cid: Uint8Array; bytes: Uint8Array }[] = []

beforeAll(async () => {
  const storage = new MemoryBlockstore()
  const writes = Array.from({ length: 300 }, (_, i) => ({
    action: WriteOpAction.Create as const,
    collection: (i % 3 ? 'app.bsky.feed.like' : 'app.framewright.video.post') as `${string}.${string}.${string}`,
    rkey: `3k${String(i * 7919).padStart(11, 'b')}`,
    record: { $type: 'app.bsky.feed.like', createdAt: '2026-12-01T00:00:00.000Z', n: i },
  }))
  const repo = await Repo.create(storage, 'did:plc:msttestaaaaaaaaaaaaaaaaaa', await Secp256k1Keypair.create(), writes)
  const chunks: Uint8Array[] = []
  for await (const chunk of getFullRepo(storage, repo.cid)) chunks.push(chunk)
  const blocks = new BlockMap(new Uint8Array(Buffer.concat(chunks)))
  for (const key of blocks.cids()) {
    const cid = new Uint8Array(Buffer.from(key, 'latin1'))
    const bytes = blocks.get(cid)
    const value = decode(bytes) as Record<string, unknown>
    if ('e' in value && 'l' in value) nodes.push({ cid, bytes })
  }
})

describe('MST nodes read from their bytes', () => {
  it('reads every node the reference implementation writes exactly as the full decoder does', () => {
    expect(nodes.length).toBeGreaterThan(5)
    for (const { cid, bytes } of nodes) {
      const fast = readCanonicalNode(bytes)
      expect(fast).toBeDefined()
      expect(checkNode(fast!, cid)).toEqual(parseNode(decode(bytes), cid))
    }
  })

  it('leaves any other encoding to the full decoder', () => {
    const { bytes } = nodes.find((n) => (decode(n.bytes) as { e: unknown[] }).e.length > 1)!
    // The first entry's `p` (key 'p', a small uint, then key 't'), to spell its value the long way.
    const p = bytes.findIndex((b, i) => b === 0x61 && bytes[i + 1] === 0x70 && bytes[i + 2]! < 24 && bytes[i + 3] === 0x61 && bytes[i + 4] === 0x74)
    expect(p).toBeGreaterThan(0)
    const node = decode(bytes) as { e: Record<string, unknown>[]; l: unknown }
    const variants: [string, Uint8Array][] = [
      // An entry without its (null) subtree field: valid DAG-CBOR, not what the reference writes.
      ['a field left out', encode({ ...node, e: node.e.map(({ t: _t, ...rest }) => rest) })],
      ['an extra field', encode({ ...node, x: 1 })],
      ['a link to a CIDv1 with another hash', encode({ ...node, e: node.e.map((e, i) => (i === 0 ? { ...e, v: toCidLink({ bytes: new Uint8Array([1, 0x71, 0x13, 0x20, ...new Uint8Array(32)]) } as never) } : e)) })],
      ['the key suffix as text', encode({ ...node, e: node.e.map((e) => ({ ...e, k: 'text' })) })],
      ['bytes after the node', new Uint8Array([...bytes, 0])],
      ['a prefix length not in its shortest form', Uint8Array.from([...bytes.subarray(0, p + 2), 0x18, bytes[p + 2]!, ...bytes.subarray(p + 3)])],
    ]
    for (const [what, variant] of variants) expect(readCanonicalNode(variant), what).toBeUndefined()
    // The canonical node itself, re-encoded, is read.
    expect(readCanonicalNode(encode(node))).toBeDefined()
  })
})
