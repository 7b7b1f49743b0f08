import { encode, toBytes } from '@atcute/cbor'
import { describe, expect, it } from 'vitest'
import { CollectionFilter } from './filter'
import { decodeFrame, MalformedFrameError } from './frames'
import { prepareFrame } from './prepare'
import { TestRepo, create, del, frame } from './test-source'

const DID = 'did:plc:framestestaaaaaaaaaaaaaa'

describe('decodeFrame', () => {
  it('reads a real commit frame: seq, repo, rev, ops with their CIDs, and the CAR as bytes', async () => {
    const repo = await TestRepo.create(DID)
    const bytes = await repo.commit(7, [create('app.bsky.graph.follow', '3kfollow', { subject: 'did:plc:x', createdAt: '2026-01-01T00:00:00.000Z' })])
    const decoded = decodeFrame(bytes)
    expect(decoded).toMatchObject({ t: 'commit', seq: 7, repo: DID, tooBig: false, ops: [{ action: 'create', path: 'app.bsky.graph.follow/3kfollow' }] })
    if (decoded.t !== 'commit') throw new Error('not a commit')
    expect(decoded.ops[0]!.cid).toHaveLength(36)
    expect(decoded.blocks.length).toBeGreaterThan(100)
  })

  it.each([
    ['#identity', { seq: 1, did: DID, time: 't', handle: 'a.test' }, { t: 'identity', seq: 1, did: DID, handle: 'a.test' }],
    ['#account', { seq: 2, did: DID, time: 't', active: false, status: 'takendown' }, { t: 'account', seq: 2, active: false, status: 'takendown' }],
    ['#info', { name: 'OutdatedCursor', message: 'too old' }, { t: 'info', name: 'OutdatedCursor' }],
    ['error', { error: 'FutureCursor', message: 'Cursor in the future.' }, { t: 'error', error: 'FutureCursor' }],
    ['#labels', { seq: 9 }, { t: 'unknown', type: '#labels', seq: 9 }],
  ])('reads %s', (type, body, expected) => {
    expect(decodeFrame(frame(type, body))).toMatchObject(expected)
  })

  it.each([
    ['not CBOR at all', new Uint8Array([0xff, 0x00, 0x13])],
    ['a header without a type', new Uint8Array(Buffer.concat([encode({ op: 1 }), encode({ seq: 1 })]))],
    ['a commit without ops', frame('#commit', { seq: 3, repo: DID, rev: 'r', commit: null, blocks: toBytes(new Uint8Array(1)) })],
    ['an account with an unknown status', frame('#account', { seq: 4, did: DID, active: false, status: 'vanished' })],
    ['a create op without a CID', frame('#commit', { seq: 5, repo: DID, rev: 'r', ops: [{ action: 'create', path: 'a.b.c/x', cid: null }] })],
  ])('refuses %s as MalformedFrame, keeping the seq when it got that far', (_name, bytes) => {
    expect(() => decodeFrame(bytes)).toThrow(MalformedFrameError)
  })

  it('keeps seq and repo of a malformed commit, so its dead letter says which event it was', () => {
    try {
      decodeFrame(frame('#commit', { seq: 42, repo: DID, rev: 'r', ops: 'nope' }))
      throw new Error('decoded')
    } catch (err) {
      expect(err).toMatchObject({ seq: 42, did: DID })
    }
  })
})

describe('filter first', () => {
  const filter = new CollectionFilter(['app.framewright.video.post', 'app.framewright.likeness.*'])

  it('matches exact NSIDs and prefixes, nothing else', () => {
    expect(filter.matches('app.framewright.video.post')).toBe(true)
    expect(filter.matches('app.framewright.likeness.grant')).toBe(true)
    expect(filter.matches('app.framewright.video.postx')).toBe(false)
    expect(filter.matches('app.bsky.feed.like')).toBe(false)
  })

  it('drops a commit outside our collections without reading its CAR (a broken CAR is no dead letter there)', () => {
    const broken = frame('#commit', {
      seq: 10,
      repo: DID,
      rev: '3k',
      commit: { $link: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm' },
      blocks: toBytes(new Uint8Array([1, 2, 3])),
      ops: [{ action: 'create', path: 'app.bsky.feed.like/3k', cid: { $link: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm' } }],
      time: 't',
    })
    const decoded = decodeFrame(broken)
    if (decoded.t !== 'commit') throw new Error('not a commit')
    expect(prepareFrame(decoded, broken, { filter })).toEqual({ kind: 'skip', seq: 10, time: 't' })
    // The same broken CAR under one of our collections is read, and set aside.
    const ours = { ...decoded, ops: [{ ...decoded.ops[0]!, path: 'app.framewright.video.post/3k' }] }
    expect(prepareFrame(ours, broken, { filter })).toMatchObject({ kind: 'dead', letter: { reason: 'BadCar', seq: 10 } })
  })

  it('keeps only ops the keep rule accepts, judged on the decoded record, and verifies nothing else', async () => {
    const repo = await TestRepo.create(DID)
    const follows = new CollectionFilter(['app.bsky.graph.follow'])
    const bytes = await repo.commit(11, [
      create('app.bsky.graph.follow', '3ka', { subject: 'did:plc:keep', createdAt: '2026-01-01T00:00:00.000Z' }),
      create('app.bsky.graph.follow', '3kb', { subject: 'did:plc:drop', createdAt: '2026-01-01T00:00:00.000Z' }),
      create('app.bsky.feed.like', '3kc', { subject: { uri: 'at://x/y/z', cid: 'bafy' }, createdAt: '2026-01-01T00:00:00.000Z' }),
    ])
    const decoded = decodeFrame(bytes)
    if (decoded.t !== 'commit') throw new Error('not a commit')
    const keep = (op: { record?: unknown }) => (op.record as { subject?: string })?.subject === 'did:plc:keep'
    const prepared = prepareFrame(decoded, bytes, { filter: follows, keep })
    expect(prepared.kind).toBe('commit')
    if (prepared.kind !== 'commit') return
    expect(prepared.events.map((e) => e.uri)).toEqual([`at://${DID}/app.bsky.graph.follow/3ka`])
    expect(prepared.job.claims.map((c) => c.path)).toEqual(['app.bsky.graph.follow/3ka'])
    // Nobody kept anything: nothing to verify at all.
    expect(prepareFrame(decoded, bytes, { filter: follows, keep: () => false }).kind).toBe('skip')
    // Deletes are judged without a record.
    const deletion = await repo.commit(12, [del('app.bsky.graph.follow', '3ka')])
    const decodedDelete = decodeFrame(deletion)
    if (decodedDelete.t !== 'commit') throw new Error('not a commit')
    expect(prepareFrame(decodedDelete, deletion, { filter: follows, keep: (op) => op.action === 'delete' && op.record === undefined })).toMatchObject({
      kind: 'commit',
      events: [{ event: 'delete', uri: `at://${DID}/app.bsky.graph.follow/3ka` }],
    })
  })
})
