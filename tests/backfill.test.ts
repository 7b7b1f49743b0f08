import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Appview, envToConfig as appviewConfig, readEnv as appviewEnv } from '@framewright/appview'
import { FeedGenerator, envToConfig as feedgenConfig, readEnv as feedgenEnv } from '@framewright/feed-generator'
import { Labeler, envToConfig as labelerConfig, readEnv as labelerEnv } from '@framewright/labeler'
import { ids } from '@framewright/lexicons'
import { createLogger, Database } from '@framewright/service-kit'
import { freePort, LOCAL_OUTBOUND_ALLOW } from '@framewright/stack'
import { HistorylessSource } from './helpers/historyless-source'
import { createUser, feedUri, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { putGrant, quickVideo } from './helpers/videos'

const dir = mkdtempSync(join(tmpdir(), 'framewright-backfill-'))
const logger = createLogger({ level: process.env.FRAMEWRIGHT_TEST_LOG_LEVEL ?? 'warn' })
let source: HistorylessSource
const running: { destroy(): Promise<void> }[] = []

beforeAll(async () => {
  source = await HistorylessSource.start(stack().services.pds.url)
})
afterAll(async () => {
  for (const service of running.reverse()) await service.destroy()
  await source?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Environment shared by the fresh services: the history-less source, and the stack's identities. */
function baseEnv(): Record<string, string> {
  const { services } = stack()
  return {
    FRAMEWRIGHT_FIREHOSE_URL: source.url.replace(/^http/, 'ws'),
    FRAMEWRIGHT_PLC_URL: services.plc.url,
    FRAMEWRIGHT_OUTBOUND_ALLOW: LOCAL_OUTBOUND_ALLOW,
    FRAMEWRIGHT_HANDLE_RESOLVER_URL: services.pds.url,
    FRAMEWRIGHT_DATA_DIR: dir,
  }
}

async function freshFeedgen(db: string, env: Record<string, string> = {}) {
  const port = await freePort()
  const fg = await FeedGenerator.create(
    feedgenConfig(feedgenEnv({ ...baseEnv(), FRAMEWRIGHT_FEEDGEN_PORT: String(port), FRAMEWRIGHT_FEEDGEN_DB: db, FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: stack().feedPublisher.did, ...env })),
    { logger },
  )
  running.push(fg)
  await fg.start()
  return { service: fg, url: `http://localhost:${port}` }
}

/**
 * Subscribes to the PDS's stream live; once subscribed, `streamed` waits for the first frame whose
 * bytes hold `text`, after which the subscription is closed.
 */
async function liveFrameHolding(text: string): Promise<{ streamed: Promise<void> }> {
  const ws = new WebSocket(`${stack().services.pds.url.replace(/^http/, 'ws')}/xrpc/com.atproto.sync.subscribeRepos`)
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const streamed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.close()
      reject(new Error(`the PDS did not stream a frame holding ${text} within 30 s`))
    }, 30_000)
    ws.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    ws.on('message', (data: Buffer) => {
      if (!data.includes(text)) return
      clearTimeout(timer)
      ws.close()
      resolve()
    })
  })
  return { streamed }
}

/** A second labeler with the stack labeler's DID and key (so labels compare), publishing nothing. */
async function freshLabeler() {
  const port = await freePort()
  const secrets = JSON.parse(readFileSync(join(stack().dataDir, 'secrets.json'), 'utf8')) as { labelerSigningKeyHex: string }
  const labeler = await Labeler.create(
    labelerConfig(
      labelerEnv({
        ...baseEnv(),
        FRAMEWRIGHT_LABELER_PORT: String(port),
        FRAMEWRIGHT_LABELER_DB: join(dir, 'labeler.sqlite'),
        FRAMEWRIGHT_LABELER_DID: stack().labelerDid,
        FRAMEWRIGHT_LABELER_SIGNING_KEY_HEX: secrets.labelerSigningKeyHex,
      }),
    ),
    { logger },
  )
  running.push(labeler)
  await labeler.start()
  return { service: labeler, url: `http://localhost:${port}` }
}

async function freshAppview() {
  const port = await freePort()
  const appview = await Appview.create(
    appviewConfig(
      appviewEnv({
        ...baseEnv(),
        FRAMEWRIGHT_APPVIEW_PORT: String(port),
        FRAMEWRIGHT_CLIENT_PORT: String(await freePort()),
        FRAMEWRIGHT_APPVIEW_DB: join(dir, 'appview.sqlite'),
        FRAMEWRIGHT_APPVIEW_LABELERS: stack().labelerDid,
        FRAMEWRIGHT_APPVIEW_DEFAULT_PDS_URL: stack().services.pds.url,
      }),
    ),
    { logger },
  )
  running.push(appview)
  await appview.start()
  return { service: appview, url: `http://localhost:${port}` }
}

/** A small world: grants of three kinds, follows both ways, videos depicting people, a review, a delete. */
async function writeWorld() {
  const [a, b, c] = (await Promise.all(['bfa', 'bfb', 'bfc'].map((p) => createUser(p)))) as [TestUser, TestUser, TestUser]
  await putGrant(a, { audience: 'everyone' })
  await putGrant(b, { audience: 'mutuals' })
  await putGrant(c, { audience: 'approved', approved: [a.did] })
  for (const [from, to] of [[a, b], [b, a], [c, a]] as const) {
    await from.agent.com.atproto.repo.createRecord({ repo: from.did, collection: 'app.bsky.graph.follow', record: { subject: to.did, createdAt: new Date().toISOString() } })
  }
  const videos = []
  videos.push(await quickVideo(a, { prompt: 'a with b, mutuals', depicts: [b.did] }))
  videos.push(await quickVideo(b, { prompt: 'b with c, not approved', depicts: [c.did] }))
  videos.push(await quickVideo(a, { prompt: 'a with c, approved', depicts: [c.did] }))
  videos.push(await quickVideo(c, { prompt: 'c with a, everyone', depicts: [a.did] }))
  const gone = await quickVideo(c, { prompt: 'deleted before anyone backfills' })
  await c.agent.com.atproto.repo.deleteRecord({ repo: c.did, collection: ids.AppFramewrightVideoPost, rkey: gone.uri.split('/').pop()! })
  const rejected = await quickVideo(b, { prompt: 'b with a, then a rejects it', depicts: [a.did] })
  await a.agent.com.atproto.repo.createRecord({
    repo: a.did,
    collection: ids.AppFramewrightLikenessReview,
    record: { $type: ids.AppFramewrightLikenessReview, subject: { uri: rejected.uri, cid: rejected.cid }, verdict: 'reject', createdAt: new Date().toISOString() },
  })
  videos.push(rejected)
  return { people: [a, b, c], videos, gone }
}

/** Drops what depends on when something was indexed, not on what it is, and on which appview serves it (playback URLs). */
function strip(value: unknown, appview: string): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v, appview))
  if (typeof value === 'string') return value.replaceAll(appview, '<appview>')
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !['indexedAt', 'cts', 'sig', 'sortAt'].includes(k))
      .map(([k, v]) => [k, strip(v, appview)]),
  )
}

/** What a feed generator, a labeler and an appview serve about the world, comparable across services. */
async function served(urls: { feedgen: string; labeler: string; appview: string }, world: Awaited<ReturnType<typeof writeWorld>>) {
  const skeleton = async (rkey: string) => {
    const res = await xrpc(urls.feedgen, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: feedUri(rkey), limit: 100 } })
    return ((res.body.feed ?? []) as { post: string }[]).map((i) => i.post).sort()
  }
  const labels = async () => {
    const patterns = world.people.map((p) => `at://${p.did}/*`)
    const res = await xrpc(urls.labeler, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: patterns, limit: 250 } })
    return ((res.body.labels ?? []) as { uri: string; val: string; neg?: boolean; exp?: string }[])
      .map((l) => `${l.uri} ${l.val}${l.neg ? ' neg' : ''}${l.exp ? ` exp ${l.exp}` : ''}`)
      .sort()
  }
  const views = async () => {
    const res = await xrpc(urls.appview, ids.AppFramewrightVideoGetVideos, { params: { uris: [...world.videos.map((v) => v.uri), world.gone.uri] } })
    return strip(((res.body.videos ?? []) as { uri: string }[]).sort((x, y) => x.uri.localeCompare(y.uri)), urls.appview)
  }
  const depicting = async () =>
    Promise.all(
      world.people.map(async (p) => {
        const res = await xrpc(urls.appview, ids.AppFramewrightLikenessGetDepicting, { params: { actor: p.did, limit: 100 } })
        return strip(((res.body.videos ?? []) as { uri: string }[]).sort((x, y) => x.uri.localeCompare(y.uri)), urls.appview)
      }),
    )
  return { creationFirst: await skeleton('creation-first'), fresh: await skeleton('fresh'), labels: await labels(), views: await views(), depicting: await depicting() }
}

describe('backfill', () => {
  it('fresh services on a source without history end with the same feeds, labels and views as the ones that saw everything live', { timeout: 240_000 }, async () => {
    const world = await writeWorld()
    const live = { feedgen: stack().services.feedGenerator.url, labeler: stack().services.labeler.url, appview: stack().services.appview.url }
    // The live services have seen it all (the last write is the rejecting review).
    await waitFor(
      'the live services to settle',
      async () => {
        const now = await served(live, world)
        const rejectedLabelled = now.labels.some((l) => l.startsWith(`${world.videos.at(-1)!.uri} likeness-disputed`))
        return (now.views as unknown[]).length === world.videos.length && rejectedLabelled
      },
      60_000,
    )

    const [feedgen, labeler, appview] = [await freshFeedgen(join(dir, 'feedgen.sqlite')), await freshLabeler(), await freshAppview()]
    const fresh = { feedgen: feedgen.url, labeler: labeler.url, appview: appview.url }
    for (const s of [feedgen, labeler, appview]) {
      await waitFor(`backfill done at ${s.url}`, async () => (await xrpc(s.url, ids.AppFramewrightIngestGetStatus)).body.backfill?.state === 'done', 120_000)
    }
    // Scans and follow fetches run beside ingestion on both sides: compare until both have settled.
    let got: Awaited<ReturnType<typeof served>> | undefined
    let expected: Awaited<ReturnType<typeof served>> | undefined
    await waitFor(
      'the fresh services to serve what the live ones do',
      async () => {
        ;[got, expected] = await Promise.all([served(fresh, world), served(live, world)])
        return JSON.stringify(got) === JSON.stringify(expected)
      },
      90_000,
    ).catch(() => undefined)
    expect(got!.views as unknown[]).toHaveLength(world.videos.length)
    expect(got!.creationFirst.length).toBeGreaterThan(0)
    expect(got!.labels.length).toBeGreaterThan(0)
    expect(got).toEqual(expected)

    // They never saw the history: the source was asked for no cursor, and the import did the work.
    expect(source.cursorsAsked.every((c) => c === null)).toBe(true)
    const status = (await xrpc(feedgen.url, ids.AppFramewrightIngestGetStatus)).body
    expect(status.backfill).toMatchObject({ state: 'done', failed: 0 })
    expect(status.backfill.reposDone).toBe(status.backfill.reposTotal)
    expect(status.backfill.records).toBeGreaterThanOrEqual(world.videos.length)

    // Live events after the backfill still arrive.
    const later = await quickVideo(world.people[0]!, { prompt: 'after the backfill' })
    await waitFor('a live video after the backfill', async () => (await xrpc(appview.url, ids.AppFramewrightVideoGetVideos, { params: { uris: [later.uri] } })).body.videos?.length === 1, 60_000)
  })

  it('re-imports a repo marked for re-sync, and drops what the repo no longer holds', { timeout: 120_000 }, async () => {
    const db = join(dir, 'resync.sqlite')
    const creator = await createUser('resync')
    const kept = await quickVideo(creator, { prompt: 'stays' })
    const doomed = await quickVideo(creator, { prompt: 'deleted while the service is away' })
    let fg = await freshFeedgen(db)
    const videos = async () => {
      const database = Database.open<any>(db, {}, undefined, { checkpointThread: false })
      try {
        return (await database.db.selectFrom('video').select('uri').where('creator', '=', creator.did).orderBy('uri').execute()).map((r: { uri: string }) => r.uri)
      } finally {
        await database.close()
      }
    }
    await waitFor('both videos backfilled', async () => (await videos()).length === 2, 60_000)
    // Any live event saves a cursor: the next start follows the stream instead of backfilling again.
    await createUser('resync-tick')
    await waitFor('a saved cursor', async () => (await xrpc(fg.url, ids.AppFramewrightIngestGetStatus)).body.cursor !== undefined, 30_000)
    await fg.service.destroy()
    // Deleted while the service is down, on a source that does not replay: the delete is never seen.
    // The PDS streams a write when its sequencer next polls (up to a second later when it was quiet):
    // the next start must not be subscribed by then, or it would see the delete live.
    const rkey = doomed.uri.split('/').pop()!
    const { streamed } = await liveFrameHolding(rkey)
    await creator.agent.com.atproto.repo.deleteRecord({ repo: creator.did, collection: ids.AppFramewrightVideoPost, rkey })
    await streamed
    fg = await freshFeedgen(db)
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect(await videos()).toEqual([kept.uri, doomed.uri].sort())
    await fg.service.destroy()
    // What a #sync event does: mark the repo stale. The next start re-imports it.
    const database = Database.open<any>(db, {}, undefined, { checkpointThread: false })
    await database.db.updateTable('repo_state').set({ needsResync: 1 }).where('did', '=', creator.did).execute()
    await database.close()
    fg = await freshFeedgen(db)
    await waitFor('the deleted video gone after the re-sync', async () => (await videos()).join() === kept.uri, 60_000)
    const status = (await xrpc(fg.url, ids.AppFramewrightIngestGetStatus)).body
    expect(status.resyncsDone).toBeGreaterThanOrEqual(1)
    expect(status.backfill.state).toBe('none') // a saved cursor: no backfill, only the re-sync
  })
})
