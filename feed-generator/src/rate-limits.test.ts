import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Secp256k1Keypair } from '@atproto/crypto'
import type { IdResolver } from '@atproto/identity'
import { createServiceJwt } from '@atproto/xrpc-server'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createLogger } from '@framewright/service-kit'
import { FeedGenerator, envToConfig, feedUri, readEnv } from './index'

let gen: FeedGenerator
let server: http.Server
let base: string
let port: number
let key: Secp256k1Keypair

beforeAll(async () => {
  key = await Secp256k1Keypair.create()
  const idResolver = { did: { resolveAtprotoKey: async () => key.did() } } as unknown as IdResolver
  const env = readEnv({
    FRAMEWRIGHT_FEEDGEN_DB: ':memory:',
    FRAMEWRIGHT_FEEDGEN_DID: 'did:web:feeds.test',
    FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: 'did:plc:publisher',
    FRAMEWRIGHT_ROLE: 'api',
    FRAMEWRIGHT_RATE_LIMIT_PER_IP: '3/1m',
    FRAMEWRIGHT_RATE_LIMIT_PER_DID: '1/1m',
  })
  gen = await FeedGenerator.create(envToConfig(env), { idResolver, logger: createLogger({ level: 'silent' }) })
  // The handler the service listens with: getFeedSkeleton ahead of express, express for the rest.
  server = http.createServer(gen.handler)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  await gen.destroy()
})

const FEED = feedUri('did:plc:publisher', 'creation-first')

/** A signed feed page, from another loopback address than the other test's. */
async function signedPage(): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const jwt = await createServiceJwt({ iss: 'did:plc:viewer', aud: 'did:web:feeds.test', lxm: 'app.bsky.feed.getFeedSkeleton', keypair: key })
  return new Promise((resolve, reject) => {
    const path = `/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(FEED)}`
    http
      .get({ host: '127.0.0.1', port, path, localAddress: '127.0.0.2', headers: { authorization: `Bearer ${jwt}` } }, (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
      })
      .on('error', reject)
  })
}

it('counts a signed feed page against its viewer once the token verified, with the RateLimit headers', async () => {
  const first = await signedPage()
  expect(first.status).toBe(200)
  expect([first.headers['ratelimit-limit'], first.headers['ratelimit-remaining']]).toEqual(['1', '0'])
  const refused = await signedPage()
  expect(refused.status).toBe(429)
  expect(JSON.parse(refused.body)).toMatchObject({ error: 'RateLimitExceeded', message: expect.stringContaining('from this account') })
  expect(refused.headers['ratelimit-policy']).toBe('1;w=60')
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
})

it('counts every XRPC request of an address once, feed pages answered ahead of express included, and answers 429 with the RateLimit headers past the limit', async () => {
  const page = `${base}/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(FEED)}`
  const first = await fetch(page)
  expect(first.status).toBe(200)
  expect(first.headers.get('ratelimit-limit')).toBe('3')
  expect(first.headers.get('ratelimit-remaining')).toBe('2')
  // Through express (the XRPC router): the same count, each request once.
  const described = await fetch(`${base}/xrpc/app.bsky.feed.describeFeedGenerator`)
  expect(described.status).toBe(200)
  expect(described.headers.get('ratelimit-remaining')).toBe('1')
  expect((await fetch(page)).status).toBe(200)
  for (const url of [page, `${base}/xrpc/app.bsky.feed.describeFeedGenerator`]) {
    const refused = await fetch(url)
    expect(refused.status).toBe(429)
    expect(await refused.json()).toMatchObject({ error: 'RateLimitExceeded' })
    expect(refused.headers.get('ratelimit-remaining')).toBe('0')
    expect(refused.headers.get('ratelimit-policy')).toBe('3;w=60')
    expect(Number(refused.headers.get('ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
  }
  // The health check is not an XRPC method anyone spends.
  expect((await fetch(`${base}/xrpc/_health`)).status).toBe(200)
})

it('counts our did:web document against its address too, with the XRPC methods', async () => {
  const fromAnother = (path: string) =>
    new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path, localAddress: '127.0.0.3' }, (res) => (res.resume(), resolve(res))).on('error', reject)
    })
  const did = await fromAnother('/.well-known/did.json')
  expect(did.statusCode).toBe(200)
  expect([did.headers['ratelimit-limit'], did.headers['ratelimit-remaining']]).toEqual(['3', '2'])
  expect((await fromAnother('/xrpc/app.bsky.feed.describeFeedGenerator')).headers['ratelimit-remaining']).toBe('1')
  expect((await fromAnother('/.well-known/did.json')).statusCode).toBe(200)
  const refused = await fromAnother('/.well-known/did.json')
  expect(refused.statusCode).toBe(429)
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
})
