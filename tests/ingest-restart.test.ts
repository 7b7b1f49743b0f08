import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AtpAgent } from '@atproto/api'
import { FeedGenerator, envToConfig, readEnv } from '@framewright/feed-generator'
import { createLogger } from '@framewright/service-kit'
import { ids, validateRecord } from '@framewright/lexicons'
import { createUser, stack, waitFor } from './helpers/network'
import { makeVideo } from './helpers/videos'
import { LOCAL_OUTBOUND_ALLOW } from '@framewright/stack'

const dir = mkdtempSync(join(tmpdir(), 'framewright-restart-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A feed generator of our own on the shared network, with its own database file. */
async function startFeedgen(): Promise<FeedGenerator> {
  const { services, feedPublisher } = stack()
  const cfg = envToConfig(
    readEnv({
      FRAMEWRIGHT_FEEDGEN_PORT: '0',
      FRAMEWRIGHT_FEEDGEN_DB: join(dir, 'feedgen.sqlite'),
      FRAMEWRIGHT_FIREHOSE_URL: services.pds.url.replace(/^http/, 'ws'),
      FRAMEWRIGHT_PLC_URL: services.plc.url,
      FRAMEWRIGHT_OUTBOUND_ALLOW: LOCAL_OUTBOUND_ALLOW,
      FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: feedPublisher.did,
      // This is about resuming the stream from a saved cursor, from seq 0 the first time (not backfill).
      FRAMEWRIGHT_BACKFILL: 'never',
    }),
  )
  const fg = await FeedGenerator.create(cfg, { logger: createLogger({ level: 'warn' }) })
  await fg.start()
  return fg
}

async function indexedVideos(fg: FeedGenerator): Promise<string[]> {
  const rows = await fg.ctx.db.db.selectFrom('video').select('uri').orderBy('uri').execute()
  return rows.map((r) => r.uri)
}

/**
 * Every valid video post in every repo on the PDS: the ground truth an ingester must match.
 * (Other tests write invalid ones on purpose; those must never be indexed.)
 */
async function videosOnPds(): Promise<string[]> {
  const agent = new AtpAgent({ service: stack().services.pds.url })
  const { data } = await agent.com.atproto.sync.listRepos({ limit: 1000 })
  const uris: string[] = []
  for (const repo of data.repos) {
    const { data: page } = await agent.com.atproto.repo.listRecords({ repo: repo.did, collection: ids.AppFramewrightVideoPost, limit: 100 })
    uris.push(...page.records.filter((r) => isValid(r.value)).map((r) => r.uri))
  }
  return uris.sort()
}

describe('ingestion survives restarts', () => {
  it('resumes from its saved cursor with no duplicates and no gaps, and replays idempotently', async () => {
    const creator = await createUser('restart')
    const first = await makeVideo(creator, { prompt: 'before the restart' })

    let fg = await startFeedgen()
    expect(fg.ingester.stats.startCursor).toBe(0)
    await waitFor('the first video indexed', async () => (await indexedVideos(fg)).includes(first.uri))
    await waitFor('the ingester caught up with the PDS', async () => (await indexedVideos(fg)).join() === (await videosOnPds()).join())
    await fg.destroy()
    const saved = Number((await readCursor()) ?? 0)
    expect(saved).toBeGreaterThan(0)

    // Written while the feed generator is down.
    const second = await makeVideo(creator, { prompt: 'while it was down' })
    const third = await makeVideo(creator, { prompt: 'still down' })

    fg = await startFeedgen()
    expect(fg.ingester.stats.startCursor).toBe(saved)
    await waitFor('the videos written while down', async () => {
      const uris = await indexedVideos(fg)
      return uris.includes(second.uri) && uris.includes(third.uri)
    })
    // Resumed: nothing at or below the saved cursor was handled again. (The videos may have come by a
    // re-import of the creator's repo instead — a #sync left to re-sync when it stopped — and their
    // commits then found already applied: then nothing was handled at all.)
    if (fg.ingester.stats.firstSeq !== undefined) expect(fg.ingester.stats.firstSeq).toBeGreaterThan(saved)
    expect(await indexedVideos(fg)).toEqual(await videosOnPds())
    const itemsBefore = await fg.ctx.db.db.selectFrom('feed_item').selectAll().orderBy('uri').execute()
    await fg.destroy()

    // A crash after processing but before the cursor was saved: the events come again.
    await rewindCursor(0)
    fg = await startFeedgen()
    await waitFor('the replay to pass the old cursor', async () => (fg.ingester.cursor ?? 0) >= saved)
    expect(fg.ingester.stats.handled).toBeGreaterThan(0)
    expect(await indexedVideos(fg)).toEqual(await videosOnPds())
    const itemsAfter = await fg.ctx.db.db.selectFrom('feed_item').selectAll().orderBy('uri').execute()
    expect(itemsAfter.map((i) => i.uri)).toEqual(itemsBefore.map((i) => i.uri))
    await fg.destroy()
  })
})

/** Opens the feed generator's database file (without starting it) to read or rewrite its cursor. */
async function withStoppedFeedgen<T>(fn: (fg: FeedGenerator) => Promise<T>): Promise<T> {
  const fg = await FeedGenerator.create(
    envToConfig(readEnv({ FRAMEWRIGHT_FEEDGEN_DB: join(dir, 'feedgen.sqlite'), FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: stack().feedPublisher.did })),
    { logger: createLogger({ level: 'warn' }) },
  )
  try {
    return await fn(fg)
  } finally {
    await fg.destroy()
  }
}

const readCursor = () => withStoppedFeedgen((fg) => fg.ctx.cursor.get())
const rewindCursor = (to: number) => withStoppedFeedgen(async (fg) => void (await fg.ctx.db.db.updateTable('ingest_cursor').set({ cursor: to }).where('stream', '=', 'firehose').execute()))

function isValid(value: unknown): boolean {
  try {
    validateRecord(ids.AppFramewrightVideoPost, value)
    return true
  } catch {
    return false
  }
}
