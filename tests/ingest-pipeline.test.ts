import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FeedGenerator, envToConfig, readEnv } from '@framewright/feed-generator'
import { ids } from '@framewright/lexicons'
import { createLogger, fileDeadLetters, replayDeadLetters, type IngestSchema } from '@framewright/service-kit'
import { PlcProxy } from './fakes/plc-proxy'
import { createUser, stack, waitFor, xrpc } from './helpers/network'
import { quickVideo } from './helpers/videos'
import { LOCAL_OUTBOUND_ALLOW } from '@framewright/stack'

const dir = mkdtempSync(join(tmpdir(), 'framewright-pipeline-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Status {
  cursor?: number
  headSeq?: number
  deadLetters: number
  recentDeadLetters: { seq?: number; subject?: string; reason: string; detail: string }[]
}

const status = (url: string) => xrpc<Status>(url, ids.AppFramewrightIngestGetStatus).then((r) => r.body)

describe('ingestion never skips silently', () => {
  it('sets an event that can never succeed aside in every service, with its reason, and moves on', async () => {
    const user = await createUser('misfiled')
    const { data: bad } = await user.agent.com.atproto.repo.createRecord({
      repo: user.did,
      collection: ids.AppFramewrightLikenessGrant,
      rkey: 'not-self',
      record: { $type: ids.AppFramewrightLikenessGrant, audience: 'everyone', createdAt: new Date().toISOString() },
    })
    const after = await quickVideo(user, { prompt: 'written after the misfiled grant' })
    const { feedGenerator, labeler, appview } = stack().services
    for (const service of [feedGenerator, labeler, appview]) {
      const found = await waitFor(`the dead letter at ${service.url}`, async () => {
        const s = await status(service.url)
        return s.recentDeadLetters.find((l) => l.subject === bad.uri) && s
      })
      const letter = found.recentDeadLetters.find((l) => l.subject === bad.uri)!
      expect(letter).toMatchObject({ reason: 'UnprocessableEventError', detail: expect.stringContaining('rkey must be "self"') })
      expect(found.deadLetters).toBeGreaterThanOrEqual(1)
      // The cursor went on past it. A letter filed from the stream has the event's seq; one filed by a
      // re-import of the repo has none (the account's creation is a #sync, and an import that runs after
      // the grant was written files it, the stream's older commit then being stale): the cursor must
      // then reach what the service had received when it showed the letter.
      const past = letter.seq ?? found.headSeq ?? 0
      await waitFor(`the cursor past the dead letter at ${service.url}`, async () => ((await status(service.url)).cursor ?? 0) >= past + (letter.seq === undefined ? 0 : 1))
    }
    const views = await waitFor('the later video in the appview', async () => {
      const res = await xrpc(appview.url, ids.AppFramewrightVideoGetVideos, { params: { uris: [after.uri] } })
      return res.body.videos?.length === 1 && res.body.videos
    })
    expect(views[0].uri).toBe(after.uri)
  })

  it('holds the cursor while DID look-ups fail and applies the event once they work again: nothing lost', async () => {
    const proxy = await PlcProxy.start(stack().services.plc.url)
    const fg = await FeedGenerator.create(
      envToConfig(
        readEnv({
          FRAMEWRIGHT_FEEDGEN_PORT: '0',
          FRAMEWRIGHT_FEEDGEN_DB: join(dir, 'patient.sqlite'),
          FRAMEWRIGHT_FIREHOSE_URL: stack().services.pds.url.replace(/^http/, 'ws'),
          FRAMEWRIGHT_PLC_URL: proxy.url,
          FRAMEWRIGHT_OUTBOUND_ALLOW: LOCAL_OUTBOUND_ALLOW,
          FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: stack().feedPublisher.did,
          FRAMEWRIGHT_BACKFILL: 'never',
        }),
      ),
      { logger: createLogger({ level: 'error' }) },
    )
    try {
      await fg.start()
      const videos = async () => (await fg.ctx.db.db.selectFrom('video').select('uri').execute()).map((r) => r.uri)
      const first = await quickVideo(await createUser('before'), { prompt: 'before the directory went away' })
      await waitFor('the first video', async () => (await videos()).includes(first.uri), 60_000)

      proxy.down = true
      const stranded = await createUser('stranded') // a DID this service has never resolved
      const video = await quickVideo(stranded, { prompt: 'published while the directory is unreachable' })
      // The service keeps asking for that DID's key, and keeps its cursor below the event it cannot
      // verify yet. (Counted for that DID alone: follow fetches for mutuals grants in the network's
      // history ask the directory too, before the video's commit has even arrived.)
      await waitFor('retries against the unreachable directory', async () => proxy.requestsFor(stranded.did) >= 3, 30_000)
      const held = await fg.ingester.status()
      expect(await videos()).not.toContain(video.uri)
      expect(held.lagEvents).toBeGreaterThan(0)

      proxy.down = false
      await waitFor('the video once the directory is back', async () => (await videos()).includes(video.uri), 60_000)
      const done = await fg.ingester.status()
      expect(done.recentDeadLetters.filter((l) => l.did === stranded.did)).toEqual([])
      expect(await fg.ctx.db.db.selectFrom('dead_letter').select('id').where('did', '=', stranded.did).execute()).toEqual([])
    } finally {
      await fg.destroy()
      await proxy.close()
    }
  })

  it('replays dead letters: their repos are imported again as they are now, and a record that still fails is filed again', async () => {
    const fg = await FeedGenerator.create(
      envToConfig(
        readEnv({
          FRAMEWRIGHT_FEEDGEN_PORT: '0',
          FRAMEWRIGHT_FEEDGEN_DB: join(dir, 'replayed.sqlite'),
          FRAMEWRIGHT_OUTBOUND_ALLOW: LOCAL_OUTBOUND_ALLOW,
          FRAMEWRIGHT_FIREHOSE_URL: stack().services.pds.url.replace(/^http/, 'ws'),
          FRAMEWRIGHT_PLC_URL: stack().services.plc.url,
          FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: stack().feedPublisher.did,
          FRAMEWRIGHT_BACKFILL: 'never',
        }),
      ),
      { logger: createLogger({ level: 'error' }) },
    )
    try {
      await fg.start()
      const db = fg.ctx.db.db
      const user = await createUser('replayed')
      const { data: bad } = await user.agent.com.atproto.repo.createRecord({
        repo: user.did,
        collection: ids.AppFramewrightLikenessGrant,
        rkey: 'not-self',
        record: { $type: ids.AppFramewrightLikenessGrant, audience: 'everyone', createdAt: new Date().toISOString() },
      })
      const video = await quickVideo(user, { prompt: 'indexed, lost, and replayed' })
      const held = async () => (await db.selectFrom('feed_item').select('uri').where('uri', '=', video.uri).execute()).length
      await waitFor('the video', async () => (await held()) === 1, 60_000)
      const letters = async () => db.selectFrom('dead_letter').select(['id', 'subject', 'detail']).where('did', '=', user.did).execute()
      await waitFor('the misfiled grant as a dead letter', async () => (await letters()).length === 1)

      // As if the video's event had failed through a bug since fixed: gone from the index, a letter filed.
      await db.deleteFrom('feed_item').where('uri', '=', video.uri).execute()
      await db.deleteFrom('video').where('uri', '=', video.uri).execute()
      const ingestDb = fg.ctx.db.tables<IngestSchema>()
      await fileDeadLetters(ingestDb, [{ seq: null, did: user.did, subject: video.uri, reason: 'Error', detail: 'a bug since fixed', frame: null }])
      await fileDeadLetters(ingestDb, [{ seq: null, did: null, subject: 'unreadable', reason: 'BadFrame', detail: 'not DAG-CBOR', frame: new Uint8Array([1]) }])

      // Replayed by id (the network's history holds other services' letters too: those are left alone).
      const chosen = await db.selectFrom('dead_letter').select('id').where((eb) => eb.or([eb('did', '=', user.did), eb('subject', '=', 'unreadable')])).execute()
      const replay = await replayDeadLetters(ingestDb, { ids: chosen.map((l) => l.id) })
      expect(replay).toEqual({ replayed: 2, repos: [user.did], kept: 1 })
      // The writer finds the marked repo and imports it: the video is back, the grant that is still
      // misfiled is filed again, and the letter naming no repo is still there.
      await waitFor('the replayed video', async () => (await held()) === 1, 60_000)
      await waitFor('the misfiled grant filed again', async () => (await letters()).length === 1)
      expect((await letters())[0]).toMatchObject({ subject: bad.uri, detail: expect.stringContaining('rkey must be "self"') })
      expect(await db.selectFrom('dead_letter').select('reason').where('subject', '=', 'unreadable').execute()).toEqual([{ reason: 'BadFrame' }])
      expect(await db.selectFrom('repo_state').select('needsResync').where('did', '=', user.did).executeTakeFirstOrThrow()).toEqual({ needsResync: 0 })
    } finally {
      await fg.destroy()
    }
  })
})
