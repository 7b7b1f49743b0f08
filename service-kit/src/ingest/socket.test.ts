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
})
