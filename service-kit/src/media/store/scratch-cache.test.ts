import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ScratchCache } from './scratch-cache'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-scratch-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const bytes = (n: number, fill: number) => async () => Readable.from([Buffer.alloc(n, fill)])
const never = async (): Promise<Readable> => {
  throw new Error('downloaded again')
}

describe('ScratchCache', () => {
  it('finds the copies an earlier process made instead of downloading them again, within its budget', async () => {
    const scratch = join(dir, 'restart')
    const first = new ScratchCache(scratch, 3_000, 0)
    const a = await first.path('blobs/did_plc_a/one', bytes(1_000, 1))
    await first.path('blobs/did_plc_a/two', bytes(1_000, 2))

    const second = new ScratchCache(scratch, 3_000, 0)
    expect(await second.path('blobs/did_plc_a/one', never)).toBe(a)
    expect(readFileSync(a)).toEqual(Buffer.alloc(1_000, 1))
    expect(second.bytes).toBe(2_000)
    // A third and fourth copy pass the budget: 'two', used longest ago, goes first.
    await second.path('blobs/did_plc_a/three', bytes(1_000, 3))
    await second.path('blobs/did_plc_a/four', bytes(1_000, 4))
    expect(second.bytes).toBe(3_000)
    await expect(second.path('blobs/did_plc_a/two', never)).rejects.toThrow('downloaded again')
    expect(await second.path('blobs/did_plc_a/one', never)).toBe(a)
  })
})
