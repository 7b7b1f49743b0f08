import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { decode, decodeFirst } from '@atcute/cbor'
import { WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { Database } from '@framewright/service-kit'
import { feedUri } from '@framewright/feed-generator'
import { serviceAuth, waitFor, xrpc, type TestUser } from './helpers/network'
import { PrivateNetwork } from './helpers/private-network'
import { alive, killed, seededRandom, serving, spawnService, type ServiceName, type ServiceProcess } from './helpers/processes'
import { putGrant, quickVideo } from './helpers/videos'

/**
 * Every service (appview, feed generator, labeler) SIGKILLed at random moments while videos are
 * published and deleted, grants change, labels stream to the appview and generation jobs run; each
 * restarted at once. Afterwards every feed holds every live video exactly once (the generator's
 * skeleton and the appview's hydrated page), the labels in force are right and served once (by
 * queryLabels, by a replay of subscribeLabels from the start, and in the appview's views), and
 * every generation job finished or failed with a reason.
 *
 * The network is this file's own (its PDS must hold nothing but what the test wrote, to know what
 * every feed should hold). The choices are seeded: FRAMEWRIGHT_TEST_CHAOS_SEED=<n> repeats a run.
 */
const SEED = Number(process.env.FRAMEWRIGHT_TEST_CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31))
const ACTIONS = 26
const began = Date.now()
/** Says how far the run is, with the time since it began: what a slow or failed run is read by. */
const phase = (what: string) => console.log(`kill-chaos +${((Date.now() - began) / 1000).toFixed(1)} s: ${what}`)

let net: PrivateNetwork
const procs = new Map<ServiceName, ServiceProcess>()
const starts = new Map<ServiceName, number>()

function urlOf(service: ServiceName): string {
  return net.url(service === 'feed-generator' ? 'feedgen' : service)
}

/** Starts (or starts again) one service on its data folder, and waits until it answers. */
async function start(service: ServiceName): Promise<void> {
  const n = (starts.get(service) ?? 0) + 1
  starts.set(service, n)
  const proc = spawnService(service, `chaos-${SEED}-${service}`, net.serviceEnv(service, { FRAMEWRIGHT_FEEDGEN_ANONYMOUS_DEPTH: '10000' }))
  procs.set(service, proc)
  await serving(proc, urlOf(service))
  phase(`${service} serving (start ${n})`)
}

beforeAll(async () => {
  console.log(`kill-chaos seed: ${SEED} (FRAMEWRIGHT_TEST_CHAOS_SEED=${SEED} repeats this run's choices)`)
  net = await PrivateNetwork.start('chaos')
  // At once: each retries what it needs of the others (the appview's label subscription, its feed proxy).
  await Promise.all((['labeler', 'feed-generator', 'appview'] as const).map(start))
}, 300_000)

afterAll(async () => {
  for (const proc of procs.values()) await killed(proc)
  await net?.destroy()
})

interface Made {
  uri: string
  crosspost: string
  creator: TestUser
  subject?: TestUser
  deleted: boolean
}

type Grant = { audience: 'everyone' | 'self' | 'approved'; approved: string[] } | undefined

const covers = (grant: Grant, creator: string) => !!grant && (grant.audience === 'everyone' || (grant.audience === 'approved' && grant.approved.includes(creator)))

/** Every page of an anonymous skeleton of one feed, from the generator. */
async function skeleton(feed: string): Promise<string[]> {
  const posts: string[] = []
  let cursor: string | undefined
  for (let page = 0; page < 100; page++) {
    const res = await xrpc(urlOf('feed-generator'), ids.AppBskyFeedGetFeedSkeleton, { params: { feed, limit: 100, cursor } })
    if (res.status !== 200) throw new Error(`getFeedSkeleton ${feed}: ${res.status} ${JSON.stringify(res.body)}`)
    posts.push(...res.body.feed.map((i: { post: string }) => i.post))
    cursor = res.body.cursor
    if (!cursor) return posts
  }
  throw new Error(`${feed} did not end in 100 pages`)
}

interface View {
  uri: string
  labels: { src: string; uri: string; val: string; neg?: boolean }[]
}

/** Every page of one feed as the appview serves it, hydrated, with our labeler's labels. */
async function appviewFeed(feed: string, labeler: string): Promise<View[]> {
  const views: View[] = []
  let cursor: string | undefined
  for (let page = 0; page < 100; page++) {
    const res = await xrpc(urlOf('appview'), ids.AppFramewrightFeedGetFeed, { params: { feed, limit: 100, cursor }, headers: { 'atproto-accept-labelers': labeler } })
    if (res.status !== 200) throw new Error(`getFeed ${feed}: ${res.status} ${JSON.stringify(res.body)}`)
    views.push(...res.body.feed.map((i: { video: View }) => i.video))
    cursor = res.body.cursor
    if (!cursor) return views
  }
  throw new Error(`${feed} did not end in 100 pages`)
}

/** The labeler's labels in force under some uri prefixes (queryLabels, every page), as `uri val` strings. */
async function queried(prefixes: string[]): Promise<string[]> {
  const out: string[] = []
  let cursor: string | undefined
  for (;;) {
    const res = await xrpc(urlOf('labeler'), ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: prefixes.map((p) => `${p}*`), limit: 250, cursor } })
    if (res.status !== 200) throw new Error(`queryLabels: ${res.status} ${JSON.stringify(res.body)}`)
    out.push(...res.body.labels.map((l: { uri: string; val: string }) => `${l.uri} ${l.val}`))
    cursor = res.body.cursor
    if (!cursor) return out
  }
}

/**
 * The labels in force after replaying subscribeLabels from cursor 0 up to `head` (the labeler's
 * last seq): each src+uri+val's last word, negations removed, expired ones dropped.
 */
async function replayed(head: number): Promise<Set<string>> {
  const latest = new Map<string, { neg: boolean; exp?: string }>()
  await new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(`${urlOf('labeler').replace(/^http/, 'ws')}/xrpc/com.atproto.label.subscribeLabels?cursor=0`)
    const timer = setTimeout(() => (ws.close(), reject(new Error(`subscribeLabels did not replay up to seq ${head} in 60 s`))), 60_000)
    ws.on('message', (data: Buffer) => {
      const [header, rest] = decodeFirst(new Uint8Array(data)) as [{ op: number; t?: string }, Uint8Array]
      const body = decode(rest) as { seq?: number; labels?: { uri: string; val: string; neg?: boolean; exp?: string }[]; error?: string }
      if (header.op !== 1) return void (clearTimeout(timer), ws.close(), reject(new Error(`subscribeLabels error frame: ${JSON.stringify(body)}`)))
      if (header.t !== '#labels') return
      for (const l of body.labels ?? []) latest.set(`${l.uri} ${l.val}`, { neg: !!l.neg, exp: l.exp })
      if ((body.seq ?? 0) >= head) {
        clearTimeout(timer)
        ws.close()
        resolve()
      }
    })
    ws.on('error', (err) => (clearTimeout(timer), reject(err)))
  })
  const now = new Date().toISOString()
  return new Set([...latest].filter(([, l]) => !l.neg && !(l.exp && l.exp <= now)).map(([k]) => k))
}

/** A short-lived read of one service's own SQLite file (for what no method serves: every job; the label log's head). */
async function readDb<T>(service: ServiceName, file: string, read: (db: any) => Promise<T>): Promise<T> {
  const database = Database.open<any>(join(net.dir, service, service, file), {}, undefined, { checkpointThread: false })
  try {
    return await read(database.db)
  } finally {
    await database.close()
  }
}

const countBy = (items: string[]) => items.reduce((m, i) => m.set(i, (m.get(i) ?? 0) + 1), new Map<string, number>())
const twice = (items: string[]) => [...countBy(items)].filter(([, n]) => n > 1).map(([i]) => i)

describe('services killed at random moments', () => {
  it('every live video in every feed once, the labels in force right and served once, every job finished or failed with a reason', { timeout: 600_000 }, async () => {
    const rng = seededRandom(SEED)
    const creators = [await net.createUser('chaos-c0'), await net.createUser('chaos-c1')]
    const subjects = [await net.createUser('chaos-s0'), await net.createUser('chaos-s1')]
    const grants = new Map<string, Grant>()
    const made: Made[] = []
    const jobs: string[] = []
    const kills: string[] = []
    const appviewDid = `did:web:localhost%3A${net.ports.appview}`

    /** Asks the appview for a procedural render, as the client does: again if the appview is down just then. */
    const createJob = async (creator: TestUser, prompt: string) => {
      const token = await serviceAuth(creator, appviewDid, ids.AppFramewrightGenerateCreateJob)
      const res = await waitFor('the appview to take a job', async () => {
        const r = await xrpc(urlOf('appview'), ids.AppFramewrightGenerateCreateJob, { headers: { authorization: `Bearer ${token}` }, body: { provider: 'procedural', durationMs: 2_000, prompt } })
        // TooManyJobs: three of this creator's are still under way (possibly waiting for a restart).
        return r.status === 200 ? r : r.status === 429 || r.body?.error === 'TooManyJobs' ? undefined : Promise.reject(new Error(JSON.stringify(r.body)))
      }, 120_000)
      jobs.push(res.body.id)
      return res.body.id as string
    }
    const jobStatus = async (creator: TestUser, id: string) => {
      const token = await serviceAuth(creator, appviewDid, ids.AppFramewrightGenerateGetJob)
      return (await xrpc(urlOf('appview'), ids.AppFramewrightGenerateGetJob, { params: { id }, headers: { authorization: `Bearer ${token}` } })).body
    }

    /**
     * Kills a service at a random moment (up to a second from now, whatever it is doing then) and
     * starts it again at once; `restarting` holds its restart until it answers. A service still
     * coming back is not killed again: it would never get to work on a slow machine.
     */
    const restarting = new Map<ServiceName, Promise<void>>()
    const kill = (service: ServiceName, why = '') => {
      if (restarting.has(service)) return
      const delay = rng.int(1_000)
      restarting.set(
        service,
        (async () => {
          await new Promise((r) => setTimeout(r, delay))
          await killed(procs.get(service)!)
          kills.push(`${service}${why}`)
          phase(`killed the ${service}${why}`)
          await start(service)
        })().finally(() => restarting.delete(service)),
      )
    }

    // One kill of the appview with a job surely running: the case the runner must resume.
    const first = await createJob(creators[0]!, 'a render the appview dies in the middle of')
    await waitFor('the job to be running', async () => (await jobStatus(creators[0]!, first))?.status === 'running', 120_000)
    await killed(procs.get('appview')!)
    kills.push('appview (job running)')
    phase('killed the appview with a job running')
    restarting.set('appview', start('appview').finally(() => restarting.delete('appview')))

    for (let i = 0; i < ACTIONS; i++) {
      if (rng.next() < 0.35) kill(rng.pick(['appview', 'feed-generator', 'labeler'] as const))
      const roll = rng.next()
      const live = made.filter((m) => !m.deleted)
      if (roll < 0.55 || live.length === 0) {
        const creator = rng.pick(creators)
        const subject = rng.next() < 0.75 ? rng.pick(subjects) : undefined
        const video = await quickVideo(creator, { prompt: `chaos ${SEED} #${i}`, depicts: subject ? [subject.did] : [] })
        made.push({ uri: video.uri, crosspost: video.crosspost.uri, creator, subject, deleted: false })
      } else if (roll < 0.8) {
        const subject = rng.pick(subjects)
        const audience = rng.pick(['everyone', 'self', 'approved'] as const)
        const approved = audience === 'approved' ? [rng.pick(creators).did] : []
        await putGrant(subject, { audience, approved })
        grants.set(subject.did, { audience, approved })
      } else if (roll < 0.87) {
        const subject = rng.pick(subjects)
        await subject.agent.com.atproto.repo.deleteRecord({ repo: subject.did, collection: ids.AppFramewrightLikenessGrant, rkey: 'self' }).catch(() => undefined)
        grants.set(subject.did, undefined)
      } else if (roll < 0.93) {
        const video = rng.pick(live)
        await video.creator.agent.com.atproto.repo.deleteRecord({ repo: video.creator.did, collection: ids.AppFramewrightVideoPost, rkey: video.uri.split('/').pop()! })
        video.deleted = true
      } else {
        await createJob(rng.pick(creators), `chaos ${SEED} job #${i}`)
      }
    }
    phase('all actions done')
    // Each service killed at least once while work was under way, whatever the dice said.
    for (const service of ['appview', 'feed-generator', 'labeler'] as const) if (!kills.includes(service)) kill(service)
    await Promise.all(restarting.values())
    for (const [service, proc] of procs) expect(alive(proc), `${service} running at the end`).toBe(true)
    console.log(`kill-chaos seed ${SEED}: ${kills.length} kills (${kills.join(', ')}), ${made.length} videos, ${jobs.length} jobs`)

    const live = made.filter((m) => !m.deleted)
    const consented = live.filter((m) => !m.subject || covers(grants.get(m.subject.did), m.creator.did))
    const sorted = (a: string[]) => [...a].sort()
    const feeds = { fresh: live, 'creation-first': consented }
    const labelerDid = net.made.env.FRAMEWRIGHT_LABELER_DID!

    // Feeds: the generator's skeleton, then the appview's hydrated pages, each video once.
    for (const [rkey, expected] of Object.entries(feeds)) {
      const feed = feedUri(net.made.publisher.did, rkey)
      let posts: string[] = []
      await waitFor(`${rkey} to list every live video`, async () => {
        posts = await skeleton(feed)
        return JSON.stringify(sorted(posts)) === JSON.stringify(sorted(expected.map((m) => m.crosspost)))
      }, 120_000).catch(() => undefined)
      expect(twice(posts), `${rkey}: listed more than once`).toEqual([])
      expect(sorted(posts), `${rkey}: the generator's skeleton`).toEqual(sorted(expected.map((m) => m.crosspost)))
      let views: View[] = []
      await waitFor(`the appview's ${rkey} to show every live video`, async () => {
        views = await appviewFeed(feed, labelerDid)
        return JSON.stringify(sorted(views.map((v) => v.uri))) === JSON.stringify(sorted(expected.map((m) => m.uri)))
      }, 120_000).catch(() => undefined)
      expect(twice(views.map((v) => v.uri)), `${rkey} on the appview: shown more than once`).toEqual([])
      expect(sorted(views.map((v) => v.uri)), `${rkey} on the appview`).toEqual(sorted(expected.map((m) => m.uri)))
    }

    phase('feeds checked')
    // Labels: what the consent rule says of each live video, once each, the same by every route.
    const prefixes = creators.map((c) => `at://${c.did}/`)
    const wanted = (m: Made) => {
      const vals = ['ai-video']
      if (m.subject) vals.push(covers(grants.get(m.subject.did), m.creator.did) ? 'likeness-consented' : 'likeness-unconsented')
      return vals
    }
    const refused = (m: Made) => (!m.subject ? [] : covers(grants.get(m.subject.did), m.creator.did) ? ['likeness-unconsented', 'likeness-revoked'] : ['likeness-consented'])
    let inForce: string[] = []
    const right = () => {
      const held = new Set(inForce)
      return live.every((m) => wanted(m).every((v) => held.has(`${m.uri} ${v}`)) && refused(m).every((v) => !held.has(`${m.uri} ${v}`)))
    }
    await waitFor('the labels in force to settle', async () => ((inForce = await queried(prefixes)), right()), 120_000).catch(() => undefined)
    expect(twice(inForce), 'labels queryLabels serves more than once').toEqual([])
    for (const m of live) {
      const vals = inForce.filter((l) => l.startsWith(`${m.uri} `)).map((l) => l.split(' ')[1]!)
      for (const v of wanted(m)) expect(vals, `${m.uri} (by ${m.creator.handle}, depicting ${m.subject?.handle ?? 'nobody'})`).toContain(v)
      for (const v of refused(m)) expect(vals, `${m.uri} (by ${m.creator.handle}, depicting ${m.subject?.handle ?? 'nobody'})`).not.toContain(v)
    }
    const head = await readDb('labeler', 'labeler.sqlite', async (db) => Number((await db.selectFrom('label').select((eb: any) => eb.fn.max('seq').as('seq')).executeTakeFirst())?.seq ?? 0))
    const stream = [...(await replayed(head))].filter((l) => prefixes.some((p) => l.startsWith(p)))
    expect(sorted(stream), 'subscribeLabels from 0, replayed').toEqual(sorted(inForce))
    // The appview's views carry the same labels on each video (from its subscription, which the kills broke again and again).
    const onVideos = new Set(live.map((m) => m.uri))
    await waitFor('the appview to hold the labeler’s labels', async () => {
      const views = await appviewFeed(feedUri(net.made.publisher.did, 'fresh'), labelerDid)
      const shown = views.flatMap((v) => v.labels.filter((l) => l.src === labelerDid && l.uri === v.uri && !l.neg).map((l) => `${l.uri} ${l.val}`))
      return JSON.stringify(sorted(shown)) === JSON.stringify(sorted(inForce.filter((l) => onVideos.has(l.split(' ')[0]!))))
    }, 120_000)

    phase('labels checked')
    // Jobs: none left queued or running (an interrupted one resumes); a failed one says why.
    await waitFor('every generation job to end', async () => {
      const open: unknown[] = await readDb('appview', 'appview.sqlite', (db) => db.selectFrom('generation_job').select('id').where('status', 'in', ['queued', 'running']).execute())
      return open.length === 0
    }, 180_000).catch(() => undefined) // the rows below say which job did not end, and how it stands
    const rows: { id: string; status: string; error: string | null }[] = await readDb('appview', 'appview.sqlite', (db) => db.selectFrom('generation_job').select(['id', 'status', 'error']).execute())
    for (const id of jobs) expect(rows.map((r) => r.id), 'a job the appview accepted').toContain(id)
    for (const row of rows) {
      expect(['succeeded', 'failed'], `job ${row.id}`).toContain(row.status)
      if (row.status === 'failed') expect(row.error, `job ${row.id} failed without a reason`).toBeTruthy()
    }
    phase('jobs checked')

    // Media the appview cached between kills: every blob held under its key is whole (its bytes
    // hash to its CID); a write cut short by a kill may leave only a `.part`, which nothing serves.
    const blobs = join(net.dir, 'appview', 'appview', 'media', 'blobs')
    const held = existsSync(blobs) ? readdirSync(blobs, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()) : []
    for (const file of held.filter((e) => !e.name.endsWith('.part'))) {
      const bytes = readFileSync(join(file.parentPath, file.name))
      expect(Buffer.from(CID.parse(file.name).multihash.digest).equals(createHash('sha256').update(bytes).digest()), `blob ${file.name} is whole`).toBe(true)
    }
    phase(`${held.length} cached blob files checked`)
  })
})
