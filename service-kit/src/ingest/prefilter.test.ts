import { decode, decodeFirst, encode } from '@atcute/cbor'
import { describe, expect, it } from 'vitest'
import { CollectionFilter } from './filter'
import { peekCommit, peekCommitOps, peekCommitWithOps, peekText } from './prefilter'
import { decodeFrame } from './frames'
import { TestRepo, create, del } from './test-source'

const DID = 'did:plc:prefilteraaaaaaaaaaaaaaa'
const at = '2026-01-01T00:00:00.000Z'
const filter = new CollectionFilter(['app.bsky.feed.post', 'app.framewright.*'])
const wants = (c: string) => filter.matches(c)
const body = (frame: Uint8Array) => (decodeFirst(frame) as [unknown, Uint8Array])[1]

describe('peekCommit', () => {
  it('reads seq, time and whether an op is ours, and nothing of the CAR', async () => {
    const repo = await TestRepo.create(DID)
    const post = await repo.commit(11, [create('app.bsky.feed.post', '3kpost', { text: 'hi', createdAt: at })])
    const ours = await repo.commit(12, [create('app.bsky.feed.like', '3kl', { subject: { uri: 'at://x/y/z', cid: 'bafy' }, createdAt: at }), create('app.framewright.video.post', '3kv', { createdAt: at })])
    const like = await repo.commit(123_456, [create('app.bsky.feed.like', '3klike', { subject: { uri: `at://${DID}/app.bsky.feed.post/3kpost`, cid: 'bafy' }, createdAt: at })])
    const gone = await repo.commit(14, [del('app.bsky.feed.post', '3kpost')])
    expect(peekCommit(body(post), wants)).toEqual({ seq: 11, time: expect.stringMatching(/^20\d\d-/), wanted: true, collections: ['app.bsky.feed.post'], repo: DID })
    // Only our collections are named (for the repo-level keep rule), not the like's.
    expect(peekCommit(body(ours), wants)).toEqual({ seq: 12, time: expect.any(String), wanted: true, collections: ['app.framewright.video.post'], repo: DID })
    // A like of our post names the post's collection in its record and its proof: still not ours.
    expect(peekCommit(body(like), wants)).toEqual({ seq: 123_456, time: expect.any(String), wanted: false })
    expect(peekCommit(body(gone), wants)).toMatchObject({ seq: 14, wanted: true })
  })

  it.each([
    ['a body that is not a map', encode([1, 2])],
    ['a body without seq', encode({ ops: [], rev: 'x', time: at })],
    ['a body without ops', encode({ seq: 5, time: at })],
    ['a seq that is not a number', encode({ ops: [], seq: 'seven', time: at })],
    ['ops that are not an array', encode({ ops: 'garbage', seq: 5, time: at })],
    ['a truncated body', encode({ ops: [{ path: 'a.b.c/d' }], seq: 5, time: at }).subarray(0, 8)],
  ])('gives up on %s (the frame is then decoded in full)', (_name, bytes) => {
    expect(peekCommit(bytes, wants)).toBeUndefined()
  })
})

describe('peekCommitOps', () => {
  it('reads the ops (action, path, CID) and the CAR as the full decode does', async () => {
    const repo = await TestRepo.create(DID)
    await repo.commit(1, [create('app.bsky.feed.post', '3kold', { text: 'old', createdAt: at })])
    const frame = await repo.commit(2, [create('app.bsky.feed.like', '3kl', { subject: { uri: 'at://x/y/z', cid: 'bafy' }, createdAt: at }), del('app.bsky.feed.post', '3kold')])
    const full = decodeFrame(frame)
    if (full.t !== 'commit') throw new Error('not a commit')
    const read = peekCommitOps(body(frame))!
    expect(read.ops).toEqual(full.ops.map((op) => ({ action: op.action, path: op.path, cid: op.cid })))
    expect(read.ops[1]!.cid).toBeNull()
    expect(read.blocks).toEqual(full.blocks)
    expect(read.commit).toEqual(full.commit)
  })

  it.each([
    ['a body that is not a map', encode([1, 2])],
    ['a body without blocks', encode({ ops: [], seq: 5, time: at })],
    ['a truncated body', encode({ ops: [{ action: 'create', path: 'a.b.c/d' }], seq: 5, time: at }).subarray(0, 8)],
  ])('gives up on %s', (_name, bytes) => {
    expect(peekCommitOps(bytes)).toBeUndefined()
  })

  it('gives up on a tooBig commit (its ops are not provable from it)', async () => {
    const repo = await TestRepo.create(DID)
    const fields = decode(body(await repo.commit(1, [create('app.bsky.feed.post', '3kp', { text: 'hi', createdAt: at })]))) as Record<string, unknown>
    expect(peekCommitOps(encode({ ...fields, tooBig: false }))).toBeDefined()
    expect(peekCommitOps(encode({ ...fields, tooBig: true }))).toBeUndefined()
  })
})

describe('peekCommitWithOps', () => {
  it('reads in one pass what peekCommit and peekCommitOps read, the ops only of a commit of ours', async () => {
    const repo = await TestRepo.create(DID)
    await repo.commit(1, [create('app.bsky.feed.post', '3kold', { text: 'old', createdAt: at })])
    const mixed = await repo.commit(2, [create('app.bsky.feed.like', '3kl', { subject: { uri: 'at://x/y/z', cid: 'bafy' }, createdAt: at }), del('app.bsky.feed.post', '3kold')])
    const like = await repo.commit(3, [create('app.bsky.feed.like', '3kl2', { subject: { uri: 'at://x/y/z', cid: 'bafy' }, createdAt: at })])
    const both = peekCommitWithOps(body(mixed), wants)!
    expect(both.peek).toEqual(peekCommit(body(mixed), wants))
    expect(both.read).toEqual(peekCommitOps(body(mixed)))
    expect(both.read!.ops).toHaveLength(2)
    // Nothing of ours: the CAR is not read.
    expect(peekCommitWithOps(body(like), wants)).toEqual({ peek: peekCommit(body(like), wants) })
  })

  it('reads no ops of a tooBig commit, or of one without its CAR, and still peeks at it', async () => {
    const repo = await TestRepo.create(DID)
    const fields = decode(body(await repo.commit(1, [create('app.bsky.feed.post', '3kp', { text: 'hi', createdAt: at })]))) as Record<string, unknown>
    expect(peekCommitWithOps(encode({ ...fields, tooBig: false }), wants)!.read).toBeDefined()
    for (const odd of [encode({ ...fields, tooBig: true }), encode({ ...fields, blocks: undefined })]) {
      const both = peekCommitWithOps(odd, wants)!
      expect(both.peek).toMatchObject({ seq: 1, wanted: true, repo: DID })
      expect(both.read).toBeUndefined()
    }
  })
})

describe('peekText', () => {
  const record = encode({
    $type: 'app.bsky.feed.post',
    text: 'ünïcode keys come first by length',
    embed: { $type: 'app.bsky.embed.images', images: [{ alt: 'x', image: { $type: 'blob', size: 3 } }] },
    createdAt: at,
    langs: ['en'],
  })

  it('reads text at a path of keys, skipping other values whatever they hold', () => {
    expect(peekText(record, ['embed', '$type'])).toBe('app.bsky.embed.images')
    expect(peekText(record, ['text'])).toBe('ünïcode keys come first by length')
    expect(peekText(record, ['createdAt'])).toBe(at)
  })

  it('says null when the path is not there or does not lead to text', () => {
    expect(peekText(record, ['reply', '$type'])).toBeNull()
    expect(peekText(record, ['embed', 'media', '$type'])).toBeNull()
    expect(peekText(record, ['text', '$type'])).toBeNull()
    expect(peekText(record, ['langs'])).toBeNull()
    expect(peekText(encode(['embed']), ['embed'])).toBeNull()
  })

  it('gives up (undefined) on bytes it cannot follow', () => {
    expect(peekText(record.subarray(0, 20), ['embed', '$type'])).toBeUndefined()
  })
})
