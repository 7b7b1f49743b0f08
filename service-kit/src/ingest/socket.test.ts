import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocketServer } from 'ws'
import { createLogger } from '../logger'
import { FirehoseSocket } from './socket'

describe('FirehoseSocket', () => {
  let server: WebSocketServer | undefined
  let socket: FirehoseSocket | undefined
  afterEach(async () => {
    vi.useRealTimers()
    socket?.close()
    for (const client of server?.clients ?? []) client.terminate()
    await new Promise((resolve) => server?.close(resolve))
  })

  /** A server that counts connections, and a socket to it whose reconnect timers never fire by themselves. */
  async function connect() {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await once(server, 'listening')
    const connections: string[] = []
    server.on('connection', (_ws, req) => connections.push(req.url ?? ''))
    let n = 0
    const url = () => `ws://127.0.0.1:${(server!.address() as AddressInfo).port}/xrpc/com.atproto.sync.subscribeRepos?cursor=${n++}`
    socket = new FirehoseSocket({ url, onMessage: () => undefined, logger: createLogger({ level: 'silent' }) })
    socket.start()
    await vi.waitFor(() => expect(connections).toHaveLength(1))
    // Only now: the backoff of a reconnect is a setTimeout, which then waits for the test to advance it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    return connections
  }

  /** Turns of the event loop (setImmediate is not faked) until `n` connections came, or false after `ms` of them. */
  async function connections(list: string[], n: number, ms: number): Promise<boolean> {
    const deadline = performance.now() + ms
    while (list.length < n && performance.now() < deadline) await new Promise((resolve) => setImmediate(resolve))
    return list.length >= n
  }

  it('reconnects at once when asked to read from another cursor, and after a backoff otherwise', async () => {
    const seen = await connect()
    socket!.reconnect('reading from the start', { now: true })
    expect(await connections(seen, 2, 10_000)).toBe(true)
    expect(seen[1]).toContain('cursor=1')
    socket!.reconnect('the connection failed us')
    // Nothing opens until the backoff has passed…
    expect(await connections(seen, 3, 300)).toBe(false)
    // …and then it does.
    await vi.advanceTimersByTimeAsync(1_000)
    expect(await connections(seen, 3, 10_000)).toBe(true)
  })

  it('reads again only once every reason it was paused for is resumed', async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await once(server, 'listening')
    server.on('connection', (ws) => ws.on('message', (m) => ws.send(m)))
    const heard: string[] = []
    socket = new FirehoseSocket({
      url: () => `ws://127.0.0.1:${(server!.address() as AddressInfo).port}/`,
      onMessage: (data) => heard.push(Buffer.from(data).toString()),
      logger: createLogger({ level: 'silent' }),
    })
    socket.start()
    await vi.waitFor(() => expect(socket!.connected).toBe(true))
    const send = (text: string) => [...server!.clients][0]!.send(text)
    send('one')
    await vi.waitFor(() => expect(heard).toEqual(['one']))
    socket.pause('queue')
    socket.pause('backfill')
    send('two')
    socket.resume('backfill')
    // Still held by the queue: nothing is read, however long we wait for it.
    expect(socket.isPaused).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(heard).toEqual(['one'])
    socket.resume('queue')
    expect(socket.isPaused).toBe(false)
    await vi.waitFor(() => expect(heard).toEqual(['one', 'two']))
  })
})
