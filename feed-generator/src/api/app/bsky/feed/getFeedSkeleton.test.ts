import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Secp256k1Keypair } from '@atproto/crypto'
import type { IdResolver } from '@atproto/identity'
import { createServiceJwt } from '@atproto/xrpc-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEED_END_HEADER, VIEWER_PREFS_HEADER, createLogger } from '@framewright/service-kit'
import { FeedGenerator, envToConfig, feedUri, readEnv } from '../../../../index'

const SERVICE_DID = 'did:web:feeds.test'
const PUBLISHER = 'did:plc:publisher'
const VIEWER = 'did:plc:viewer'
const LXM = 'app.bsky.feed.getFeedSkeleton'
const FEED = feedUri(PUBLISHER, 'creation-first')

let gen: FeedGenerator
let server: http.Server
let base: string
let key: Secp256k1Keypair

beforeAll(async () => {
  key = await Secp256k1Keypair.create()
  // The viewer's DID document names `key`; no other DID resolves.
  const idResolver = {
    did: {
      async resolveAtprotoKey(did: string) {
        if (did !== VIEWER) throw new Error(`${did} is not known`)
        return key.did()
      },
    },
  } as unknown as IdResolver
  const env = readEnv({
    FRAMEWRIGHT_FEEDGEN_DB: ':memory:',
    FRAMEWRIGHT_FEEDGEN_DID: SERVICE_DID,
    FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: PUBLISHER,
    FRAMEWRIGHT_ROLE: 'api',
    FRAMEWRIGHT_LOG_LEVEL: 'silent',
  })
  gen = await FeedGenerator.create(envToConfig(env), { idResolver, logger: createLogger({ level: 'silent' }) })
  await addItems(0, 5)
  // The handler the service listens with: getFeedSkeleton ahead of express, express for the rest.
  server = http.createServer(gen.handler)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  await gen.destroy()
})

/** Items n in [from, to), ranked by n (a higher n ranks first). */
async function addItems(from: number, to: number) {
  for (let n = from; n < to; n++) {
    await gen.ctx.db.db
      .insertInto('feed_item')
      .values({ uri: `at://did:plc:c/app.framewright.video.post/v${n}`, post: `at://did:plc:c/app.bsky.feed.post/p${n}`, creator: 'did:plc:c', rank: 1_000 + n, madeAt: 1_000 + n, consented: 1, context: 'Recent.', words: ' ' })
      .execute()
  }
}

async function skeleton(query: string, authorization?: string) {
  const res = await fetch(`${base}/xrpc/${LXM}?${query}`, { headers: authorization ? { authorization } : {} })
  return { status: res.status, headers: res.headers, body: (await res.json()) as any }
}

const feedParam = `feed=${encodeURIComponent(FEED)}`
const token = (overrides: { aud?: string; lxm?: string; exp?: number } = {}) =>
  createServiceJwt({ iss: VIEWER, aud: overrides.aud ?? SERVICE_DID, lxm: overrides.lxm ?? LXM, keypair: key, exp: overrides.exp })

describe('getFeedSkeleton route', () => {
  it('answers an anonymous page as the lexicon says: posts with their context, and a cursor to the next page', async () => {
    const res = await skeleton(`${feedParam}&limit=2`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.body.feed).toEqual([
      { post: 'at://did:plc:c/app.bsky.feed.post/p4', feedContext: 'Recent.' },
      { post: 'at://did:plc:c/app.bsky.feed.post/p3', feedContext: 'Recent.' },
    ])
    const next = await skeleton(`${feedParam}&limit=2&cursor=${res.body.cursor}`)
    expect(next.body.feed.map((i: { post: string }) => i.post.split('/').pop())).toEqual(['p2', 'p1'])
    expect(next.body.cursor).not.toBe(res.body.cursor)
    // The default limit is 50: all five, and no cursor after the last.
    expect(Object.keys((await skeleton(feedParam)).body)).toEqual(['feed'])
  })

  it.each<[string, string, string]>([
    ['no feed', 'limit=2', 'InvalidRequest'],
    ['a feed that is not an at-uri', 'feed=https%3A%2F%2Fexample.com', 'InvalidRequest'],
    ['a feed given twice', `${feedParam}&${feedParam}`, 'InvalidRequest'],
    ['a feed we do not serve', `feed=${encodeURIComponent(feedUri(PUBLISHER, 'no-such-feed'))}`, 'UnknownFeed'],
    ['a feed of another publisher', `feed=${encodeURIComponent(feedUri('did:plc:other', 'creation-first'))}`, 'UnknownFeed'],
    ['limit 0', `${feedParam}&limit=0`, 'InvalidRequest'],
    ['limit 101', `${feedParam}&limit=101`, 'InvalidRequest'],
    ['a negative limit', `${feedParam}&limit=-5`, 'InvalidRequest'],
    ['a limit that is not a number', `${feedParam}&limit=ten`, 'InvalidRequest'],
    ['a fractional limit', `${feedParam}&limit=2.5`, 'InvalidRequest'],
    ['a limit given twice', `${feedParam}&limit=2&limit=3`, 'InvalidRequest'],
    ['a cursor we did not issue', `${feedParam}&cursor=AAAA`, 'BadCursor'],
    ['a cursor that is not base64url', `${feedParam}&cursor=%25%25%25`, 'BadCursor'],
  ])('%s is a 400 named %s', async (_name, query, error) => {
    const res = await skeleton(query)
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ error, message: expect.any(String) })
  })

  it('serves a viewer with a valid token their own page, and names the prefs it ranked by', async () => {
    const res = await skeleton(`${feedParam}&limit=2`, `Bearer ${await token()}`)
    expect(res.status).toBe(200)
    expect(res.headers.get(VIEWER_PREFS_HEADER)).toBe('none')
    expect(res.body.feed).toHaveLength(2)
    // The page was counted against the viewer's day.
    const served = await gen.ctx.db.db.selectFrom('feed_served').select('uri').where('viewer', '=', VIEWER).execute()
    expect(served).toHaveLength(2)
    expect((await skeleton(`${feedParam}&limit=2`)).headers.get(VIEWER_PREFS_HEADER)).toBeNull()
  })

  it.each<[string, string, () => Promise<string>]>([
    ['for another audience', 'BadJwtAudience', () => token({ aud: 'did:web:elsewhere.test' })],
    ['for another method', 'BadJwtLexiconMethod', () => token({ lxm: 'app.bsky.feed.getTimeline' })],
    ['expired', 'JwtExpired', () => token({ exp: Math.floor(Date.now() / 1000) - 5 })],
    ['signed by another key', 'BadJwtSignature', async () => createServiceJwt({ iss: VIEWER, aud: SERVICE_DID, lxm: LXM, keypair: await Secp256k1Keypair.create() })],
    ['from a DID that does not resolve', 'BadJwtIss', async () => createServiceJwt({ iss: 'did:plc:nobody', aud: SERVICE_DID, lxm: LXM, keypair: key })],
    ['that is not a JWT', 'BadJwt', async () => 'not-a-jwt'],
  ])('refuses a token %s with a 401 named %s', async (_name, error, make) => {
    const res = await skeleton(`${feedParam}&limit=2`, `Bearer ${await make()}`)
    expect(res.status).toBe(401)
    expect(res.body.error).toBe(error)
  })

  it('answers with the CORS headers the express app adds, and leaves other methods and paths to the app', async () => {
    const res = await fetch(`${base}/xrpc/${LXM}?${feedParam}&limit=1`)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-expose-headers')).toBe('atproto-content-labelers,atproto-repo-rev')
    // HEAD and a trailing slash reach the same route through express (which adds its own header).
    for (const [url, method] of [[`${base}/xrpc/${LXM}?${feedParam}`, 'HEAD'], [`${base}/xrpc/${LXM}/?${feedParam}`, 'GET']] as const) {
      const viaExpress = await fetch(url, { method })
      expect(viaExpress.status).toBe(200)
      expect(viaExpress.headers.get('x-powered-by')).toBe('Express')
    }
    const preflight = await fetch(`${base}/xrpc/${LXM}`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } })
    expect(preflight.status).toBe(204)
    expect((await fetch(`${base}/xrpc/app.bsky.feed.describeFeedGenerator`)).status).toBe(200)
  })

  it('a personal feed tells an anonymous reader, in a header, that it needs a sign-in', async () => {
    const res = await skeleton(`feed=${encodeURIComponent(feedUri(PUBLISHER, 'following'))}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ feed: [] })
    expect(JSON.parse(res.headers.get(FEED_END_HEADER)!)).toEqual({ reason: 'authRequired' })
  })

  it('shares an anonymous page until feed items change, and keeps pages of different limits and cursors apart', async () => {
    const first = await skeleton(`${feedParam}&limit=1`)
    await addItems(10, 11)
    // Not yet told: the page is the one already computed; a page not asked for yet is read now.
    expect((await skeleton(`${feedParam}&limit=1`)).body).toEqual(first.body)
    expect((await skeleton(`${feedParam}&limit=3`)).body.feed[0].post).toBe('at://did:plc:c/app.bsky.feed.post/p10')
    gen.ctx.itemsChanged()
    expect((await skeleton(`${feedParam}&limit=1`)).body.feed[0].post).toBe('at://did:plc:c/app.bsky.feed.post/p10')
  })
})
