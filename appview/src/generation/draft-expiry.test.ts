import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { LocalMediaStore, createLogger, type Database } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { mediaKeys } from '../media/keys'
import { DraftExpiry } from './draft-expiry'
import { JobStore, PUBLISHED_STAGE, type JobRow } from './jobs'

const CREATOR = 'did:plc:maker'
const DAY = 86_400_000
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-draft-expiry-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const rawCid = (bytes: Buffer) => CID.decode(Buffer.concat([Buffer.from([0x01, 0x55, 0x12, 0x20]), createHash('sha256').update(bytes).digest()])).toString()

describeEngines('draft expiry', (engine) => {
  let database: Database<AppviewSchema>
  let jobs: JobStore
  let store: LocalMediaStore
  let n = 0

  beforeAll(async () => {
    database = engine.open<AppviewSchema>(migrations)
    await database.migrateToLatest()
    jobs = new JobStore(database.db)
    store = new LocalMediaStore(join(dir, engine.name))
  })
  afterAll(() => database.close())

  /** A finished job whose draft (distinct bytes) and poster are in the store, finished `daysAgo` days ago. */
  async function finished(daysAgo: number): Promise<{ job: JobRow; bytes: Buffer }> {
    const job = await jobs.create({
      creator: CREATOR,
      provider: 'procedural',
      model: 'procedural-v1',
      prompt: `scene ${++n}`,
      seed: n,
      durationMs: 4000,
      aspectRatio: { width: 9, height: 16 },
      depicts: [],
    })
    const bytes = Buffer.from(`the rendered video of job ${job.id}`)
    const file = join(dir, `${job.id}.mp4`)
    writeFileSync(file, bytes)
    await store.put(mediaKeys.draft(job.id), file, 'video/mp4')
    await store.put(mediaKeys.poster(job.id), file, 'image/jpeg')
    await jobs.succeed(job.id, { mimeType: 'video/mp4', size: bytes.length, durationMs: 4000, width: 9, height: 16 }, { provider: 'procedural', model: 'procedural-v1', prompt: 'p', generatedAt: new Date().toISOString(), sourceType: 'ai-generated' } as never)
    const at = new Date(Date.now() - daysAgo * DAY).toISOString()
    await database.db.updateTable('generation_job').set({ updatedAt: at }).where('id', '=', job.id).execute()
    return { job, bytes }
  }

  /** The creator published a video with exactly these bytes as its blob (as the client does with a draft). */
  async function publish(bytes: Buffer, creator = CREATOR): Promise<void> {
    const t = new Date().toISOString()
    await database.db
      .insertInto('video')
      .values({ uri: `at://${creator}/app.framewright.video.post/${++n}`, cid: 'bafyrecord', creator, createdAt: t, indexedAt: t, sortAt: t, text: '', provider: 'procedural', model: 'm', prompt: 'p', blobCid: rawCid(bytes), blobMime: 'video/mp4', blobSize: bytes.length, record: '{}' } as never)
      .execute()
  }

  it('deletes unpublished drafts past their age and marks their jobs expired; published and young drafts stay', async () => {
    const stale = await finished(8)
    const published = await finished(9)
    await publish(published.bytes)
    const copied = await finished(10)
    // Someone else publishing the same bytes does not make it this creator's published draft.
    await publish(copied.bytes, 'did:plc:someone-else')
    const young = await finished(2)

    const expiry = new DraftExpiry(database.db, jobs, store, { maxAgeMs: 7 * DAY, logger: createLogger({ level: 'silent' }) })
    expect(await expiry.sweep()).toEqual({ expired: 2, published: 1 })

    for (const { job } of [stale, copied]) {
      const row = await jobs.get(job.id)
      expect(row).toMatchObject({ status: 'expired', stage: 'expired' })
      expect(row?.error).toMatch(/not published within 7 days/)
      expect(await store.stat(mediaKeys.draft(job.id))).toBeUndefined()
      expect(await store.stat(mediaKeys.poster(job.id))).toBeUndefined()
    }
    expect(await jobs.get(published.job.id)).toMatchObject({ status: 'succeeded', stage: PUBLISHED_STAGE })
    expect(await store.stat(mediaKeys.draft(published.job.id))).toBeDefined()
    expect(await jobs.get(young.job.id)).toMatchObject({ status: 'succeeded', stage: 'done' })
    expect(await store.stat(mediaKeys.draft(young.job.id))).toBeDefined()

    // A published draft is settled once: the next sweep has nothing to do.
    expect(await expiry.sweep()).toEqual({ expired: 0, published: 0 })
    // Later the young draft's time comes too.
    expect(await expiry.sweep(Date.now() + 6 * DAY)).toEqual({ expired: 1, published: 0 })
    expect(await jobs.get(young.job.id)).toMatchObject({ status: 'expired' })
  })

  it('expires a job whose draft bytes are already gone (a sweep stopped half-way)', async () => {
    const { job } = await finished(30)
    await store.delete(mediaKeys.draft(job.id))
    const expiry = new DraftExpiry(database.db, jobs, store, { maxAgeMs: DAY, logger: createLogger({ level: 'silent' }) })
    await expiry.sweep()
    expect(await jobs.get(job.id)).toMatchObject({ status: 'expired' })
    expect(await store.stat(mediaKeys.poster(job.id))).toBeUndefined()
  })
})
