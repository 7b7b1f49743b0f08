import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { IdResolver } from '@atproto/identity'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createLogger } from '@framewright/service-kit'
import { FeedGenerator, envToConfig, feedUri, readEnv } from './index'

let gen: FeedGenerator
let server: http.Server
let base: string

beforeAll(async () => {
  const env = readEnv({
    FRAMEWRIGHT_FEEDGEN_DB: ':memory:',
    FRAMEWRIGHT_FEEDGEN_DID: 'did:web:feeds.test',
    FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: 'did:plc:publisher',
    FRAMEWRIGHT_ROLE: 'api',
    FRAMEWRIGHT_RATE_LIMIT_PER_IP: '3/1m',
  })
  gen = await FeedGenerator.create(envToConfig(env), { idResolver: {} as IdResolver, logger: createLogger({ level: 'silent' }) })
  // The handler the service listens with: getFeedSkeleton ahead of express, express for the rest.
  server = http.createServer(gen.handler)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  await gen.destroy()
})

it('counts every XRPC request of an address once, feed pages answered ahead of express included, and answers 429 with the RateLimit headers past the limit', async () => {
  const page = `${base}/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(feedUri('did:plc:publisher', 'creation-first'))}`
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
