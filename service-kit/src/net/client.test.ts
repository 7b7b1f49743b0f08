import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { OutboundClient } from './client'
import { ForbiddenAddressError, OutboundTimeoutError, ResponseTooLargeError, TooManyRedirectsError } from './errors'

/**
 * Everything here listens on 127.0.0.1, so the clients allow the name `localhost` and nothing else:
 * a hop to 127.0.0.1 or 127.0.0.2 by address is a hop to a private address the network named.
 */
let a: http.Server
let b: http.Server
let wss: WebSocketServer
let portA: number
let portB: number
let never: () => void = () => undefined
const client = new OutboundClient({ allow: ['localhost'] })

beforeAll(async () => {
  b = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ at: 'b', authorization: req.headers.authorization ?? null })))
  a = http.createServer((req, res) => {
    const path = req.url ?? ''
    if (path === '/json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ at: 'a', authorization: req.headers.authorization ?? null }))
    if (path === '/here') return void res.writeHead(302, { location: '/json' }).end()
    if (path === '/to-b') return void res.writeHead(307, { location: `http://localhost:${portB}/x` }).end()
    if (path === '/to-loopback-ip') return void res.writeHead(302, { location: `http://127.0.0.1:${portB}/x` }).end()
    if (path === '/to-other-loopback') return void res.writeHead(302, { location: `http://127.0.0.2:${portB}/x` }).end()
    if (path === '/to-metadata') return void res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
    if (path === '/to-mapped') return void res.writeHead(302, { location: `http://[::ffff:127.0.0.1]:${portB}/x` }).end()
    if (path === '/loop') return void res.writeHead(302, { location: '/loop' }).end()
    if (path === '/slow') return void (never = () => res.writeHead(200).end('{}'))
    if (path === '/stalls') {
      res.writeHead(200, { 'content-type': 'application/json' })
      return void res.write('{"partial":')
    }
    if (path === '/huge') return void res.writeHead(200).end(Buffer.alloc(64 * 1024, 32))
    if (path === '/huge-chunked') {
      res.writeHead(200)
      for (let i = 0; i < 16; i++) res.write(Buffer.alloc(4 * 1024, 32))
      return void res.end()
    }
    res.writeHead(404).end()
  })
  for (const server of [a, b]) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  portA = (a.address() as AddressInfo).port
  portB = (b.address() as AddressInfo).port
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  wss.on('connection', (ws) => ws.send('hello'))
  await new Promise((r) => wss.once('listening', r))
})
afterAll(async () => {
  never()
  client.close()
  wss.close()
  for (const server of [a, b]) {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  }
})

const at = (path: string) => `http://localhost:${portA}${path}`
const failure = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err)

describe('OutboundClient', () => {
  it('fetches from an allowed host, follows a redirect within it, and keeps the authorization there', async () => {
    const res = await client.get(at('/here'), { headers: { authorization: 'Bearer t' } })
    expect([res.status, JSON.parse(res.body.toString()), res.url.pathname]).toEqual([200, { at: 'a', authorization: 'Bearer t' }, '/json'])
  })

  it('drops the authorization on a redirect to another origin', async () => {
    const res = await client.get(at('/to-b'), { headers: { Authorization: 'Bearer t' } })
    expect(JSON.parse(res.body.toString())).toEqual({ at: 'b', authorization: null })
  })

  it('refuses an address the network names directly', async () => {
    expect(await failure(client.get(`http://127.0.0.1:${portA}/json`))).toBeInstanceOf(ForbiddenAddressError)
    expect(await failure(client.get(`http://2130706433:${portA}/json`))).toBeInstanceOf(ForbiddenAddressError)
    expect(await failure(client.get(`http://0x7f.1:${portA}/json`))).toBeInstanceOf(ForbiddenAddressError)
    expect(await failure(client.get(`http://[::ffff:127.0.0.1]:${portA}/json`))).toBeInstanceOf(ForbiddenAddressError)
  })

  it.each(['/to-loopback-ip', '/to-other-loopback', '/to-metadata', '/to-mapped'])('refuses the private hop of a redirect from an allowed host (%s)', async (path) => {
    const err = await failure(client.get(at(path)))
    expect(err).toBeInstanceOf(ForbiddenAddressError)
  })

  it('stops following redirects after the limit', async () => {
    expect(await failure(client.get(at('/loop'), { maxRedirects: 3 }))).toBeInstanceOf(TooManyRedirectsError)
  })

  it('refuses an answer over the size limit, declared or streamed', async () => {
    expect(await failure(client.get(at('/huge'), { maxBytes: 10_000 }))).toBeInstanceOf(ResponseTooLargeError)
    expect(await failure(client.get(at('/huge-chunked'), { maxBytes: 10_000 }))).toBeInstanceOf(ResponseTooLargeError)
    expect((await client.get(at('/huge-chunked'), { maxBytes: 64 * 1024 })).body.length).toBe(64 * 1024)
  })

  it('gives up on headers or a body that do not come within the time allowed', async () => {
    expect(await failure(client.get(at('/slow'), { timeoutMs: 200 }))).toBeInstanceOf(OutboundTimeoutError)
    expect(await failure(client.get(at('/stalls'), { timeoutMs: 200 }))).toBeInstanceOf(OutboundTimeoutError)
    expect(await failure((await client.fetch(at('/stalls'), { timeoutMs: 200 })).json())).toBeInstanceOf(OutboundTimeoutError)
  })

  it('answers as fetch does for code written against fetch', async () => {
    const res = await client.fetch(at('/json'))
    expect([res.ok, res.headers.get('content-type'), await res.json()]).toEqual([true, 'application/json', { at: 'a', authorization: null }])
    expect(await failure(client.fetch(at('/to-metadata')))).toBeInstanceOf(ForbiddenAddressError)
  })

  it('connects to the address its resolver vetted, not to a second DNS answer', async () => {
    // No DNS knows feed.example: the connection can only have gone where the guard's resolver said.
    const resolving = new OutboundClient({ allow: ['127.0.0.1'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] })
    const res = await resolving.get(`http://feed.example:${portA}/json`)
    expect(JSON.parse(res.body.toString()).at).toBe('a')
    const rebinding = new OutboundClient({ resolve: async () => [{ address: '93.184.215.14', family: 4 }, { address: '127.0.0.1', family: 4 }] })
    expect(await failure(rebinding.get(`http://feed.example:${portA}/json`))).toBeInstanceOf(ForbiddenAddressError)
    resolving.close()
    rebinding.close()
  })

  it('puts websocket connections through the same guard', async () => {
    const open = (url: string) =>
      new Promise<string>((resolve, reject) => {
        const ws = new WebSocket(url, { agent: client.websocketAgent(url) })
        ws.once('message', (data) => {
          ws.close()
          resolve(String(data))
        })
        ws.once('error', reject)
      })
    const port = (wss.address() as AddressInfo).port
    expect(await open(`ws://localhost:${port}`)).toBe('hello')
    expect(await failure(open(`ws://127.0.0.1:${port}`))).toBeInstanceOf(ForbiddenAddressError)
    expect(await failure(open(`ws://127.0.0.2:${port}`))).toBeInstanceOf(ForbiddenAddressError)
  })
})
