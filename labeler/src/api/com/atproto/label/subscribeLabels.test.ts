import type { Server as HttpServer } from 'node:http'
import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Worker } from 'node:worker_threads'
import { createRequire } from 'node:module'
import express from 'express'
import { WebSocket } from 'ws'
import { decode, decodeFirst } from '@atcute/cbor'
import { Secp256k1Keypair } from '@atproto/crypto'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { closeServer, createLogger, listen, type Database } from '@framewright/service-kit'
import { createServer } from '@framewright/lexicons/server'
import { describeEngines } from '@framewright/service-kit/testing'
import type { AppContext } from '../../../../context'
import { migrations } from '../../../../db/migrations'
import type { LabelerSchema } from '../../../../db/schema'
import { SUBSCRIBER_LIMITS, type LabelFanout, type LabelFrame } from '../../../../labels/fanout'
import { LabelStore } from '../../../../labels/store'
import subscribeLabels from './subscribeLabels'

const because = { detector: 'test', reason: 'because', evidence: null }

/** Waits for a condition the code under test makes true (never a fixed sleep standing in for it). */
async function until(what: string, check: () => boolean | Promise<boolean>, tries = 2_000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`gave up waiting: ${what}`)
}

/** A decoded event-stream frame. */
type Frame = { header: { op: number; t?: string }; body: { seq?: number; error?: string; message?: string } }

function decodeFrame(data: Buffer): Frame {
  const [header, rest] = decodeFirst(new Uint8Array(data))
  return { header, body: decode(rest) } as Frame
}

describeEngines('subscribeLabels', (engine) => {
  let db: Database<LabelerSchema>
  let store: LabelStore
  let server: HttpServer
  let fanout: LabelFanout<LabelFrame>
  let url: string
  const clients: WebSocket[] = []

  /** Starts subscribeLabels alone, on a real socket, with the given limits per subscriber. */
  async function start(limits?: { maxFrames: number; maxBytes: number }) {
    const xrpc = createServer({ validateResponse: false })
    const ctx = { labels: store, logger: createLogger({ level: 'silent' }) } as unknown as AppContext
    fanout = subscribeLabels(xrpc, ctx, limits)
    const app = express()
    app.use(xrpc.xrpc.router)
    const listening = await listen(app, { port: 0, service: 'labeler', portVariable: 'FRAMEWRIGHT_LABELER_PORT' })
    server = listening.server
    url = `ws://127.0.0.1:${listening.port}/xrpc/com.atproto.label.subscribeLabels`
  }

  /** Applies `count` labels on distinct subjects; `uriBytes` pads each subject to make frames big. */
  async function label(count: number, uriBytes = 60): Promise<void> {
    const base = await store.headSeq()
    const pad = 'x'.repeat(Math.max(0, uriBytes - 60))
    await store.apply(Array.from({ length: count }, (_, i) => ({ uri: `at://did:plc:c/app.framewright.video.post/${pad}${base + i}`, val: 'ai-video', neg: false, explanation: because })))
  }

  beforeEach(async () => {
    db = engine.open<LabelerSchema>(migrations)
    await db.migrateToLatest()
    store = new LabelStore(db.db, await Secp256k1Keypair.create(), 'did:plc:labeler')
  })
  afterEach(async () => {
    for (const ws of clients.splice(0)) ws.terminate()
    await closeServer(server)
    await db.close()
  })

  it('closes a subscriber that never reads with ConsumerTooSlow, while one that reads keeps receiving every label', async () => {
    // Room for the bursts below (200 labels a commit), far less than the slow one will owe.
    await start({ maxFrames: 600, maxBytes: 2 * 1024 * 1024 })
    const fast = new WebSocket(url)
    const slow = new WebSocket(url)
    clients.push(fast, slow)
    const fastSeqs: number[] = []
    fast.on('message', (data: Buffer) => fastSeqs.push(decodeFrame(data).body.seq!))
    // The slow one's socket stops reading as soon as it is upgraded: what the server sends piles up
    // in the kernel's buffers, then in the server's.
    let slowSocket: { pause(): void; resume(): void } | undefined
    slow.once('upgrade', (res) => {
      slowSocket = res.socket
      slowSocket.pause()
    })
    const slowFrames: Frame[] = []
    slow.on('message', (data: Buffer) => slowFrames.push(decodeFrame(data)))
    const slowClosed = new Promise<number>((resolve) => slow.once('close', (code) => resolve(code)))
    await until('both subscribers follow the live end', () => fanout.liveCount === 2)

    // Big frames (about 2 KB) fill loopback buffers of a few MB with a few thousand labels. The
    // reading subscriber takes each commit's labels before the next commit; the other takes none.
    let head = 0
    while (fanout.liveCount === 2) {
      if (head > 10_000) throw new Error(`the slow subscriber was never closed after ${head} labels`)
      await label(200, 2_000)
      head = await store.headSeq()
      await until('the reading subscriber has every label', () => fastSeqs.length === head || fast.readyState > WebSocket.OPEN)
    }
    await label(10)
    head = await store.headSeq()
    await until('the reading subscriber has every label', () => fastSeqs.length === head || fast.readyState > WebSocket.OPEN)
    expect(fastSeqs).toEqual(Array.from({ length: head }, (_, i) => i + 1))
    expect(fast.readyState).toBe(WebSocket.OPEN)

    // The slow one, reading at last: the labels it was sent, in order, then the error frame and the close.
    slowSocket!.resume()
    expect(await slowClosed).toBe(1008)
    const error = slowFrames.at(-1)!
    expect(error.header).toEqual({ op: -1 })
    expect(error.body.error).toBe('ConsumerTooSlow')
    const received = slowFrames.slice(0, -1).map((f) => f.body.seq!)
    expect(received).toEqual(Array.from({ length: received.length }, (_, i) => i + 1))
    expect(received.length).toBeLessThan(head)
    // Where to resume from: nothing after it was received, so nothing is lost by reconnecting there.
    const resumeAt = Number(/cursor=(\d+)/.exec(error.body.message ?? '')?.[1])
    expect(resumeAt).toBeLessThanOrEqual(received.length)
  })

  it('replays from a cursor at the pace of the reader, then follows the live end without a gap', async () => {
    await start()
    await label(1_200)
    const ws = new WebSocket(`${url}?cursor=100`)
    clients.push(ws)
    const seqs: number[] = []
    ws.on('message', (data: Buffer) => seqs.push(decodeFrame(data).body.seq!))
    await until('replayed', () => seqs.length === 1_100)
    await until('following the live end', () => fanout.liveCount === 1)
    await label(3)
    await until('live labels', () => seqs.length === 1_103)
    expect(seqs).toEqual(Array.from({ length: 1_103 }, (_, i) => i + 101))
    // A subscriber that goes away leaves nothing behind (nor the shared reader, once it was the last).
    ws.close()
    await until('the subscriber is gone', () => fanout.liveCount === 0)
  })

  it('hands a reading subscriber a commit bigger than its limit whole, a batch at a time', async () => {
    await start()
    const ws = new WebSocket(url)
    clients.push(ws)
    const seqs: number[] = []
    ws.on('message', (data: Buffer) => seqs.push(decodeFrame(data).body.seq!))
    await until('open and following the live end', () => ws.readyState === WebSocket.OPEN && fanout.liveCount === 1)
    // One ingestion batch can change thousands of labels at once: more than a subscriber may owe.
    await label(SUBSCRIBER_LIMITS.maxFrames * 3)
    await until('every label, or the close', () => seqs.length === SUBSCRIBER_LIMITS.maxFrames * 3 || ws.readyState > WebSocket.OPEN)
    expect(ws.readyState).toBe(WebSocket.OPEN)
    expect(seqs).toEqual(Array.from({ length: SUBSCRIBER_LIMITS.maxFrames * 3 }, (_, i) => i + 1))
  })

  it('keeps 1,000 idle subscribers in bounded memory, with no timer or query of their own', async () => {
    await start()
    await label(1)
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const heap = () => {
      gc()
      gc()
      const stats = getHeapStatistics()
      return stats.used_heap_size + stats.external_memory
    }
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    // The subscribers' client ends live in a worker: its heap is not this one.
    const worker = new Worker(
      `
      const { parentPort, workerData } = require('node:worker_threads')
      const { WebSocket } = require(workerData.ws)
      let open = 0, received = 0
      const sockets = []
      parentPort.on('message', (n) => {
        if (n === 'count') return parentPort.postMessage({ open, received })
        if (n === 'close') { for (const s of sockets) s.terminate(); return parentPort.postMessage({ open, received }) }
        for (let i = 0; i < n; i++) {
          const ws = new WebSocket(workerData.url)
          ws.on('open', () => open++)
          ws.on('message', () => received++)
          sockets.push(ws)
        }
      })`,
      { eval: true, workerData: { url, ws: createRequire(import.meta.url).resolve('ws') } },
    )
    const ask = () => new Promise<{ open: number; received: number }>((resolve) => { worker.once('message', resolve); worker.postMessage('count') })
    try {
      // A few first, so that what every server needs once (buffers, compiled code) is not counted.
      worker.postMessage(20)
      await until('20 subscribers', () => fanout.liveCount === 20)
      const timersBefore = timers()
      const before = heap()
      worker.postMessage(1_000)
      await until('1,020 subscribers', () => fanout.liveCount === 1_020, 6_000)
      const perSubscriber = (heap() - before) / 1_000
      expect(perSubscriber).toBeLessThan(50 * 1024)
      // No timer per subscriber: one shared poll at most.
      expect(timers() - timersBefore).toBeLessThan(5)

      // One label reaches all of them through one read of the log, not one read each.
      let reads = 0
      const since = store.since.bind(store)
      store.since = (after, limit) => {
        reads++
        return since(after, limit)
      }
      await label(1)
      await until('every subscriber has the label', async () => (await ask()).received === 1_020, 6_000)
      expect(reads).toBeLessThan(10)
    } finally {
      await new Promise((resolve) => { worker.once('message', resolve); worker.postMessage('close') })
      await worker.terminate()
    }
  })
})
