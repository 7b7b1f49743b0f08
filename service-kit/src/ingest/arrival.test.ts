import { encode } from '@atcute/cbor'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { startTypeScriptWorker } from '../plain-worker'
import { ArrivalFilter, dropsRecord, peekFrame, rebased, type RawDropRule } from './arrival'
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
