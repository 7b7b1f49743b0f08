import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Database, MediaTools } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import type { BlobCache } from './blob-cache'
import { VideoMedia } from './video-media'
import { describeEngines } from '@framewright/service-kit/testing'

const paths = MediaTools.create()
let dir: string
let clip: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fw-media-'))
  clip = join(dir, 'clip.mp4')
  // Half a second of picture and sound: what a probe reads.
  await promisify(execFile)(paths.ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=d=0.5:s=64x64', '-f', 'lavfi', '-i', 'sine=d=0.5', '-shortest', '-y', clip])
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A blob cache whose fetches finish when the test says so, recording which blobs were asked for. */
function heldBlobs() {
  const asked: string[] = []
  const release: (() => void)[] = []
  const cache = {
    localPath: (_did: string, cid: string) => {
      asked.push(cid)
      return new Promise<string>((resolve) => release.push(() => resolve(clip)))
    },
  } as unknown as BlobCache
  return { cache, asked, releaseAll: () => release.splice(0).forEach((r) => r()) }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r))
}

describeEngines('video media', (engine) => {
  describe('probing videos for sound, bounded', () => {
    it('runs at most `concurrency` probes, keeps at most `maxWaiting`, skips and counts the rest, and lets views jump the line', async () => {
      const db = engine.open<AppviewSchema>(migrations)
      await db.migrateToLatest()
      const blobs = heldBlobs()
      const media = new VideoMedia(db.db, blobs.cache, paths, pino({ level: 'silent' }), { concurrency: 1, maxWaiting: 2 })
      for (const cid of ['a', 'b', 'c', 'd', 'e']) media.prime('did:plc:x', cid)
      await settle()
      // One runs, two wait, two are skipped: a surge costs probes, never unbounded work.
      expect(blobs.asked).toEqual(['a'])
      expect(media.counts.skippedBusy).toBe(2)
      // Someone views a video nobody probed: it goes first, and the last new one waiting makes room.
      const viewed = media.hasAudio([{ did: 'did:plc:x', cid: 'v' }])
      expect((await viewed).size).toBe(0)
      expect(media.counts.skippedBusy).toBe(3)
      for (let round = 0; round < 4; round++) {
        blobs.releaseAll()
        await until(() => blobs.asked.length > round + 1 || media.counts.probed + media.counts.failed >= 3)
      }
      await until(() => media.counts.probed === 3)
      expect(blobs.asked).toEqual(['a', 'v', 'b'])
      const known = await media.hasAudio(['a', 'v', 'b'].map((cid) => ({ did: 'did:plc:x', cid })))
      expect([...known.values()]).toEqual([true, true, true])
      await media.close()
      await db.close()
    })
  })

  async function until(check: () => boolean, ms = 10_000): Promise<void> {
    const end = Date.now() + ms
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out')
      await new Promise((r) => setTimeout(r, 20))
    }
  }
})
