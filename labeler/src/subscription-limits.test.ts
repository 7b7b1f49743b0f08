import type { IdResolver } from '@atproto/identity'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { createLogger, freePort } from '@framewright/service-kit'
import { attemptSubscription } from '@framewright/service-kit/testing'
import { Labeler, envToConfig, readEnv } from './index'

let labeler: Labeler
let url: string
const sockets: WebSocket[] = []

beforeAll(async () => {
  const port = await freePort()
  const env = readEnv({
    FRAMEWRIGHT_LABELER_DB: ':memory:',
    FRAMEWRIGHT_LABELER_DID: 'did:plc:labelertest',
    FRAMEWRIGHT_LABELER_SIGNING_KEY_HEX: 'a'.repeat(64),
    FRAMEWRIGHT_LABELER_PORT: String(port),
    FRAMEWRIGHT_ROLE: 'api',
    FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_PER_IP: '2',
    FRAMEWRIGHT_RATE_LIMIT_NEW_SUBSCRIPTIONS_PER_IP: '4/1m',
  })
  // No identity to check here: the check fails, is logged, and the labeler serves on.
  const idResolver = { did: { resolve: async () => null, resolveAtprotoKey: async () => Promise.reject(new Error('offline')) } } as unknown as IdResolver
  labeler = await Labeler.create(envToConfig(env), { idResolver, logger: createLogger({ level: 'silent' }) })
  await labeler.start()
  url = `ws://127.0.0.1:${port}/xrpc/com.atproto.label.subscribeLabels`
})

afterAll(async () => {
  for (const ws of sockets) ws.terminate()
  await labeler?.destroy()
})

/** Subscribes from a loopback address: the open socket, or the HTTP answer given in its place. */
const subscribe = (from = '127.0.0.1') => attemptSubscription(url, { from, sockets })

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`gave up waiting: ${what}`)
}

it('refuses subscribeLabels from one address past its open and new subscriptions with a 429 and the RateLimit headers, before any WebSocket', async () => {
  const first = await subscribe()
  expect(first).toHaveProperty('open')
  expect(await subscribe()).toHaveProperty('open')
  // A third at once from the same address: the upgrade is answered with an HTTP 429.
  const crowded = await subscribe()
  expect(crowded).toMatchObject({ status: 429, headers: { 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'retry-after': expect.stringMatching(/^\d+$/) } })
  if (!('body' in crowded)) throw new Error('not refused')
  expect(JSON.parse(crowded.body)).toMatchObject({ error: 'RateLimitExceeded', message: expect.stringContaining('open at once from this address') })
  expect(labeler.subscriptionLimiter.openCount).toBe(2)

  // Leaving frees a place; but three attempts and this one spend the address's four new ones per minute.
  if ('open' in first) first.open.close()
  await until('the closed subscription is no longer counted', () => labeler.subscriptionLimiter.openCount === 1)
  const again = await subscribe()
  expect(again).toHaveProperty('open')
  if ('open' in again) again.open.close()
  await until('that one closed too', () => labeler.subscriptionLimiter.openCount === 1)
  const tooOften = await subscribe()
  expect(tooOften).toMatchObject({ status: 429, headers: { 'ratelimit-limit': '4', 'ratelimit-remaining': '0', 'ratelimit-policy': '4;w=60' } })
  if (!('body' in tooOften)) throw new Error('not refused')
  expect(JSON.parse(tooOften.body)).toMatchObject({ error: 'RateLimitExceeded', message: expect.stringContaining('4 new subscriptions per 1 min') })
  expect(Number(tooOften.headers['retry-after'])).toBeGreaterThan(0)

  // Another address is not held back by this one.
  expect(await subscribe('127.0.0.2')).toHaveProperty('open')
})
