import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ForbiddenAddressError, OutboundClient, OutboundTimeoutError, ResponseTooLargeError, TooManyRedirectsError } from '@framewright/service-kit'
import { SkeletonClient } from './skeleton-client'

/** Two origins: `a` answers by path, `b` says who asked with what authorization. */
let a: http.Server
let b: http.Server
let originA: string
let originB: string
/** Everything listens on 127.0.0.1: allowed by address, as the local stack allows it. */
const outbound = new OutboundClient({ allow: ['127.0.0.1'] })
const client = new SkeletonClient(outbound)

beforeAll(async () => {
  b = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ at: 'b', authorization: req.headers.authorization ?? null })))
  a = http.createServer((req, res) => {
    const path = req.url ?? ''
    if (path === '/json') return void res.writeHead(200, { 'x-one': 'first', 'content-type': 'application/json' }).end(JSON.stringify({ feed: [], authorization: req.headers.authorization ?? null }))
    if (path === '/text') return void res.writeHead(502).end('bad gateway')
    if (path === '/here') return void res.writeHead(302, { location: '/json' }).end()
    if (path === '/there') return void res.writeHead(307, { location: `${originB}/anything` }).end()
    if (path === '/loop') return void res.writeHead(302, { location: '/loop' }).end()
    if (path === '/metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
    if (path === '/slow') return void setTimeout(() => res.writeHead(200).end('{}'), 2_000)
    if (path === '/huge') return void res.writeHead(200).end(Buffer.alloc(2 * 1024 * 1024, 32))
    res.writeHead(404).end()
  })
  for (const server of [a, b]) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  originA = `http://127.0.0.1:${(a.address() as AddressInfo).port}`
  originB = `http://127.0.0.1:${(b.address() as AddressInfo).port}`
})
afterAll(async () => {
  outbound.close()
  for (const server of [a, b]) await new Promise((r) => server.close(r))
})

describe('SkeletonClient', () => {
  const auth = { authorization: 'Bearer token' }

  it('answers with the status, the headers and the JSON body; a body that is not JSON is undefined', async () => {
    const ok = await client.get(new URL('/json', originA), auth, 5_000)
    expect([ok.status, ok.headers['x-one'], ok.body]).toEqual([200, 'first', { feed: [], authorization: 'Bearer token' }])
    const bad = await client.get(new URL('/text', originA), {}, 5_000)
    expect([bad.status, bad.body]).toEqual([502, undefined])
  })

  it('follows redirects as fetch does: the authorization only within the origin', async () => {
    expect((await client.get(new URL('/here', originA), auth, 5_000)).body).toEqual({ feed: [], authorization: 'Bearer token' })
    expect((await client.get(new URL('/there', originA), auth, 5_000)).body).toEqual({ at: 'b', authorization: null })
    await expect(client.get(new URL('/loop', originA), auth, 5_000)).rejects.toThrow(TooManyRedirectsError)
  })

  it('goes nowhere private the allowlist does not name, however it is sent there', async () => {
    await expect(client.get(new URL('/metadata', originA), auth, 5_000)).rejects.toThrow(ForbiddenAddressError)
    await expect(client.get(new URL('/json', originA.replace('127.0.0.1', '127.0.0.2')), auth, 5_000)).rejects.toThrow(ForbiddenAddressError)
  })

  it('gives up on an answer that does not come in time, or does not end within the size a skeleton has', async () => {
    await expect(client.get(new URL('/slow', originA), {}, 200)).rejects.toThrow(OutboundTimeoutError)
    await expect(client.get(new URL('/huge', originA), {}, 5_000)).rejects.toThrow(ResponseTooLargeError)
    await expect(client.get(new URL('/json', 'http://127.0.0.1:1'), {}, 5_000)).rejects.toThrow()
  })
})
