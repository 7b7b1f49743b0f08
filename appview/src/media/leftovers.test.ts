import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { createLogger } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { JobStore } from '../generation/jobs'
import { sampleJob } from '../generation/test-jobs'
import { LeftoverFiles } from './leftovers'

const dir = mkdtempSync(join(tmpdir(), 'fw-leftovers-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const job = sampleJob

describeEngines('files left by writes cut short', (engine) => {
  it('are removed once nobody has written them for the minimum age, but nothing a write or a live job still uses', async () => {
    const database = engine.open<AppviewSchema>(migrations)
    await database.migrateToLatest()
    const jobs = new JobStore(database.db)
    const mediaDir = mkdtempSync(join(dir, `${engine.name}-`))
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000)
    const file = (path: string, bytes: number, old: boolean) => {
      const full = join(mediaDir, path)
      mkdirSync(dirname(full), { recursive: true })
      writeFileSync(full, Buffer.alloc(bytes, 1))
      if (old) utimesSync(full, twoHoursAgo, twoHoursAgo)
      return full
    }
    const oldFolder = (path: string) => utimesSync(join(mediaDir, path), twoHoursAgo, twoHoursAgo)

    // Procedural renders: one per job, named by the provider's job id.
    const running = await jobs.create(job(1))
    await jobs.claimNext('runner')
    await jobs.update(running.id, { providerJobId: 'procedural-running' })
    const queued = await jobs.create(job(2))
    await jobs.update(queued.id, { providerJobId: 'procedural-queued' })
    const failed = await jobs.create(job(3))
    await jobs.update(failed.id, { providerJobId: 'procedural-failed' })
    await jobs.fail(failed.id, 'the provider failed the job')

    const gone = [
      file('tmp/blob-0011.part', 100, true),
      file('work/0a1b.mp4', 200, true),
      file('work/0a1b.jpg', 30, true),
      file('blobs/bafkreiold.0f0f.part', 400, true),
      file('drafts/0a1b.mp4.1e1e.part', 50, true),
      file('procedural/procedural-failed/caption.txt', 7, true),
      file('procedural/procedural-failed/render.part.mp4', 1000, true),
      file('procedural/procedural-orphan/render.mp4', 2000, true),
    ]
    oldFolder('procedural/procedural-failed')
    oldFolder('procedural/procedural-orphan')
    const kept = [
      // Writes in progress.
      file('tmp/blob-0022.part', 100, false),
      file('blobs/bafkreinew.2a2a.part', 100, false),
      file('work/9f9f.mp4', 100, false),
      // Finished media, however old.
      file('blobs/bafkreiold', 400, true),
      file('drafts/0a1b.mp4', 400, true),
      // Renders of jobs still queued or running, however old; one whose render still writes a file.
      file('procedural/procedural-running/render.part.mp4', 500, true),
      file('procedural/procedural-queued/caption.txt', 7, true),
      file('procedural/procedural-busy/caption.txt', 7, true),
      file('procedural/procedural-busy/render.part.mp4', 10, false),
    ]
    oldFolder('procedural/procedural-running')
    oldFolder('procedural/procedural-queued')
    oldFolder('procedural/procedural-busy')

    const leftovers = new LeftoverFiles({ mediaDir, jobs, logger: createLogger({ level: 'silent' }) })
    expect(await leftovers.sweep()).toEqual({ files: gone.length, bytes: 100 + 200 + 30 + 400 + 50 + 7 + 1000 + 2000 })
    expect(gone.filter((f) => existsSync(f))).toEqual([])
    expect(kept.filter((f) => !existsSync(f))).toEqual([])
    expect(existsSync(join(mediaDir, 'procedural/procedural-failed'))).toBe(false)
    // A second sweep finds nothing more; one with a media folder never made finds nothing at all.
    expect(await leftovers.sweep()).toEqual({ files: 0, bytes: 0 })
    expect(await new LeftoverFiles({ mediaDir: join(mediaDir, 'none'), jobs, logger: createLogger({ level: 'silent' }) }).sweep()).toEqual({ files: 0, bytes: 0 })
  })
})
