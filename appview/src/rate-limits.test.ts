import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IdResolver } from '@atproto/identity'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createLogger, freePort } from '@framewright/service-kit'
import { Appview, envToConfig, mediaKeys, readEnv } from './index'

const CREATOR = 'did:plc:ratecreator'
const CID = 'bafkreirateonethumbnail'

let appview: Appview
let dir: string
let port: number
let clientPort: number

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fw-route-limits-'))
  port = await freePort()
  clientPort = await freePort()
  const env = readEnv({
    FRAMEWRIGHT_APPVIEW_DB: join(dir, 'appview.sqlite'),
    FRAMEWRIGHT_DATA_DIR: dir,
    FRAMEWRIGHT_APPVIEW_DID: 'did:web:appview.test',
    FRAMEWRIGHT_APPVIEW_PORT: String(port),
    FRAMEWRIGHT_CLIENT_PORT: String(clientPort),
    FRAMEWRIGHT_ROLE: 'api',
    FRAMEWRIGHT_RATE_LIMIT_PER_IP: '4/1m',
    FRAMEWRIGHT_RATE_LIMIT_VIDEO_PER_IP: '5/1m',
    FRAMEWRIGHT_RATE_LIMIT_THUMB_PER_IP: '3/1m',
  })
  const idResolver = { did: { resolve: async () => null } } as unknown as IdResolver
  appview = await Appview.create(envToConfig(env), { idResolver, logger: createLogger({ level: 'silent' }) })
  // One indexed video whose poster frame is already made: /thumb serves it from the store.
  await appview.ctx.db.db
    .insertInto('video')
    .values({
      uri: `at://${CREATOR}/app.framewright.video.post/1`,
      cid: 'bafyrecord',
      creator: CREATOR,
      createdAt: '2026-01-01T00:00:00.000Z',
      indexedAt: '2026-01-01T00:00:00.000Z',
      sortAt: '2026-01-01T00:00:00.000Z',
      text: 'a test pattern',
      provider: 'procedural',
      model: 'm',
      prompt: 'a test pattern',
      blobCid: CID,
      blobMime: 'video/mp4',
      blobSize: 1_000,
      record: '{}',
    } as never)
    .execute()
  const poster = join(dir, 'poster.jpg')
  writeFileSync(poster, Buffer.from([0xff, 0xd8, 0xff, 0xd9]))
  await appview.ctx.media.put(mediaKeys.thumb(CID), poster, 'image/jpeg')
  await appview.start()
})

afterAll(async () => {
  await appview?.destroy()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** A GET from a given loopback address (all of 127/8 is this machine on Linux). */
function get(path: string, from = '127.0.0.1', to = port) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: to, path, localAddress: from }, (res) => {
      let body = ''
      res.setEncoding('latin1')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

it('answers a flood of /thumb from one address with 429 RateLimitExceeded and the RateLimit headers, on a count of its own', async () => {
  const thumb = `/thumb/${CREATOR}/${CID}`
  const first = await get(thumb)
  expect(first.status).toBe(200)
  expect(first.headers).toMatchObject({ 'content-type': 'image/jpeg', 'ratelimit-limit': '3', 'ratelimit-remaining': '2', 'ratelimit-policy': '3;w=60' })
  expect((await get(thumb)).status).toBe(200)
  expect((await get(thumb)).status).toBe(200)
  const refused = await get(thumb)
  expect(refused.status).toBe(429)
  expect(JSON.parse(refused.body)).toEqual({ error: 'RateLimitExceeded', message: expect.stringMatching(/^Rate limit exceeded: at most 3 thumbnail requests per 1 min from this address; try again in \d+ s$/) })
  expect(refused.headers).toMatchObject({ 'ratelimit-limit': '3', 'ratelimit-remaining': '0', 'ratelimit-policy': '3;w=60' })
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
  expect(Number(refused.headers['ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000)
  // Another address has its own count.
  expect((await get(thumb, '127.0.0.2')).status).toBe(200)

  // Video bytes and drafts share a count of their own: the thumbnails spent none of it.
  const video = await get(`/video/${CREATOR}/bafkreinosuchvideo`)
  expect(video.status).toBe(404)
  expect(video.headers).toMatchObject({ 'ratelimit-limit': '5', 'ratelimit-remaining': '4' })
  expect((await get('/drafts/0123456789abcdef0123456789abcdef.mp4')).headers['ratelimit-remaining']).toBe('3')
})

it('counts the other non-XRPC routes (the did:web document, the web client) with the XRPC methods, per address', async () => {
  const from = '127.0.0.3'
  const did = await get('/.well-known/did.json', from)
  expect(did.headers).toMatchObject({ 'ratelimit-limit': '4', 'ratelimit-remaining': '3' })
  expect((await get('/xrpc/app.framewright.feed.getFeed', from)).headers['ratelimit-remaining']).toBe('2')
  // The web client's own port draws on the same count: one budget per address for the app and its API.
  expect((await get('/client-config.json', from, clientPort)).headers['ratelimit-remaining']).toBe('1')
  expect((await get('/', from, clientPort)).headers['ratelimit-remaining']).toBe('0')
  const refused = await get('/.well-known/did.json', from)
  expect(refused.status).toBe(429)
  expect(JSON.parse(refused.body)).toMatchObject({ error: 'RateLimitExceeded' })
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
  // The health check is never counted: load balancers and the stack poll it.
  expect((await get('/xrpc/_health', from)).status).toBe(200)
})
