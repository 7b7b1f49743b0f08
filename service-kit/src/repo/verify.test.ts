import { Secp256k1Keypair } from '@atproto/crypto'
import { BlockMap as RefBlockMap, MemoryBlockstore, Repo, WriteOpAction, blocksToCarFile, getFullRepo, readCar, type CommitData } from '@atproto/repo'
import { decode, encode } from '@atcute/cbor'
import { beforeAll, describe, expect, it } from 'vitest'
import { KeyCache } from './keys'
import { verifyCommitOnly, verifyCommitOps, verifyRepoCar, type OpClaim } from './verify'

const DID = 'did:plc:verifytestaaaaaaaaaaaaaaa'
const keys = new KeyCache()
const cidBytes = (cid: { bytes: Uint8Array }) => cid.bytes

/** A firehose commit as the PDS writes it: new blocks plus the covering proof, rooted at the commit. */
async function commitCar(commit: CommitData, drop?: (bytes: Uint8Array) => boolean): Promise<Uint8Array> {
  const blocks = new RefBlockMap()
  blocks.addMap(commit.newBlocks)
  blocks.addMap(commit.relevantBlocks)
  if (drop) for (const [cid, bytes] of [...blocks]) if (drop(bytes)) blocks.delete(cid)
  return blocksToCarFile(commit.cid, blocks)
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return new Uint8Array(Buffer.concat(chunks))
}

let key: Secp256k1Keypair
let storage: MemoryBlockstore
let repo: Repo
const follow = (i: number) => ({ $type: 'app.bsky.graph.follow', subject: `did:plc:subject${i}`, createdAt: '2026-11-25T00:00:00.000Z' })

beforeAll(async () => {
  key = await Secp256k1Keypair.create()
  storage = new MemoryBlockstore()
  // Enough records that the tree has several layers and proofs have several nodes.
  const writes = Array.from({ length: 400 }, (_, i) => ({
    action: WriteOpAction.Create as const,
    collection: (i % 2 ? 'app.bsky.graph.follow' : 'app.bsky.feed.like') as `${string}.${string}.${string}`,
    rkey: `3k${String(i).padStart(11, 'a')}`,
    record: follow(i),
  }))
  repo = await Repo.create(storage, DID, key, writes)
})

/** Applies one write and returns the commit, its CAR and the claims its ops make. */
async function write(op: Parameters<Repo['applyWrites']>[0]) {
  const commit = await repo.formatCommit(op, key)
  repo = await repo.applyCommit(commit)
  await storage.applyCommit(commit)
  const ops = Array.isArray(op) ? op : [op]
  const claims: OpClaim[] = await Promise.all(
    ops.map(async (o) => ({
      path: `${o.collection}/${o.rkey}`,
      cid: o.action === WriteOpAction.Delete ? null : cidBytes((await repo.data.get(`${o.collection}/${o.rkey}`))!),
    })),
  )
  return { commit, car: await commitCar(commit), claims }
}

describe('verifyCommitOps (firehose commits)', () => {
  it('verifies creates, updates and deletes against the reference repo', async () => {
    const create = await write({ action: WriteOpAction.Create, collection: 'app.bsky.graph.follow', rkey: '3kzzzzzzzzzz1', record: follow(1000) })
    const verified = verifyCommitOps(create.car, { did: DID, commitCid: cidBytes(create.commit.cid), claims: create.claims, didKey: key.did(), keys })
    expect(verified.rev).toBe(create.commit.rev)

    const update = await write({ action: WriteOpAction.Update, collection: 'app.bsky.graph.follow', rkey: '3kzzzzzzzzzz1', record: follow(1001) })
    verifyCommitOps(update.car, { did: DID, commitCid: cidBytes(update.commit.cid), claims: update.claims, didKey: key.did(), keys })

    const del = await write({ action: WriteOpAction.Delete, collection: 'app.bsky.graph.follow', rkey: '3kzzzzzzzzzz1' })
    expect(del.claims[0]!.cid).toBeNull()
    verifyCommitOps(del.car, { did: DID, commitCid: cidBytes(del.commit.cid), claims: del.claims, didKey: key.did(), keys })
  })

  it('names what is wrong with a commit that does not verify', async () => {
    const { commit, car, claims } = await write({ action: WriteOpAction.Create, collection: 'app.bsky.graph.follow', rkey: '3kzzzzzzzzzz2', record: follow(2000) })
    const opts = { did: DID, commitCid: cidBytes(commit.cid), claims, didKey: key.did(), keys }
    const other = await Secp256k1Keypair.create()
    const recordCid = claims[0]!.cid!
    const siblingCid = cidBytes((await repo.data.get('app.bsky.graph.follow/3kaaaaaaaaaa1'))!)
    const cases: [string, () => unknown, string][] = [
      ['the wrong key', () => verifyCommitOps(car, { ...opts, didKey: other.did() }), 'BadSignature'],
      ['someone else’s repo', () => verifyCommitOps(car, { ...opts, did: 'did:plc:someoneelseaaaaaaaaaaaaa' }), 'WrongRepo'],
      ['a forged CID for the path', () => verifyCommitOps(car, { ...opts, claims: [{ ...claims[0]!, cid: siblingCid }] }), 'BadMstProof'],
      ['a delete of a record still there', () => verifyCommitOps(car, { ...opts, claims: [{ ...claims[0]!, cid: null }] }), 'BadMstProof'],
      ['a path the proof does not cover', () => verifyCommitOps(car, { ...opts, claims: [{ path: 'app.bsky.feed.like/3kaaaaaaaaaa0', cid: null }] }), 'BadMstProof'],
      ['another commit CID', () => verifyCommitOps(car, { ...opts, commitCid: siblingCid }), 'BadCommit'],
    ]
    for (const [name, run, reason] of cases) {
      expect(run, name).toThrow(expect.objectContaining({ reason }))
    }
    // The record block itself missing.
    const withoutRecord = await commitCar(commit, (bytes) => Buffer.from(bytes).equals(Buffer.from(encode(follow(2000)))))
    expect(() => verifyCommitOps(withoutRecord, opts)).toThrow(expect.objectContaining({ reason: 'MissingBlock' }))
    expect(recordCid).toHaveLength(36)
  })

  it('a proof with a node missing is incomplete, never "absent"', async () => {
    const { commit, claims } = await write({ action: WriteOpAction.Create, collection: 'app.bsky.graph.follow', rkey: '3kzzzzzzzzzz3', record: follow(3000) })
    const isMstNode = (bytes: Uint8Array) => Array.isArray((decode(bytes) as { e?: unknown }).e)
    let dropped = 0
    const car = await commitCar(commit, (bytes) => isMstNode(bytes) && dropped++ === 1)
    expect(dropped).toBeGreaterThan(1)
    const opts = { did: DID, commitCid: cidBytes(commit.cid), claims, didKey: key.did(), keys }
    expect(() => verifyCommitOps(car, opts)).toThrow(expect.objectContaining({ reason: 'BadMstProof' }))
    // And a delete whose proof is cut short cannot pass as proved absent either.
    expect(() => verifyCommitOps(car, { ...opts, claims: [{ ...claims[0]!, cid: null }] })).toThrow(expect.objectContaining({ reason: 'BadMstProof' }))
  })
})

describe('verifyRepoCar (whole repos, for backfill)', () => {
  it('returns every record of a verified repo, filtered by collection', async () => {
    const car = await collect(getFullRepo(storage, repo.cid))
    const all = verifyRepoCar(car, { did: DID, didKey: key.did(), keys })
    const expected: string[] = []
    for await (const entry of repo.walkRecords()) expected.push(`${entry.collection}/${entry.rkey} ${entry.cid.toString()}`)
    expect(all.records.map((r) => `${r.collection}/${r.rkey} ${r.cid}`).sort()).toEqual(expected.sort())
    expect(all.commit.rev).toBe(repo.commit.rev)
    const follows = verifyRepoCar(car, { did: DID, didKey: key.did(), keys, wanted: (c) => c === 'app.bsky.graph.follow' })
    expect(follows.records.length).toBe(expected.filter((e) => e.startsWith('app.bsky.graph.follow/')).length)
  })

  it('refuses a repo with a block missing, a bad signature, or a record that does not hash to its CID', async () => {
    const car = await collect(getFullRepo(storage, repo.cid))
    const stranger = (await Secp256k1Keypair.create()).did()
    expect(() => verifyRepoCar(car, { did: DID, didKey: stranger, keys })).toThrow(expect.objectContaining({ reason: 'BadSignature' }))
    const { blocks } = await readCar(car)
    const someRecord = [...blocks].find(([, bytes]) => Buffer.from(bytes).includes(Buffer.from('did:plc:subject7')))!
    // One record block gone: the walk must notice.
    const missing = new RefBlockMap(blocks.entries().map((e) => [e.cid, e.bytes] as const))
    missing.delete(someRecord[0])
    const missingCar = await blocksToCarFile(repo.cid, missing)
    expect(() => verifyRepoCar(missingCar, { did: DID, didKey: key.did(), keys })).toThrow(expect.objectContaining({ reason: 'MissingBlock' }))
    // Other bytes under a record's CID.
    const swapped = new RefBlockMap(blocks.entries().map((e) => [e.cid, e.bytes] as const))
    swapped.set(someRecord[0], encode(follow(9999)))
    const swappedCar = await blocksToCarFile(repo.cid, swapped)
    expect(() => verifyRepoCar(swappedCar, { did: DID, didKey: key.did(), keys })).toThrow(expect.objectContaining({ reason: 'BadBlock' }))
    // An MST node gone.
    const isMstNode = (bytes: Uint8Array) => Array.isArray((decode(bytes) as { e?: unknown }).e)
    const noNode = new RefBlockMap(blocks.entries().filter((e, i) => !(isMstNode(e.bytes) && i > 3)).map((e) => [e.cid, e.bytes] as const))
    const noNodeCar = await blocksToCarFile(repo.cid, noNode)
    expect(() => verifyRepoCar(noNodeCar, { did: DID, didKey: key.did(), keys })).toThrow(expect.objectContaining({ reason: 'BadMst' }))
  })
})

describe('verifyCommitOnly (#sync events)', () => {
  it('checks the signature of the commit a CAR carries', async () => {
    const blocks = new RefBlockMap()
    blocks.set(repo.cid, (await storage.getBytes(repo.cid))!)
    const car = await blocksToCarFile(repo.cid, blocks)
    expect(verifyCommitOnly(car, { did: DID, didKey: key.did(), keys }).rev).toBe(repo.commit.rev)
    const stranger = (await Secp256k1Keypair.create()).did()
    expect(() => verifyCommitOnly(car, { did: DID, didKey: stranger, keys })).toThrow(expect.objectContaining({ reason: 'BadSignature' }))
  })
})
