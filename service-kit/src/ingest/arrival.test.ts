import { encode } from '@atcute/cbor'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { startTypeScriptWorker } from '../plain-worker'
import { ArrivalFilter, dropsRecord, peekFrame, rebased, type RawDropRule } from './arrival'
import { ArrivalSetRules, ArrivalSets, textsAt } from './arrival-sets'
import type { ArrivalCommand, ArrivalMessage } from './arrival-thread'
import { TestRepo, create, del, frame } from './test-source'

const DID = 'did:plc:arrivalaaaaaaaaaaaaaaaaa'
const at = '2026-01-01T00:00:00.000Z'
const POST = 'app.bsky.feed.post'
const NOT_A_REPLY: RawDropRule = { collection: POST, path: ['reply', 'root', 'uri'] }
const VIDEO_ONLY: RawDropRule = { collection: POST, path: ['embed', '$type'], keepIf: ['app.bsky.embed.video'] }
const reply = { root: { uri: 'at://did:plc:x/app.bsky.feed.post/1', cid: 'bafy' }, parent: { uri: 'at://did:plc:x/app.bsky.feed.post/1', cid: 'bafy' } }

describe('dropsRecord', () => {
  it('drops a record whose text at the path is missing, or none of the values kept; never bytes it cannot read', () => {
    expect(dropsRecord(NOT_A_REPLY, encode({ text: 'hi', createdAt: at }))).toBe(true)
    expect(dropsRecord(NOT_A_REPLY, encode({ text: 'hi', reply, createdAt: at }))).toBe(false)
    expect(dropsRecord(VIDEO_ONLY, encode({ text: 'hi', embed: { $type: 'app.bsky.embed.images', images: [] } }))).toBe(true)
    expect(dropsRecord(VIDEO_ONLY, encode({ text: 'hi', embed: { $type: 'app.bsky.embed.video' } }))).toBe(false)
    // A value that is not text where text is looked for: the path holds no text.
    expect(dropsRecord(VIDEO_ONLY, encode({ embed: { $type: 7 } }))).toBe(true)
    expect(dropsRecord(VIDEO_ONLY, new Uint8Array([0xbf, 0x00]))).toBe(false)
  })
})

describe('ArrivalFilter', () => {
  const filter = new ArrivalFilter([POST, 'app.framewright.*'], [NOT_A_REPLY])

  it('drops commits outside the collections and those whose every op a rule drops; passes the rest whole', async () => {
    const repo = await TestRepo.create(DID)
    const like = await repo.commit(1, [create('app.bsky.feed.like', '3kl', { subject: { uri: 'at://x/y/z', cid: 'bafy' }, createdAt: at })])
    const post = await repo.commit(2, [create(POST, '3kp', { text: 'hi', createdAt: at })])
    const answer = await repo.commit(3, [create(POST, '3kr', { text: 'yes', reply, createdAt: at })])
    const mixed = await repo.commit(4, [create(POST, '3kq', { text: 'hi', createdAt: at }), create('app.framewright.video.post', '3kv', { createdAt: at })])
    const gone = await repo.commit(5, [del(POST, '3kp')])
    expect(filter.judge(like)).toEqual({ drop: true, seq: 1, time: expect.any(String) })
    expect(filter.judge(post)).toEqual({ drop: true, seq: 2, time: expect.any(String) })
    expect(filter.judge(answer)).toEqual({ drop: false, seq: 3 })
    // An op no rule judges (a video), or one with no record to judge (a delete), keeps its commit.
    expect(filter.judge(mixed)).toEqual({ drop: false, seq: 4 })
    expect(filter.judge(gone)).toEqual({ drop: false, seq: 5 })
  })

  it('passes what is not a commit, and what it cannot read, for the ingester to decode and judge', () => {
    expect(filter.judge(frame('identity', { seq: 9, did: DID, time: at }))).toEqual({ drop: false, seq: undefined })
    expect(filter.judge(new Uint8Array([1, 2, 3]))).toEqual({ drop: false, seq: undefined })
  })
})

describe('ArrivalFilter with set rules', () => {
  const VIDEO = 'app.framewright.video.post'
  const FOLLOW = 'app.bsky.graph.follow'
  const LIKE = 'app.bsky.feed.like'
  const state = () =>
    new ArrivalSetRules({
      drops: [
        { collection: FOLLOW, path: ['subject'], keepIfIn: 'people', deletesKeptIfRepoIn: ['actors'], keptRepoJoins: 'actors' },
        { collection: LIKE, path: ['subject', 'uri'], keepIfIn: 'companions' },
      ],
      growth: [
        { collection: VIDEO, set: 'people', path: 'repo' },
        { collection: VIDEO, set: 'people', path: ['depicts', '*', 'subject'] },
        { collection: VIDEO, set: 'companions', path: ['crosspost', 'uri'] },
      ],
      sets: { people: ['did:plc:known'] },
      unread: [],
      judging: true,
    })
  const follow = (subject: string) => ({ subject, createdAt: at })

  it('drops what the sets do not hold, and counts what the records ahead of it bring', async () => {
    const filter = new ArrivalFilter([FOLLOW, LIKE, VIDEO], [], state())
    const maker = await TestRepo.create('did:plc:makeraaaaaaaaaaaaaaaaaaa')
    const fan = await TestRepo.create(DID)
    const companion = `at://${maker.did}/app.bsky.feed.post/c1`
    expect(filter.judge(await fan.commit(1, [create(FOLLOW, '3ka', follow('did:plc:known'))])).drop).toBe(false)
    expect(filter.judge(await fan.commit(2, [create(FOLLOW, '3kb', follow('did:plc:bob'))])).drop).toBe(true)
    expect(filter.judge(await fan.commit(3, [create(LIKE, '3kl', { subject: { uri: companion, cid: 'bafy' }, createdAt: at })])).drop).toBe(true)
    // A video naming bob and its companion post: its maker, bob and the post count from here on.
    const video = { depicts: [{ subject: 'did:plc:bob' }, { subject: 7 }], crosspost: { uri: companion, cid: 'bafy' }, createdAt: at }
    expect(filter.judge(await maker.commit(4, [create(VIDEO, '3kv', video)])).drop).toBe(false)
    expect(filter.judge(await fan.commit(5, [create(FOLLOW, '3kc', follow('did:plc:bob'))])).drop).toBe(false)
    expect(filter.judge(await fan.commit(6, [create(FOLLOW, '3kd', follow(maker.did))])).drop).toBe(false)
    expect(filter.judge(await fan.commit(7, [create(LIKE, '3km', { subject: { uri: companion, cid: 'bafy' }, createdAt: at })])).drop).toBe(false)
    // Deletes: kept from someone whose follow it kept, dropped from anyone else.
    expect(filter.judge(await fan.commit(8, [del(FOLLOW, '3ka')])).drop).toBe(false)
    const other = await TestRepo.create('did:plc:otheraaaaaaaaaaaaaaaaaaa')
    await other.commit(0, [create(FOLLOW, '3kz', follow('did:plc:bob'))])
    expect(filter.judge(await other.commit(9, [del(FOLLOW, '3kz')])).drop).toBe(true)
  })

  it('drops nothing by its sets while a commit of ours it could not read waits to be judged, nor while told not to judge', async () => {
    const sets = state()
    const filter = new ArrivalFilter([FOLLOW, LIKE, VIDEO], [], sets)
    const fan = await TestRepo.create(DID)
    const usual = await fan.commit(1, [create(FOLLOW, '3ka', follow('did:plc:bob'))])
    // The same commit behind a header of an unusual shape: read in full, not peeked.
    const header = new Uint8Array([0xa3, 0x61, 0x74, 0x67, ...new TextEncoder().encode('#commit'), 0x61, 0x78, 0x00, 0x62, 0x6f, 0x70, 0x01])
    expect(filter.judge(new Uint8Array([...header, ...usual.subarray(15)]))).toEqual({ drop: false, seq: 1 })
    expect(filter.judge(await fan.commit(2, [create(FOLLOW, '3kb', follow('did:plc:bob'))])).drop).toBe(false)
    sets.judged(1)
    expect(filter.judge(await fan.commit(3, [create(FOLLOW, '3kc', follow('did:plc:bob'))])).drop).toBe(true)
    sets.judging = false
    expect(filter.judge(await fan.commit(4, [create(FOLLOW, '3kd', follow('did:plc:bob'))])).drop).toBe(false)
  })

  it('reads texts at a path through arrays', () => {
    expect(textsAt({ depicts: [{ subject: 'a' }, { subject: 2 }, {}, { subject: 'b' }] }, ['depicts', '*', 'subject'])).toEqual(['a', 'b'])
    expect(textsAt({ depicts: 'a' }, ['depicts', '*', 'subject'])).toEqual([])
    expect(textsAt(null, ['x'])).toEqual([])
  })
})

describe('ArrivalSets', () => {
  it('sends, after a snapshot, each value added once, and hears of the first of each run', () => {
    const sets = new ArrivalSets()
    sets.add('people', 'a')
    let heard = 0
    expect(sets.snapshot(() => heard++)).toEqual({ people: ['a'] })
    expect(sets.takeAdded()).toBeUndefined()
    sets.add('people', 'a')
    sets.add('people', 'b')
    sets.add('posts', 'p')
    expect(heard).toBe(1)
    expect(sets.takeAdded()).toEqual({ people: ['b'], posts: ['p'] })
    sets.add('people', 'c')
    expect(heard).toBe(2)
  })

  it('keeps one rule per collection, the last given', () => {
    const sets = new ArrivalSets().rule({ collection: 'x', keepIfRepoIn: 'a' }).rule({ collection: 'x', keepIfRepoIn: 'b' })
    expect(sets.drops).toEqual([{ collection: 'x', keepIfRepoIn: 'b' }])
  })
})

describe('rebased', () => {
  it('reads the same ops, CAR and commit from a copy of the frame, holding nothing of the original', async () => {
    const repo = await TestRepo.create(DID)
    const commit = await repo.commit(1, [create(POST, '3kp', { text: 'hi', reply, createdAt: at })])
    // The frame as a view into a larger read, as the socket hands it over.
    const read = new Uint8Array(commit.length + 100)
    read.set(commit, 50)
    const data = read.subarray(50, 50 + commit.length)
    const body = peekFrame(data, () => true)!.read!
    const copy = data.slice()
    const moved = rebased(body, data, copy)
    expect(moved).toEqual(body)
    for (const view of [moved.blocks, moved.commit, moved.ops[0]!.cid!]) expect(view.buffer).toBe(copy.buffer)
  })
})

describe('the arrival thread', () => {
  let server: WebSocketServer | undefined
  let worker: ReturnType<typeof startTypeScriptWorker> | undefined
  afterEach(async () => {
    await worker?.terminate()
    for (const client of server?.clients ?? []) client.terminate()
    await new Promise((resolve) => server?.close(resolve))
  })

  it('stops reading while what it sent is not taken, and reads on once it is', async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await once(server, 'listening')
    // Frames it cannot read are passed on whole: fifty of 20 KB, a megabyte in all.
    const total = 50
    server.on('connection', (ws) => {
      for (let i = 0; i < total; i++) ws.send(new Uint8Array(20_000).fill(i))
    })
    worker = startTypeScriptWorker(new URL('./arrival-worker-body.ts', import.meta.url), new URL('./arrival-worker.mjs', import.meta.url))
    const received: number[] = []
    let messages = 0
    worker.on('message', (msg: ArrivalMessage) => {
      if (msg.type !== 'frames') return
      messages++
      // Each frame passed on ends at the next of `ends` in the message's one buffer.
      let start = 0
      for (const end of msg.ends) {
        received.push(msg.bytes[start]!)
        start = end
      }
    })
    const send = (cmd: ArrivalCommand) => worker!.postMessage(cmd)
    const service = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`
    send({ type: 'start', epoch: 0, service, cursor: 0, collections: [POST], rules: [], paused: [], maxInFlight: 4, maxInFlightBytes: 16 * 1024 * 1024 })
    await waitFor(() => received.length >= 4)
    // Nothing taken: it reads no further than its bound (and what the socket's last read still held).
    await new Promise((resolve) => setTimeout(resolve, 500))
    const held = received.length
    expect(held).toBeLessThan(total / 2)
    // Taken: it reads on, to the end, in order.
    const deadline = Date.now() + 10_000
    for (let sent = 0; received.length < total && Date.now() < deadline; ) {
      if (received.length > sent) {
        send({ type: 'taken', items: received.length - sent, bytes: (received.length - sent) * 20_000 })
        sent = received.length
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect(received).toEqual(Array.from({ length: total }, (_, i) => i))
    expect(messages).toBeGreaterThan(1)
  })
})

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
