import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LruFiles } from './lru-files'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-lru-files-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Writes `size` bytes at root/name, last used `minutesAgo` minutes ago (as a file left by an earlier run). */
async function file(root: string, name: string, size: number, minutesAgo = 0): Promise<void> {
  const path = join(root, name)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, Buffer.alloc(size, 7))
  const at = new Date(Date.now() - minutesAgo * 60_000)
  await utimes(path, at, at)
}

describe('LruFiles', () => {
  it('evicts the least recently used files once the budget is passed, counting bytes on disk', async () => {
    const root = join(dir, 'order')
    const lru = new LruFiles({ root, maxBytes: 25_000, inUseMs: 0 })
    await lru.start()
    for (const n of ['a', 'b', 'c']) {
      await file(root, `blobs/${n}`, 10_000)
      // c takes the total to 30,000: a, the least recently used, goes.
      await lru.add(`blobs/${n}`, 10_000)
    }
    expect(lru.names()).toEqual(['blobs/b', 'blobs/c'])
    expect(lru.bytes).toBe(20_000)
    expect(existsSync(join(root, 'blobs/a'))).toBe(false)

    await lru.touch('blobs/b') // b is now more recent than c
    await file(root, 'blobs/d', 10_000)
    await lru.add('blobs/d', 10_000)
    expect(lru.names()).toEqual(['blobs/b', 'blobs/d'])
    expect(existsSync(join(root, 'blobs/c'))).toBe(false)
    expect(existsSync(join(root, 'blobs/b'))).toBe(true)
    expect(lru.bytes).toBe(20_000)
  })

  it('spares files in use, overshooting the budget until they are not', async () => {
    const root = join(dir, 'in-use')
    const lru = new LruFiles({ root, maxBytes: 15_000, inUseMs: 60 * 60_000 })
    for (const n of ['a', 'b']) {
      await file(root, n, 10_000)
      await lru.add(n, 10_000)
    }
    expect(lru.bytes).toBe(20_000)
    expect(existsSync(join(root, 'a'))).toBe(true)
    lru.inUseMs = 0
    await lru.evict()
    expect(lru.names()).toEqual(['b'])
  })

  it('rebuilds its accounting from the folder after a restart, oldest use first, and trims to the budget', async () => {
    const root = join(dir, 'restart')
    await file(root, 'blobs/did_plc_x/old', 4_000, 300)
    await file(root, 'thumbs/older.jpg', 3_000, 400)
    await file(root, 'blobs/did_plc_y/recent', 5_000, 100)
    await file(root, 'thumbs/newest.jpg', 1_000, 10)
    await file(root, 'thumbs/half-written.jpg.abc123.part', 9_999, 500)
    await file(root, 'drafts/not-a-cache.mp4', 50_000, 1_000)

    const lru = new LruFiles({ root, folders: ['blobs', 'thumbs'], maxBytes: 9_000, inUseMs: 0 })
    await lru.start()
    // 13,000 bytes found (drafts and writes in progress are not the cache's); the two oldest go.
    expect(lru.names()).toEqual(['blobs/did_plc_y/recent', 'thumbs/newest.jpg'])
    expect(lru.bytes).toBe(6_000)
    expect(existsSync(join(root, 'thumbs/older.jpg'))).toBe(false)
    expect(existsSync(join(root, 'blobs/did_plc_x/old'))).toBe(false)
    expect(existsSync(join(root, 'thumbs/half-written.jpg.abc123.part'))).toBe(true)
    expect(existsSync(join(root, 'drafts/not-a-cache.mp4'))).toBe(true)
  })

  it('keeps recency across a restart: a use is written to the file', async () => {
    const root = join(dir, 'recency')
    await file(root, 'a', 1_000, 30)
    await file(root, 'b', 1_000, 20)
    const first = new LruFiles({ root, maxBytes: 10_000, inUseMs: 0, saveUseEveryMs: 0 })
    await first.start()
    expect(first.names()).toEqual(['a', 'b'])
    await first.touch('a')
    expect((await stat(join(root, 'a'))).mtimeMs).toBeGreaterThan((await stat(join(root, 'b'))).mtimeMs)

    const second = new LruFiles({ root, maxBytes: 1_500, inUseMs: 0 })
    await second.start()
    // b was used longest ago once a was touched: it is the one evicted.
    expect(second.names()).toEqual(['a'])
    expect(existsSync(join(root, 'b'))).toBe(false)
  })

  it('counts a file another process wrote when it is first used', async () => {
    const root = join(dir, 'foreign')
    const lru = new LruFiles({ root, maxBytes: 10_000 })
    await lru.start()
    await file(root, 'thumbs/x.jpg', 2_500)
    await lru.touch('thumbs/x.jpg')
    expect(lru.bytes).toBe(2_500)
    await lru.touch('thumbs/missing.jpg')
    expect(lru.count).toBe(1)
  })
})
