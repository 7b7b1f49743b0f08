import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalMediaStore } from './local-store'
import { InvalidMediaKeyError, MediaNotFoundError, MediaRangeError, readMediaBytes, type MediaStore } from './media-store'
import { S3MediaStore } from './s3-store'

const dir = mkdtempSync(join(tmpdir(), 'fw-media-store-'))
const BUCKET = 'framewright-media'
let s3rver: S3rver
let endpoint: string

beforeAll(async () => {
  // s3rver speaks the S3 REST API (path-style) from a folder: the local fake of the provider's documented API.
  s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 's3rver'), configureBuckets: [{ name: BUCKET }] })
  const { port } = await s3rver.run()
  endpoint = `http://127.0.0.1:${port}`
})
afterAll(async () => {
  await s3rver?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A store against the fake S3; s3rver accepts any credentials (the fixed ones keep the SDK off the machine's own). */
function s3Store(name: string, prefix?: string): S3MediaStore {
  return new S3MediaStore({
    bucket: BUCKET,
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    prefix,
    scratchDir: join(dir, `${name}-scratch`),
    scratchMaxBytes: 1_000_000,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  })
}

/** A file of `size` bytes where byte i is i mod 251, so any slice is recognisable. */
function sourceFile(name: string, size: number): { path: string; bytes: Buffer } {
  const bytes = Buffer.alloc(size)
  for (let i = 0; i < size; i++) bytes[i] = i % 251
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return { path, bytes }
}

async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

const stores: [string, () => MediaStore][] = [
  ['LocalMediaStore', () => new LocalMediaStore(join(dir, 'local'))],
  ['S3MediaStore', () => s3Store('s3', 'deployment-a')],
]

describe.each(stores)('%s (the MediaStore contract)', (_name, make) => {
  let store: MediaStore
  const video = sourceFile(`video-${_name}.mp4`, 70_001)
  const key = 'blobs/did_plc_alice/bafkreivideo'

  beforeAll(() => {
    store = make()
  })
  afterAll(() => store.close())

  it('is ready for use', async () => {
    await store.verify()
  })

  it('knows nothing of a key never stored', async () => {
    expect(await store.stat('blobs/did_plc_nobody/bafkreinone')).toBeUndefined()
    await expect(store.read('blobs/did_plc_nobody/bafkreinone')).rejects.toBeInstanceOf(MediaNotFoundError)
    await expect(store.read('blobs/did_plc_nobody/bafkreinone', { start: 0, end: 9 })).rejects.toBeInstanceOf(MediaNotFoundError)
    await expect(store.localPath('thumbs/none.jpg')).rejects.toBeInstanceOf(MediaNotFoundError)
  })

  it('stores a file and gives back its size and bytes, leaving the file in place', async () => {
    await store.put(key, video.path, 'video/mp4')
    expect((await store.stat(key))?.size).toBe(video.bytes.length)
    expect((await readMediaBytes(store, key)).equals(video.bytes)).toBe(true)
    expect(readFileSync(video.path).length).toBe(video.bytes.length)
  })

  const size = 70_001
  it.each([
    ['a slice in the middle', 1_000, 40_999],
    ['the last byte', size - 1, size - 1],
    ['the whole object as a range', 0, size - 1],
    ['a range past the end, cut at the end', 69_000, size + 5_000],
  ])('reads %s', async (_what, start, end) => {
    const got = await collect(await store.read(key, { start, end }))
    expect(got.equals(video.bytes.subarray(start, Math.min(end, size - 1) + 1))).toBe(true)
  })

  // s3rver 3.7.1 reads `bytes=0-0` as "from 0 to the end" (real S3 sends one byte); the store
  // notices the Content-Range differs and fails rather than send a player the wrong bytes.
  it('reads the first byte', async () => {
    const read = store.read(key, { start: 0, end: 0 })
    if (store.kind === 's3') return void (await expect(read).rejects.toMatchObject({ name: 'UpstreamError' }))
    expect((await collect(await read)).equals(video.bytes.subarray(0, 1))).toBe(true)
  })

  it.each([
    ['a range starting at the end', size, size + 10],
    ['a range starting past the end', size + 100, size + 200],
    ['a backwards range', 10, 5],
    ['a negative start', -1, 5],
  ])('refuses %s', async (_what, start, end) => {
    await expect(store.read(key, { start, end })).rejects.toBeInstanceOf(MediaRangeError)
  })

  it('hands tools a local file with the same bytes', async () => {
    const path = await store.localPath(key)
    expect(readFileSync(path).equals(video.bytes)).toBe(true)
    expect(await store.localPath(key)).toBe(path)
  })

  it('replaces an object, and its local file follows', async () => {
    const poster = sourceFile(`poster-${_name}.jpg`, 1_234)
    const other = sourceFile(`poster2-${_name}.jpg`, 99)
    await store.put('drafts/0123456789abcdef0123456789abcdef.jpg', poster.path, 'image/jpeg')
    expect(readFileSync(await store.localPath('drafts/0123456789abcdef0123456789abcdef.jpg')).length).toBe(1_234)
    await store.put('drafts/0123456789abcdef0123456789abcdef.jpg', other.path, 'image/jpeg')
    expect((await store.stat('drafts/0123456789abcdef0123456789abcdef.jpg'))?.size).toBe(99)
    expect(readFileSync(await store.localPath('drafts/0123456789abcdef0123456789abcdef.jpg')).equals(other.bytes)).toBe(true)
  })

  it('stores an empty object (whose every range is out of bounds)', async () => {
    const empty = sourceFile(`empty-${_name}`, 0)
    await store.put('thumbs/empty.jpg', empty.path, 'image/jpeg')
    expect(await store.stat('thumbs/empty.jpg')).toMatchObject({ size: 0 })
    expect((await readMediaBytes(store, 'thumbs/empty.jpg')).length).toBe(0)
    await expect(store.read('thumbs/empty.jpg', { start: 0, end: 0 })).rejects.toBeInstanceOf(MediaRangeError)
  })

  it('deletes an object, and deleting a missing one is no error', async () => {
    await store.delete(key)
    expect(await store.stat(key)).toBeUndefined()
    await expect(store.read(key)).rejects.toBeInstanceOf(MediaNotFoundError)
    await store.delete(key)
  })

  it.each(['', '/blobs/x', 'blobs//x', 'blobs/../x', 'blobs/./x', 'thumbs/a b.jpg', 'blobs/did:plc:x/y', 'drafts/x/'])('refuses the key %j', async (bad) => {
    await expect(store.stat(bad)).rejects.toBeInstanceOf(InvalidMediaKeyError)
    await expect(store.put(bad, video.path, 'video/mp4')).rejects.toBeInstanceOf(InvalidMediaKeyError)
  })
})

describe('S3MediaStore', () => {
  it('keeps objects under its prefix, apart from other deployments in the bucket', async () => {
    const a = s3Store('prefix-a', 'tenant-a')
    const b = s3Store('prefix-b', 'tenant-b/media')
    const root = s3Store('prefix-root')
    const file = sourceFile('prefixed', 10)
    await a.put('thumbs/x.jpg', file.path, 'image/jpeg')
    expect(await b.stat('thumbs/x.jpg')).toBeUndefined()
    expect(await root.stat('tenant-a/thumbs/x.jpg')).toMatchObject({ size: 10, contentType: 'image/jpeg' })
    await Promise.all([a.close(), b.close(), root.close()])
  })

  it('keeps local copies within their byte budget, least recently used first', async () => {
    const store = new S3MediaStore({
      bucket: BUCKET,
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      scratchDir: join(dir, 'budget-scratch'),
      scratchMaxBytes: 25_000,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    })
    // Copies count as in use for a minute; this test wants them evictable at once.
    ;(store as unknown as { scratch: { inUseMs: number } }).scratch.inUseMs = 0
    const file = sourceFile('budget', 10_000)
    for (const n of [1, 2, 3]) await store.put(`blobs/budget/${n}`, file.path, 'video/mp4')
    const first = await store.localPath('blobs/budget/1')
    await store.localPath('blobs/budget/2')
    await store.localPath('blobs/budget/1') // 1 is now more recent than 2
    await store.localPath('blobs/budget/3') // 30,000 bytes: 2 must go
    const scratch = (store as unknown as { scratch: { bytes: number } }).scratch
    expect(scratch.bytes).toBe(20_000)
    expect(readFileSync(first).length).toBe(10_000)
    await store.close()
  })

  it('refuses to start on a bucket that does not exist, naming the setting', async () => {
    const store = new S3MediaStore({
      bucket: 'no-such-bucket',
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      scratchDir: join(dir, 'nobucket-scratch'),
      scratchMaxBytes: 1_000_000,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    })
    await expect(store.verify()).rejects.toMatchObject({ name: 'ConfigError', variable: 'FRAMEWRIGHT_S3_BUCKET' })
    await store.close()
  })

  it('reports an unreachable service as an upstream failure, not as a missing object', async () => {
    const store = new S3MediaStore({
      bucket: BUCKET,
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      forcePathStyle: true,
      scratchDir: join(dir, 'down-scratch'),
      scratchMaxBytes: 1_000_000,
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    })
    await expect(store.stat('thumbs/x.jpg')).rejects.toMatchObject({ name: 'UpstreamError' })
    await expect(store.verify()).rejects.toMatchObject({ name: 'UpstreamError' })
    await store.close()
  })
})
