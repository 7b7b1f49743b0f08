import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import express from 'express'
import { CID } from 'multiformats/cid'
import S3rver from 's3rver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_MEDIA_LIMITS, Database, LocalMediaStore, MediaTools, OutboundClient, S3MediaStore, createLogger, type IdResolver, type MediaStore } from '@framewright/service-kit'
import type { AppContext } from '../context'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { BlobCache } from '../media/blob-cache'
import { mediaKeys } from '../media/keys'
import { mediaRoutes } from './media'

const ffmpeg = MediaTools.create()
const logger = createLogger({ level: 'silent' })
const dir = mkdtempSync(join(tmpdir(), 'fw-media-routes-'))
const CREATOR = 'did:plc:mediacreator'
const BUCKET = 'framewright-media'
const DRAFT = '0123456789abcdef0123456789abcdef'

let clip: Buffer
let cid: string
/** A blob whose PDS sends other bytes than its CID names. */
let forgedCid: string
let pds: Server
let pdsUrl: string
let blobFetches = 0
let s3rver: S3rver
let s3Endpoint: string
let database: Database<AppviewSchema>
const servers: Server[] = []

beforeAll(async () => {
  const clipPath = join(dir, 'clip.mp4')
  await promisify(execFile)(ffmpeg.ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=d=1:s=160x284', '-pix_fmt', 'yuv420p', '-y', clipPath])
  clip = readFileSync(clipPath)
  // A raw-codec, sha-256 CIDv1: what a PDS gives a video blob.
  const rawCid = (bytes: Buffer) => CID.decode(Buffer.concat([Buffer.from([0x01, 0x55, 0x12, 0x20]), createHash('sha256').update(bytes).digest()])).toString()
  cid = rawCid(clip)
  forgedCid = rawCid(Buffer.from('some other video'))

  // The creator's PDS: getBlob without Range, as the real one.
  pds = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://pds')
    const asked = url.searchParams.get('cid')
    if (url.pathname !== '/xrpc/com.atproto.sync.getBlob' || (asked !== cid && asked !== forgedCid)) return void res.writeHead(404).end()
    blobFetches++
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': clip.length }).end(clip)
  })
  await new Promise<void>((resolve) => pds.listen(0, '127.0.0.1', resolve))
  pdsUrl = `http://127.0.0.1:${(pds.address() as AddressInfo).port}`

  s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 's3rver'), configureBuckets: [{ name: BUCKET }] })
  s3Endpoint = `http://127.0.0.1:${(await s3rver.run()).port}`

  database = Database.open<AppviewSchema>(':memory:', migrations)
  await database.migrateToLatest()
  const row = (n: number, blobCid: string) => ({
    uri: `at://${CREATOR}/app.framewright.video.post/${n}`,
    cid: 'bafyrecord',
    creator: CREATOR,
    createdAt: '2026-01-01T00:00:00.000Z',
    indexedAt: '2026-01-01T00:00:00.000Z',
    sortAt: '2026-01-01T00:00:00.000Z',
    text: 'test pattern',
    provider: 'procedural',
    model: 'm',
    prompt: 'a test pattern',
    blobCid,
    blobMime: 'video/mp4',
    blobSize: clip.length,
    record: '{}',
  })
  await (database.db as any).insertInto('video').values([row(1, cid), row(2, forgedCid)]).execute()
})
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  await new Promise((r) => pds?.close(r))
  await s3rver?.close()
  await database?.close()
  rmSync(dir, { recursive: true, force: true })
})

const idResolver = {
  did: { resolve: async (did: string) => ({ id: did, service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: pdsUrl }] }) },
} as unknown as IdResolver

function s3Store(machine: string): S3MediaStore {
  return new S3MediaStore({
    bucket: BUCKET,
    region: 'us-east-1',
    endpoint: s3Endpoint,
    forcePathStyle: true,
    prefix: 'appview',
    scratchDir: join(dir, machine, 'scratch'),
    scratchMaxBytes: 100_000_000,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  })
}

/** The media routes of one appview "machine": its own folder and blob cache, on the given store. */
async function machine(name: string, media: MediaStore, tools = ffmpeg): Promise<string> {
  const mediaDir = join(dir, name, 'media')
  const ctx = {
    cfg: { mediaDir },
    db: database,
    logger,
    ffmpeg: tools,
    media,
    // The test's PDS listens on 127.0.0.1, allowed as the local stack allows it.
    blobs: new BlobCache(media, join(mediaDir, 'tmp'), idResolver, 100_000_000, logger, new OutboundClient({ allow: ['127.0.0.1'] })),
  } as unknown as AppContext
  const app = express()
  app.use(mediaRoutes(ctx))
  const server = app.listen(0, '127.0.0.1')
  servers.push(server)
  await new Promise((r) => server.once('listening', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const stores: [string, (machine: string) => MediaStore][] = [
  ['the S3 store', s3Store],
  ['the local store', (name) => new LocalMediaStore(join(dir, name, 'media'))],
]

describe.each(stores)('media routes on %s', (storeName, makeStore) => {
  let base: string
  let store: MediaStore
  const tag = storeName.replace(/\W/g, '-')

  beforeAll(async () => {
    blobFetches = 0
    store = makeStore(`${tag}-a`)
    base = await machine(`${tag}-a`, store)
  })

  it('serves a range of a video, fetching its blob from the PDS once', async () => {
    const res = await fetch(`${base}/video/${CREATOR}/${cid}`, { headers: { range: 'bytes=100-1099' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe(`bytes 100-1099/${clip.length}`)
    expect(res.headers.get('content-length')).toBe('1000')
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(res.headers.get('content-type')).toBe('video/mp4')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(Buffer.from(await res.arrayBuffer()).equals(clip.subarray(100, 1100))).toBe(true)
    expect(blobFetches).toBe(1)
    expect((await store.stat(mediaKeys.blob(CREATOR, cid)))?.size).toBe(clip.length)
  })

  it.each([
    ['an open-ended range', 'bytes=2000-', 2000],
    ['a suffix range', 'bytes=-500', -500],
    ['a range past the end, cut at the end', 'bytes=10-99999999', 10],
  ])('serves %s', async (_what, range, start) => {
    const res = await fetch(`${base}/video/${CREATOR}/${cid}`, { headers: { range } })
    expect(res.status).toBe(206)
    const from = start < 0 ? clip.length + start : start
    expect(res.headers.get('content-range')).toBe(`bytes ${from}-${clip.length - 1}/${clip.length}`)
    expect(Buffer.from(await res.arrayBuffer()).equals(clip.subarray(from))).toBe(true)
    expect(blobFetches).toBe(1)
  })

  it('serves the whole video without a Range, and 416 for a range past its end', async () => {
    const whole = await fetch(`${base}/video/${CREATOR}/${cid}`)
    expect(whole.status).toBe(200)
    expect(whole.headers.get('accept-ranges')).toBe('bytes')
    expect(Buffer.from(await whole.arrayBuffer()).equals(clip)).toBe(true)
    const past = await fetch(`${base}/video/${CREATOR}/${cid}`, { headers: { range: `bytes=${clip.length}-` } })
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe(`bytes */${clip.length}`)
    await past.arrayBuffer()
  })

  it('answers HEAD with the size and no body', async () => {
    const res = await fetch(`${base}/video/${CREATOR}/${cid}`, { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String(clip.length))
    expect((await res.arrayBuffer()).byteLength).toBe(0)
  })

  it('refuses a blob whose bytes do not match its CID, and keeps nothing of it', async () => {
    const before = blobFetches
    const res = await fetch(`${base}/video/${CREATOR}/${forgedCid}`)
    expect(res.status).toBe(502)
    expect(await res.json()).toMatchObject({ error: 'BlobUnavailable' })
    expect(blobFetches).toBe(before + 1)
    expect(await store.stat(mediaKeys.blob(CREATOR, forgedCid))).toBeUndefined()
    blobFetches = before
  })

  it('answers 404 for a video it has not indexed (no open proxy)', async () => {
    const res = await fetch(`${base}/video/${CREATOR}/bafkreinotindexed`)
    expect(res.status).toBe(404)
    expect(blobFetches).toBe(1)
  })

  it('makes a thumbnail once and keeps it in the store', async () => {
    const res = await fetch(`${base}/thumb/${CREATOR}/${cid}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    const jpeg = Buffer.from(await res.arrayBuffer())
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8')
    expect((await store.stat(mediaKeys.thumb(cid)))?.size).toBe(jpeg.length)
  })

  it('serves drafts the job runner stored, with ranges', async () => {
    const file = join(dir, `${tag}-draft.mp4`)
    writeFileSync(file, clip)
    await store.put(mediaKeys.draft(DRAFT), file, 'video/mp4')
    const res = await fetch(`${base}/drafts/${DRAFT}.mp4`, { headers: { range: 'bytes=0-99' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('cache-control')).toBe('private, max-age=3600')
    expect(Buffer.from(await res.arrayBuffer()).equals(clip.subarray(0, 100))).toBe(true)
    for (const missing of [`${DRAFT.replace('0', 'f')}.mp4`, `${DRAFT}.jpg`, 'not-a-draft.mp4']) {
      const r = await fetch(`${base}/drafts/${missing}`)
      expect(r.status).toBe(404)
      await r.arrayBuffer()
    }
  })
})

describe('two appview machines sharing the S3 store', () => {
  it('serve each other’s blobs, thumbnails and drafts without fetching them again', async () => {
    const other = await machine('s3-b', s3Store('s3-b'))
    const before = blobFetches
    const video = await fetch(`${other}/video/${CREATOR}/${cid}`, { headers: { range: 'bytes=0-' } })
    expect(video.status).toBe(206)
    expect(Buffer.from(await video.arrayBuffer()).equals(clip)).toBe(true)
    const thumb = await fetch(`${other}/thumb/${CREATOR}/${cid}`)
    expect(thumb.status).toBe(200)
    await thumb.arrayBuffer()
    const draft = await fetch(`${other}/drafts/${DRAFT}.mp4`)
    expect(draft.status).toBe(200)
    expect(Buffer.from(await draft.arrayBuffer()).length).toBe(clip.length)
    expect(blobFetches).toBe(before)
  })
})

describe('thumbnails under the media limits', () => {
  it('answers 503 with Retry-After while every ffmpeg slot is taken and the queue is full', async () => {
    const tools = new MediaTools(ffmpeg, { ...DEFAULT_MEDIA_LIMITS, concurrency: 1, maxWaiting: 0 })
    const base = await machine('busy', new LocalMediaStore(join(dir, 'busy', 'media')), tools)
    // Another poster (here: a run that holds its slot until released) has the only slot.
    let release!: () => void
    const holding = tools.run({ tool: 'ffmpeg' }, () => new Promise<void>((resolve) => (release = resolve)))
    const res = await fetch(`${base}/thumb/${CREATOR}/${cid}`)
    expect(res.status).toBe(503)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await res.json()).toMatchObject({ error: 'MediaBusy' })
    release()
    await holding
    // Once the slot is free the same request makes the poster.
    const again = await fetch(`${base}/thumb/${CREATOR}/${cid}`)
    expect(again.status).toBe(200)
    await again.arrayBuffer()
  })

  it('answers 413 for a video over the input size limit, without running ffmpeg', async () => {
    const tools = new MediaTools(ffmpeg, { ...DEFAULT_MEDIA_LIMITS, maxInputBytes: clip.length - 1 })
    const store = new LocalMediaStore(join(dir, 'too-large', 'media'))
    const base = await machine('too-large', store, tools)
    const res = await fetch(`${base}/thumb/${CREATOR}/${cid}`)
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ error: 'MediaTooLarge' })
    expect(await store.stat(mediaKeys.thumb(cid))).toBeUndefined()
  })
})
