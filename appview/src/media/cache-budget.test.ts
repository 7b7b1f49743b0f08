import { existsSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BudgetedLocalMediaStore } from './cache-budget'
import { mediaKeys } from './keys'

let dir: string
let source: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-cache-budget-'))
  source = join(dir, 'source')
  writeFileSync(source, Buffer.alloc(10_000, 9))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A store whose copies count as in use for no time at all, so the budget bites at once. */
function store(root: string, maxBytes: number): BudgetedLocalMediaStore {
  const s = new BudgetedLocalMediaStore(root, maxBytes)
  s.cache.inUseMs = 0
  return s
}

describe('the media folder under a cache budget', () => {
  it('deletes the least recently looked-at blobs and thumbnails, never drafts', async () => {
    const root = join(dir, 'order')
    const media = store(root, 25_000)
    await media.verify()
    await media.put(mediaKeys.draft('0123456789abcdef0123456789abcdef'), source, 'video/mp4')
    await media.put(mediaKeys.blob('did:plc:a', 'bafkreione'), source, 'video/mp4')
    await media.put(mediaKeys.thumb('bafkreitwo'), source, 'image/jpeg')
    // Serving the first blob again (a look-up) makes the thumbnail the least recently used.
    expect(await media.stat(mediaKeys.blob('did:plc:a', 'bafkreione'))).toMatchObject({ size: 10_000 })
    await media.put(mediaKeys.blob('did:plc:b', 'bafkreithree'), source, 'video/mp4')

    expect(await media.stat(mediaKeys.thumb('bafkreitwo'))).toBeUndefined()
    expect(await media.stat(mediaKeys.blob('did:plc:a', 'bafkreione'))).toBeDefined()
    expect(await media.stat(mediaKeys.blob('did:plc:b', 'bafkreithree'))).toBeDefined()
    expect(await media.stat(mediaKeys.draft('0123456789abcdef0123456789abcdef'))).toBeDefined()
    expect(media.cache.bytes).toBe(20_000)
  })

  it('counts what the folder holds when it starts again, and trims it to a smaller budget', async () => {
    const root = join(dir, 'restart')
    const before = store(root, 100_000)
    for (const n of ['one', 'two', 'three']) await before.put(mediaKeys.blob('did:plc:a', `bafkrei${n}`), source, 'video/mp4')
    await before.put(mediaKeys.draft('fedcba9876543210fedcba9876543210'), source, 'video/mp4')

    const after = store(root, 100_000)
    await after.verify()
    expect(after.cache.bytes).toBe(30_000)
    expect(after.cache.count).toBe(3)

    const smaller = store(root, 15_000)
    await smaller.verify()
    expect(smaller.cache.bytes).toBeLessThanOrEqual(15_000)
    expect(smaller.cache.count).toBe(1)
    expect(existsSync(join(root, 'drafts', 'fedcba9876543210fedcba9876543210.mp4'))).toBe(true)
  })

  it('stops counting what is deleted', async () => {
    const media = store(join(dir, 'delete'), 100_000)
    await media.put(mediaKeys.thumb('bafkreigone'), source, 'image/jpeg')
    await media.delete(mediaKeys.thumb('bafkreigone'))
    expect(media.cache.bytes).toBe(0)
  })
})
