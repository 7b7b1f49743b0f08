import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import express from 'express'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalMediaStore, MediaNotFoundError, type ByteRange, type MediaStore } from '@framewright/service-kit'
import { serveStored } from './serve'

const runs = { numRuns: 200 }

/** Objects of a few sizes, the empty one included, as both stores hold them. */
const OBJECTS: Record<string, Buffer> = { 'blobs/empty': Buffer.alloc(0), 'blobs/one': randomBytes(1), 'blobs/some': randomBytes(1000) }

/** A remote store's behaviour without the network: serveStored reads it through read(key, range). */
class MemoryStore implements MediaStore {
  readonly kind = 's3' as const
  async put(): Promise<void> {}
  async stat(key: string) {
    const bytes = OBJECTS[key]
    return bytes && { size: bytes.length }
  }
  async read(key: string, range?: ByteRange) {
    const bytes = OBJECTS[key]
    if (!bytes) throw new MediaNotFoundError(key)
    return Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes])
  }
  async localPath(): Promise<string> {
    throw new Error('not needed here')
  }
  async delete(): Promise<void> {}
  async verify(): Promise<void> {}
  async close(): Promise<void> {}
}

let dir: string
let base: string
let close: () => Promise<void>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-serve-prop-'))
  const local = new LocalMediaStore(join(dir, 'media'))
  for (const [key, bytes] of Object.entries(OBJECTS)) {
    const file = join(dir, key.replace('/', '-'))
    await writeFile(file, bytes)
    await local.put(key, file, 'video/mp4')
  }
  const stores: Record<string, MediaStore> = { local, memory: new MemoryStore() }
  const app = express()
  app.get('/:store/blobs/:name', (req, res, next) => {
    serveStored(req, res, stores[req.params.store]!, `blobs/${req.params.name}`, { contentType: 'video/mp4', cacheControl: 'no-store' }).catch(next)
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => new Promise((resolve) => server.close(() => resolve()))
})

afterAll(async () => {
  await close?.()
  await rm(dir, { recursive: true, force: true })
})

const position = fc.oneof(fc.integer({ min: 0, max: 1_100 }), fc.constantFrom(0, 1, 999, 1000, 1001), fc.bigInt({ min: 0n, max: 10n ** 25n }))
/** One range spec: a-b, a-, -n, or something else entirely. */
const spec = fc.oneof(
  fc.tuple(position, position).map(([a, b]) => `${a}-${b}`),
  position.map((a) => `${a}-`),
  position.map((n) => `-${n}`),
  fc.stringMatching(/^[ 0-9,=-]{0,12}$/),
)
/** What a client may put in a Range header (only what HTTP lets through: no control characters). */
const rangeHeader = fc.oneof(
  fc.array(spec, { minLength: 1, maxLength: 3 }).map((specs) => `bytes=${specs.join(',')}`),
  fc.tuple(fc.constantFrom('bytes', 'Bytes', 'items', ''), fc.constantFrom('=', ' =', ''), fc.array(spec, { maxLength: 3 })).map(([unit, eq, specs]) => `${unit}${eq}${specs.join(', ')}`),
  fc.string({ unit: 'binary-ascii' }).map((s) => s.replace(/[^\x20-\x7e]/g, '').trim()),
)

describe('Range on the media routes (properties)', () => {
  it('any Range header gets the whole object, one satisfiable part of it, or 416 — on either store', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('local', 'memory'), fc.constantFrom(...Object.keys(OBJECTS)), rangeHeader, async (store, key, range) => {
        const bytes = OBJECTS[key]!
        const res = await fetch(`${base}/${store}/${key}`, { headers: { range } })
        const body = Buffer.from(await res.arrayBuffer())
        expect([200, 206, 416]).toContain(res.status)
        if (res.status === 200) {
          expect(body.equals(bytes)).toBe(true)
        } else if (res.status === 206) {
          const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '')
          expect(match).not.toBeNull()
          const [start, end, size] = match!.slice(1).map(Number) as [number, number, number]
          expect(size).toBe(bytes.length)
          expect(0 <= start && start <= end && end < size).toBe(true)
          expect(body.equals(bytes.subarray(start, end + 1))).toBe(true)
        } else {
          expect(res.headers.get('content-range')).toBe(`bytes */${bytes.length}`)
        }
      }),
      runs,
    )
  })

  it('one satisfiable range a-b is answered with exactly those bytes, the same by both stores', async () => {
    const some = OBJECTS['blobs/some']!
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: some.length - 1 }), fc.integer({ min: 0, max: 2_000 }), async (start, length) => {
        const end = start + length
        for (const store of ['local', 'memory']) {
          const res = await fetch(`${base}/${store}/blobs/some`, { headers: { range: `bytes=${start}-${end}` } })
          const last = Math.min(end, some.length - 1)
          expect(res.status).toBe(206)
          expect(res.headers.get('content-range')).toBe(`bytes ${start}-${last}/${some.length}`)
          expect(Buffer.from(await res.arrayBuffer()).equals(some.subarray(start, last + 1))).toBe(true)
        }
      }),
      { numRuns: 100 },
    )
  })
})
