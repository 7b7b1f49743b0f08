import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AtpAgent } from '@atproto/api'
import S3rver from 's3rver'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { createLogger, didWebForUrl } from '@framewright/service-kit'
import { dropSchemas, uniqueSchemaName } from '@framewright/service-kit/testing'
import { feedUri } from '@framewright/feed-generator'
import { LocalStack, freePort, serviceSchemas, type StackNetwork } from '@framewright/stack'
import { waitFor, xrpc, type TestUser } from './helpers/network'
import { RoundRobinProxy } from './helpers/round-robin-proxy'
import { makeVideo, type AppviewService } from './helpers/videos'

/**
 * The production shape of docs/deploy.md, on this machine: every service on Postgres, two API
 * replicas per service behind a proxy that alternates requests between them, one ingest process
 * per service plus a standby, a generation job runner, and media in an S3-compatible bucket (each
 * process with a data folder of its own, as on separate machines). Each process is started by the
 * documented command (`FRAMEWRIGHT_ROLE=… npm start -w <service>`). The loop runs through it, then
 * the writers (the ingesters, the labeler's being the label signer) are killed with SIGKILL and the
 * standbys must finish the work: nothing lost, nothing applied twice.
 */
const database = inject('database')
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const BUCKET = 'framewright-media'
const LOGS = join(ROOT, 'test-results', 'topology')

type Service = 'labeler' | 'feed-generator' | 'appview'
type Role = 'api' | 'ingest' | 'jobs'
const PREFIX: Record<Service, string> = { labeler: 'LABELER', 'feed-generator': 'FEEDGEN', appview: 'APPVIEW' }

interface ServiceProcess {
  service: Service
  role: Role
  url: string
  child: ChildProcess
  log: string
  exited: Promise<void>
}

describe.runIf(database.engine === 'postgres')('the documented topology, on Postgres', () => {
  let dataDir: string
  const schemaPrefix = `${uniqueSchemaName('fwtopo')}_`
  const processes: ServiceProcess[] = []
  const proxies = {} as Record<Service, RoundRobinProxy>
  let network: LocalStack
  let made: StackNetwork
  let s3: S3rver
  let appview: AppviewService

  /** Starts one process of a service the way docs/deploy.md does, its output kept in a file. */
  async function startProcess(service: Service, role: Role, env: Record<string, string | undefined>, port?: number): Promise<ServiceProcess> {
    port ??= await freePort()
    const name = `${service}-${role}-${processes.filter((p) => p.service === service && p.role === role).length + 1}`
    const own = join(dataDir, name)
    mkdirSync(own, { recursive: true })
    // Kept after the run (test-results is not committed), for whoever reads a failure.
    const log = join(LOGS, `${name}.log`)
    const fd = openSync(log, 'a')
    const child = spawn('npm', ['start', '-w', service], {
      cwd: ROOT,
      // Its own process group, so that SIGKILL takes npm, tsx and node together, as a machine dying would.
      detached: true,
      stdio: ['ignore', fd, fd],
      env: {
        ...env,
        FRAMEWRIGHT_ROLE: role,
        [`FRAMEWRIGHT_${PREFIX[service]}_PORT`]: String(port),
        [`FRAMEWRIGHT_${PREFIX[service]}_HOST`]: '127.0.0.1',
        [`FRAMEWRIGHT_${PREFIX[service]}_PUBLIC_URL`]: proxies[service].url,
        FRAMEWRIGHT_DATA_DIR: own,
        FRAMEWRIGHT_LOG_LEVEL: 'info',
      },
    })
    closeSync(fd)
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    const proc: ServiceProcess = { service, role, url: `http://127.0.0.1:${port}`, child, log, exited }
    processes.push(proc)
    await waitFor(`${name} to serve (its log: ${log})`, async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${readFileSync(log, 'utf8').slice(-6000)}`)
      return (await fetch(`${proc.url}/xrpc/_health`)).ok
    }, 120_000)
    return proc
  }

  const status = async (p: ServiceProcess) => (await xrpc(p.url, ids.AppFramewrightIngestGetStatus)).body
  const ingesters = (service: Service) => processes.filter((p) => p.service === service && p.role === 'ingest' && p.child.exitCode === null && p.child.signalCode === null)
  async function writerOf(service: Service): Promise<ServiceProcess> {
    return waitFor(`one ${service} ingest process to be the writer`, async () => {
      const states = await Promise.all(ingesters(service).map(async (p) => ({ p, writer: (await status(p)).writer })))
      const writing = states.filter((s) => s.writer === 'writing')
      if (writing.length > 1) throw new Error(`${service} has ${writing.length} writers`)
      return writing[0]?.p
    }, 60_000)
  }

  beforeAll(async () => {
    if (database.engine !== 'postgres') return
    dataDir = mkdtempSync(join(tmpdir(), 'framewright-topology-'))
    rmSync(LOGS, { recursive: true, force: true })
    mkdirSync(LOGS, { recursive: true })
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dataDir, 's3'), configureBuckets: [{ name: BUCKET }] })
    const { port: s3Port } = await s3.run()
    const ports = { client: await freePort(), plc: await freePort(), pds: await freePort(), appview: await freePort(), feedgen: await freePort(), labeler: await freePort() }
    // The proxies take the services' public ports; the replicas behind them get ports of their own.
    const replicaPorts = { labeler: [await freePort(), await freePort()], 'feed-generator': [await freePort(), await freePort()], appview: [await freePort(), await freePort()] }
    proxies.labeler = await RoundRobinProxy.start(ports.labeler, replicaPorts.labeler.map((p) => `http://127.0.0.1:${p}`))
    proxies['feed-generator'] = await RoundRobinProxy.start(ports.feedgen, replicaPorts['feed-generator'].map((p) => `http://127.0.0.1:${p}`))
    proxies.appview = await RoundRobinProxy.start(ports.appview, replicaPorts.appview.map((p) => `http://127.0.0.1:${p}`))
    network = new LocalStack({ dataDir: join(dataDir, 'network'), ports, seed: false, logger: createLogger({ level: 'warn' }), database: { url: database.url, schemaPrefix } })
    made = await network.startNetwork()
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...Object.fromEntries(Object.entries(made.env).filter(([k]) => k.startsWith('FRAMEWRIGHT_'))),
      // No web client on these processes (a replica would serve it; this test drives the API).
      FRAMEWRIGHT_CLIENT_PORT: '0',
      FRAMEWRIGHT_MEDIA_STORE: 's3',
      FRAMEWRIGHT_S3_BUCKET: BUCKET,
      FRAMEWRIGHT_S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      FRAMEWRIGHT_S3_REGION: 'us-east-1',
      FRAMEWRIGHT_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    }
    // One process per service first: it runs the migrations (creating the schema) alone.
    for (const service of ['labeler', 'feed-generator', 'appview'] as const) await startProcess(service, 'ingest', env)
    await Promise.all([
      ...(['labeler', 'feed-generator', 'appview'] as const).map((service) => startProcess(service, 'ingest', env)),
      // The API replicas listen where their proxy sends requests.
      ...(['labeler', 'feed-generator', 'appview'] as const).flatMap((service) => replicaPorts[service].map((port) => startProcess(service, 'api', env, port))),
      startProcess('appview', 'jobs', env),
    ])
    appview = { url: proxies.appview.url, did: didWebForUrl(proxies.appview.url) }
  }, 300_000)

  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) process.kill(-p.child.pid!, 'SIGTERM')
    await Promise.all(processes.map((p) => Promise.race([p.exited, new Promise((r) => setTimeout(r, 10_000))])))
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) process.kill(-p.child.pid!, 'SIGKILL')
    await Promise.all(Object.values(proxies).map((p) => p.close()))
    await network?.destroy()
    await s3?.close()
    if (database.engine === 'postgres') await dropSchemas(database.url, Object.values(serviceSchemas(schemaPrefix)))
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }, 60_000)

  async function newUser(prefix: string): Promise<TestUser> {
    const handle = `${prefix}-${randomBytes(3).toString('hex')}.test`
    const password = randomBytes(12).toString('hex')
    const agent = new AtpAgent({ service: network.url('pds') })
    await agent.createAccount({ handle, password, email: `${handle}@example.test` })
    return { handle, did: agent.assertDid, password, agent }
  }

  const fresh = () => feedUri(made.publisher.did, 'fresh')
  async function skeleton(): Promise<string[]> {
    const res = await xrpc(proxies['feed-generator'].url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: fresh(), limit: 100 } })
    return res.body.feed?.map((i: { post: string }) => i.post) ?? []
  }
  async function hydrated(uri: string): Promise<any> {
    const res = await xrpc(appview.url, ids.AppFramewrightFeedGetFeed, { params: { feed: fresh(), limit: 100 }, headers: { 'atproto-accept-labelers': made.env.FRAMEWRIGHT_LABELER_DID! } })
    const found = res.body.feed?.filter((i: any) => i.video.uri === uri) ?? []
    if (found.length > 1) throw new Error(`${uri} is in the feed ${found.length} times`)
    return found[0]?.video
  }
  async function labels(uri: string): Promise<{ val: string; neg?: boolean }[]> {
    const res = await xrpc(proxies.labeler.url, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: [uri] } })
    return res.body.labels
  }
  /** The video is ranked, labelled ai-video by the labeler, and hydrated with that label by the appview: each once. */
  async function throughTheLoop(video: { uri: string; crosspost: { uri: string } }) {
    await waitFor('the video in the feed skeleton', async () => (await skeleton()).includes(video.crosspost.uri), 90_000)
    await waitFor('the labeler to label it ai-video', async () => (await labels(video.uri)).some((l) => l.val === 'ai-video'), 90_000)
    const view = await waitFor('the appview feed to show it with its label', async () => {
      const v = await hydrated(video.uri)
      return v?.labels.some((l: { val: string }) => l.val === 'ai-video') ? v : undefined
    }, 90_000)
    expect((await skeleton()).filter((p) => p === video.crosspost.uri)).toHaveLength(1)
    expect((await labels(video.uri)).filter((l) => l.val === 'ai-video')).toHaveLength(1)
    return view
  }

  // Not retried: the first attempt has killed the writers a second would look for.
  it('runs the loop through alternating API replicas, and the standbys finish the work after SIGKILL of the writers', { timeout: 420_000, retry: 0 }, async () => {
    // Each service has one writer and one standby.
    for (const service of ['labeler', 'feed-generator', 'appview'] as const) {
      await writerOf(service)
      expect((await Promise.all(ingesters(service).map(status))).map((s) => s.writer).sort()).toEqual(['standby', 'writing'])
    }

    // Create (an API replica queues the job, the runner renders it into the bucket) → publish → rank → label → watch.
    const creator = await newUser('topo')
    const first = await makeVideo(creator, { prompt: 'a lighthouse keeper painting the fog', seed: 7 }, appview)
    const view = await throughTheLoop(first)
    expect(view.creator).toEqual({ did: creator.did, handle: creator.handle })
    // The bytes, through either replica, from the bucket: every replica can serve what another cached.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(view.playback.url, { headers: { range: 'bytes=0-99' } })
      expect(res.status).toBe(206)
      expect(new TextDecoder().decode(new Uint8Array(await res.arrayBuffer()).slice(4, 8))).toBe('ftyp')
    }
    // Requests really alternated: every replica of every service served some.
    for (const proxy of Object.values(proxies)) for (const [replica, n] of proxy.served) expect(n, `requests served by ${replica}`).toBeGreaterThan(0)

    // A second video is published, and the writers die (SIGKILL) at once, while it is on its way to them.
    const second = await makeVideo(creator, { prompt: 'a tram climbing a hill of clocks', seed: 8 }, appview)
    const killed = await Promise.all((['labeler', 'feed-generator', 'appview'] as const).map(writerOf))
    for (const p of killed) process.kill(-p.child.pid!, 'SIGKILL')
    await Promise.all(killed.map((p) => p.exited))

    // The standbys take over and finish: the second video goes through the whole loop, the first is still there once.
    for (const service of ['labeler', 'feed-generator', 'appview'] as const) {
      const next = await writerOf(service)
      expect(killed).not.toContain(next)
    }
    await throughTheLoop(second)
    // And what comes after goes through the new writers alone.
    const third = await makeVideo(creator, { prompt: 'a kite tied to a sleeping whale', seed: 9 }, appview)
    await throughTheLoop(third)
    expect((await skeleton()).filter((p) => p === first.crosspost.uri)).toHaveLength(1)
    expect(await hydrated(first.uri)).toMatchObject({ uri: first.uri })
    // Nothing was set aside on the way.
    for (const service of ['labeler', 'feed-generator', 'appview'] as const) {
      const [writer] = ingesters(service)
      expect((await status(writer!)).deadLetters, `${service} dead letters`).toBe(0)
    }
  })
})
