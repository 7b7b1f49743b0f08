import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { createServer } from '@framewright/lexicons/server'
import { ConfigError } from '../errors'
import { closeServer, listen } from './server'
import { attemptSubscription } from './subscribe-attempt'
import { parseConnectionLimit, SubscriptionLimiter, subscriptionLimitsConfig, type SubscriptionLimits } from './subscription-limit'

const DEFAULTS = { openPerIp: 20, openTotal: 2_000, newPerIp: '120/5m' }

describe('subscription limit settings', () => {
  it.each([
    ['20', 20],
    [' 1 ', 1],
    ['off', undefined],
    ['0', undefined],
  ])('reads %s', (raw, limit) => {
    expect(parseConnectionLimit('X', raw)).toBe(limit)
  })

  it.each(['-1', 'many', '2.5', '10/1m'])('refuses %s, naming the variable', (raw) => {
    expect(() => parseConnectionLimit('FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_PER_IP', raw)).toThrow(ConfigError)
    expect(() => parseConnectionLimit('FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_PER_IP', raw)).toThrow(/FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_PER_IP/)
  })

  it('takes the service’s defaults, and names the variable at fault', () => {
    expect(subscriptionLimitsConfig({}, DEFAULTS)).toEqual({ openPerIp: 20, openTotal: 2_000, newPerIp: { points: 120, windowMs: 300_000 } })
    expect(subscriptionLimitsConfig({ openPerIp: 'off', openTotal: '5', newPerIp: 'off' }, DEFAULTS)).toEqual({ openPerIp: undefined, openTotal: 5, newPerIp: undefined })
    expect(() => subscriptionLimitsConfig({ openTotal: 'lots' }, DEFAULTS)).toThrow(/FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_TOTAL/)
    expect(() => subscriptionLimitsConfig({ newPerIp: '5' }, DEFAULTS)).toThrow(/FRAMEWRIGHT_RATE_LIMIT_NEW_SUBSCRIPTIONS_PER_IP/)
  })
})

/** Waits for a condition the code under test makes true (never a fixed sleep standing in for it). */
async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`gave up waiting: ${what}`)
}

describe('SubscriptionLimiter in front of an XRPC subscription', () => {
  let server: Server | undefined
  const sockets: WebSocket[] = []

  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate()
    await closeServer(server)
    server = undefined
  })

  /** A subscription that stays open until its client leaves, gated by a limiter with `limits`. */
  async function serve(limits: SubscriptionLimits, exemptIps: string[] = []) {
    const xrpc = createServer({ validateResponse: false })
    xrpc.com.atproto.label.subscribeLabels(async function* ({ signal }) {
      yield { $type: 'com.atproto.label.subscribeLabels#info', name: 'OutdatedCursor' }
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
    })
    const app = express()
    app.use(xrpc.xrpc.router)
    const limiter = SubscriptionLimiter.of(limits, { exemptIps, trustedProxies: [] })
    const listening = await listen(app, { port: 0, host: '127.0.0.1', service: 'test', portVariable: 'TEST_PORT', upgrades: limiter })
    server = listening.server
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/xrpc/com.atproto.label.subscribeLabels`
    /** Subscribes from a loopback address: open (its first frame arrived), or the HTTP answer in its place. */
    const subscribe = (from = '127.0.0.1') => attemptSubscription(url, { from, openOn: 'message', sockets })
    return { limiter, subscribe }
  }

  it('answers 429 with the RateLimit headers, before any WebSocket, past the subscriptions open at once from one address; a closed one frees its place', async () => {
    const { limiter, subscribe } = await serve({ openPerIp: 2 })
    const first = await subscribe()
    expect(first).toHaveProperty('open')
    expect(await subscribe()).toHaveProperty('open')
    const refused = await subscribe()
    expect(refused).toMatchObject({ status: 429, headers: { 'ratelimit-limit': '2', 'ratelimit-remaining': '0' } })
    if (!('status' in refused)) throw new Error('not refused')
    expect(JSON.parse(refused.body)).toEqual({ error: 'RateLimitExceeded', message: expect.stringContaining('at most 2 subscriptions open at once from this address') })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(refused.headers['ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000)
    // Another address has its own count.
    expect(await subscribe('127.0.0.2')).toHaveProperty('open')
    expect(limiter.openCount).toBe(3)
    // Closing one frees its place (the refused one never held any).
    if ('open' in first) first.open.close()
    await until('the closed subscription is no longer counted', () => limiter.openCount === 2)
    expect(await subscribe()).toHaveProperty('open')
  })

  it('answers 429 past the new subscriptions an address may open per window, refused ones counted', async () => {
    const { subscribe } = await serve({ newPerIp: { points: 3, windowMs: 60_000 } })
    for (let i = 0; i < 3; i++) {
      const outcome = await subscribe()
      expect(outcome).toHaveProperty('open')
      if ('open' in outcome) outcome.open.close()
    }
    const refused = await subscribe()
    expect(refused).toMatchObject({ status: 429, headers: { 'ratelimit-limit': '3', 'ratelimit-remaining': '0', 'ratelimit-policy': '3;w=60' } })
    if (!('status' in refused)) throw new Error('not refused')
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'RateLimitExceeded', message: expect.stringContaining('3 new subscriptions per 1 min') })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    expect(await subscribe('127.0.0.2')).toHaveProperty('open')
  })

  it('answers 503 with Retry-After when the process has as many open as it takes, and never turns an exempt address away', async () => {
    const { limiter, subscribe } = await serve({ openTotal: 2 }, ['127.0.0.9'])
    expect(await subscribe('127.0.0.1')).toHaveProperty('open')
    expect(await subscribe('127.0.0.2')).toHaveProperty('open')
    const refused = await subscribe('127.0.0.3')
    expect(refused).toMatchObject({ status: 503, headers: { 'retry-after': expect.stringMatching(/^\d+$/) } })
    if (!('status' in refused)) throw new Error('not refused')
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'NotEnoughResources' })
    expect(await subscribe('127.0.0.9')).toHaveProperty('open')
    expect(limiter.openCount).toBe(3)
  })
})
