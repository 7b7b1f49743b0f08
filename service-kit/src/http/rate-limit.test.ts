import { request } from 'node:http'
import { Secp256k1Keypair } from '@atproto/crypto'
import type { IdResolver } from '@atproto/identity'
import { createServiceJwt } from '@atproto/xrpc-server'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { createServer } from '@framewright/lexicons/server'
import { ConfigError } from '../errors'
import { closeServer, listen } from './server'
import { enforceRateLimit, FixedWindowLimiter, parseRateLimitRule, rateLimitsConfig, RequestRateLimiter } from './rate-limit'
import { addressKey } from './client-address'
import { ServiceAuthVerifier } from '../auth/service-auth'

describe('parseRateLimitRule', () => {
  it.each([
    ['300/1m', { points: 300, windowMs: 60_000 }],
    ['20/h', { points: 20, windowMs: 3_600_000 }],
    ['5000 / 30s', { points: 5_000, windowMs: 30_000 }],
    ['1/1d', { points: 1, windowMs: 86_400_000 }],
    ['off', undefined],
    ['0', undefined],
  ])('reads %s', (raw, rule) => {
    expect(parseRateLimitRule('X', raw)).toEqual(rule)
  })

  it.each(['300', '300/1y', 'lots/1m', '0/1m', '10/0s', '-1/1m'])('refuses %s, naming the variable', (raw) => {
    expect(() => parseRateLimitRule('FRAMEWRIGHT_RATE_LIMIT_PER_IP', raw)).toThrow(ConfigError)
    expect(() => parseRateLimitRule('FRAMEWRIGHT_RATE_LIMIT_PER_IP', raw)).toThrow(/FRAMEWRIGHT_RATE_LIMIT_PER_IP/)
  })

  it('has generous defaults and refuses a malformed exempt address', () => {
    expect(rateLimitsConfig({}).perIp!.points).toBeGreaterThanOrEqual(1_000)
    expect(() => rateLimitsConfig({ exemptIps: ['10.0.0.0/8', '::1', 'nonsense'] })).toThrow(/FRAMEWRIGHT_RATE_LIMIT_EXEMPT_IPS.*nonsense/)
    expect(() => rateLimitsConfig({ trustedProxies: ['10.0.0.0/99'] })).toThrow(/FRAMEWRIGHT_RATE_LIMIT_TRUSTED_PROXIES/)
  })
})

describe('FixedWindowLimiter', () => {
  it('allows `points` per window per key, then refuses until the window ends', () => {
    const limiter = new FixedWindowLimiter({ points: 2, windowMs: 10_000 })
    const t = 1_000_000
    expect(limiter.take('a', t)).toMatchObject({ allowed: true, remaining: 1, resetAtMs: t + 10_000 })
    expect(limiter.take('a', t + 1)).toMatchObject({ allowed: true, remaining: 0 })
    expect(limiter.take('a', t + 2)).toMatchObject({ allowed: false, remaining: 0, resetAtMs: t + 10_000 })
    expect(limiter.take('b', t + 2)).toMatchObject({ allowed: true, remaining: 1 })
    expect(limiter.take('a', t + 10_000)).toMatchObject({ allowed: true, remaining: 1, resetAtMs: t + 20_000 })
  })
})

describe('addressKey', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::7', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('keys %s by %s', (address, key) => {
    expect(addressKey(address)).toBe(key)
  })
})

/** A GET from a given loopback address (all of 127/8 is this machine on Linux). */
function get(port: number, path: string, from = '127.0.0.1', headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress: from, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('RequestRateLimiter on an XRPC server', () => {
  async function serve(limiter: RequestRateLimiter, auth?: ServiceAuthVerifier) {
    const xrpc = createServer({ validateResponse: false })
    xrpc.com.atproto.label.queryLabels({
      // Signed requests must verify; anonymous ones are welcome.
      auth: auth ? auth.optional('com.atproto.label.queryLabels') : undefined,
      handler: async () => ({ encoding: 'application/json', body: { labels: [] } }),
    })
    const app = express()
    app.use('/xrpc', limiter.middleware)
    app.use(xrpc.xrpc.router)
    const { server } = await listen(app, { port: 0, host: '127.0.0.1', service: 'test', portVariable: 'TEST_PORT' })
    return { server, port: (server.address() as AddressInfo).port }
  }
  const path = '/xrpc/com.atproto.label.queryLabels?uriPatterns=*'

  it('answers 429 RateLimitExceeded with the RateLimit headers once an address is over its limit, and other addresses go on', async () => {
    const { server, port } = await serve(new RequestRateLimiter({ perIp: { points: 2, windowMs: 60_000 }, exemptIps: [], trustedProxies: [] }))
    try {
      const first = await get(port, path)
      expect(first.status).toBe(200)
      expect(first.headers['ratelimit-limit']).toBe('2')
      expect(first.headers['ratelimit-remaining']).toBe('1')
      expect(first.headers['ratelimit-policy']).toBe('2;w=60')
      expect((await get(port, path)).status).toBe(200)
      const refused = await get(port, path)
      expect(refused.status).toBe(429)
      expect(JSON.parse(refused.body)).toMatchObject({ error: 'RateLimitExceeded', message: expect.stringContaining('2 requests per 1 min') })
      expect(refused.headers['ratelimit-remaining']).toBe('0')
      expect(Number(refused.headers['ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000)
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      // Another address has its own count; an unknown method is limited too (before the router's 404).
      expect((await get(port, path, '127.0.0.2')).status).toBe(200)
      expect((await get(port, '/xrpc/com.example.nothing')).status).toBe(429)
    } finally {
      await closeServer(server)
    }
  })

  it('counts a request whose token verified against its account too, whatever address it comes from, and a forged token against no one', async () => {
    const key = await Secp256k1Keypair.create()
    const resolver = { did: { resolveAtprotoKey: async (did: string) => (did === 'did:plc:busy' ? key.did() : Promise.reject(new Error('unknown'))) } } as unknown as IdResolver
    const auth = new ServiceAuthVerifier(resolver, 'did:web:service.test')
    const limiter = new RequestRateLimiter({ perIp: { points: 100, windowMs: 60_000 }, perDid: { points: 2, windowMs: 60_000 }, exemptIps: [], trustedProxies: [] }).countAccountsOf(auth)
    const { server, port } = await serve(limiter, auth)
    const mint = async (keypair = key) =>
      `Bearer ${await createServiceJwt({ iss: 'did:plc:busy', aud: 'did:web:service.test', lxm: 'com.atproto.label.queryLabels', keypair })}`
    try {
      // A forger claiming the account spends its own address's count, not the account's.
      const forger = await Secp256k1Keypair.create()
      for (let i = 0; i < 3; i++) expect((await get(port, path, '127.0.0.4', { authorization: await mint(forger) })).status).toBe(401)
      const first = await get(port, path, '127.0.0.1', { authorization: await mint() })
      expect(first.status).toBe(200)
      // The account's count is the tighter one: its headers are the ones sent.
      expect([first.headers['ratelimit-limit'], first.headers['ratelimit-remaining']]).toEqual(['2', '1'])
      expect((await get(port, path, '127.0.0.2', { authorization: await mint() })).status).toBe(200)
      const refused = await get(port, path, '127.0.0.3', { authorization: await mint() })
      expect(refused.status).toBe(429)
      expect(JSON.parse(refused.body)).toMatchObject({ error: 'RateLimitExceeded', message: expect.stringContaining('from this account') })
      expect(refused.headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-policy': '2;w=60' })
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      // Anonymous from the same address: only the address counts.
      expect((await get(port, path, '127.0.0.3')).status).toBe(200)
    } finally {
      await closeServer(server)
    }
  })

  it('behind a trusted proxy, counts the address the proxy names, and believes no one else’s header', async () => {
    const { server, port } = await serve(new RequestRateLimiter({ perIp: { points: 1, windowMs: 60_000 }, exemptIps: [], trustedProxies: ['127.0.0.1'] }))
    try {
      // Through the proxy (127.0.0.1): each client address has its own count.
      expect((await get(port, path, '127.0.0.1', { 'x-forwarded-for': '198.51.100.7' })).status).toBe(200)
      expect((await get(port, path, '127.0.0.1', { 'x-forwarded-for': '203.0.113.1, 198.51.100.8' })).status).toBe(200)
      expect((await get(port, path, '127.0.0.1', { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429)
      // Straight from an untrusted address, a forged header is ignored.
      expect((await get(port, path, '127.0.0.5', { 'x-forwarded-for': '198.51.100.9' })).status).toBe(200)
      expect((await get(port, path, '127.0.0.5', { 'x-forwarded-for': '198.51.100.10' })).status).toBe(429)
    } finally {
      await closeServer(server)
    }
  })

  it('never limits an exempt address', async () => {
    const { server, port } = await serve(new RequestRateLimiter({ perIp: { points: 1, windowMs: 60_000 }, exemptIps: ['127.0.0.0/30'], trustedProxies: [] }))
    try {
      for (let i = 0; i < 3; i++) expect((await get(port, path, '127.0.0.2')).status).toBe(200)
      expect((await get(port, path, '127.0.0.9')).status).toBe(200)
      expect((await get(port, path, '127.0.0.9')).status).toBe(429)
    } finally {
      await closeServer(server)
    }
  })
})

describe('RequestRateLimiter on other routes', () => {
  it('counts a request once per limiter that sees it, each limiter against its own rule, naming what it counts', async () => {
    const addresses = { exemptIps: [], trustedProxies: [] }
    const media = new RequestRateLimiter({ ...addresses, perIp: { points: 2, windowMs: 60_000 } }, { what: 'video requests' })
    const general = new RequestRateLimiter({ ...addresses, perIp: { points: 10, windowMs: 60_000 } })
    const app = express()
    app.use('/video', media.middleware)
    // Counted twice by the same limiter (as a route answered ahead of express is): once.
    app.use('/video', media.middleware)
    app.use(general.middleware)
    app.get('*', (_req, res) => void res.send('ok'))
    const { server, port } = await listen(app, { port: 0, host: '127.0.0.1', service: 'test', portVariable: 'TEST_PORT' })
    try {
      // The general limiter sets its headers last: they are the ones sent; the media count is its own.
      expect((await get(port, '/video/a')).headers['ratelimit-remaining']).toBe('9')
      expect((await get(port, '/video/a')).headers['ratelimit-remaining']).toBe('8')
      const refused = await get(port, '/video/a')
      expect(refused.status).toBe(429)
      expect(JSON.parse(refused.body)).toMatchObject({ message: expect.stringContaining('at most 2 video requests per 1 min from this address') })
      expect((await get(port, '/page')).headers['ratelimit-remaining']).toBe('7')
    } finally {
      await closeServer(server)
    }
  })
})

describe('enforceRateLimit inside an XRPC handler', () => {
  it('answers 429 RateLimitExceeded with the RateLimit headers past the limit of one key', async () => {
    const limiter = new FixedWindowLimiter({ points: 1, windowMs: 3_600_000 })
    const xrpc = createServer({ validateResponse: false })
    xrpc.com.atproto.label.queryLabels({
      handler: async ({ req, res }) => {
        enforceRateLimit(limiter, String(req.headers['x-reporter']), res, 'Too many reports from this account')
        return { encoding: 'application/json', body: { labels: [] } }
      },
    })
    const app = express()
    app.use(xrpc.xrpc.router)
    const { server } = await listen(app, { port: 0, host: '127.0.0.1', service: 'test', portVariable: 'TEST_PORT' })
    const port = (server.address() as AddressInfo).port
    const path = '/xrpc/com.atproto.label.queryLabels?uriPatterns=*'
    try {
      const first = await get(port, path, '127.0.0.1', { 'x-reporter': 'did:plc:a' })
      expect(first.status).toBe(200)
      expect(first.headers['ratelimit-remaining']).toBe('0')
      const refused = await get(port, path, '127.0.0.1', { 'x-reporter': 'did:plc:a' })
      expect(refused.status).toBe(429)
      expect(JSON.parse(refused.body)).toEqual({ error: 'RateLimitExceeded', message: expect.stringMatching(/^Too many reports from this account: at most 1 requests per 1 h; try again in \d+ s$/) })
      expect(refused.headers).toMatchObject({ 'ratelimit-limit': '1', 'ratelimit-remaining': '0', 'ratelimit-policy': '1;w=3600' })
      expect(Number(refused.headers['ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000)
      expect((await get(port, path, '127.0.0.1', { 'x-reporter': 'did:plc:b' })).status).toBe(200)
    } finally {
      await closeServer(server)
    }
  })
})
