/**
 * getFeedSkeleton over real HTTP, the way Bluesky's appviews call a feed generator: a database filled
 * with N ranked videos, one or two feed generator processes serving it (requests alternate between
 * them, as a reverse proxy in front of replicas would), and a load generator in a process of its own
 * (bench/lib/http-load.ts) keeping `connections` requests in flight. Measured for anonymous viewers
 * (the index-only path) and for signed-in viewers who steer (a service JWT verified per request,
 * steering re-scored per page, the daily limit checked; mostly pages they were served already, so
 * spending nothing), and (case steered-paging) for the same viewers paging forward, every request a
 * page not served yet, recorded against the daily limit in a transaction. Prints req/s and
 * p50/p90/p99 per case.
 * A --db that already holds exactly --items videos and --viewers viewers (an earlier run's) is used
 * as it is, with what it served earlier forgotten, so that runs at 1M need not fill it again.
 *
 *   npx tsx bench/feed-http.ts [--items 1000000] [--replicas 1,2] [--seconds 10] [--connections 16]
 *        [--viewers 2000] [--cases anonymous,steered,steered-paging] [--db postgresql://…?schema=… | FILE]   (default: a SQLite file in a temp dir)
 *        [--cpu-prof DIR]   (the replicas write V8 CPU profiles there: bench/profile-top.ts reads them)
 *        [--appview-db FILE|URL]   (case `hydrated`: the appview's database, filled with a video for every
 *        feed item the first time; default a SQLite file in the temp dir)
 *
 * Case `hydrated` (ask for it in --cases): the appview's app.framewright.feed.getFeed over HTTP, anonymous,
 * with one feed generator behind it: resolve the feed, fetch the skeleton over HTTP, hydrate 30 videos
 * (records, handles, consent, remix counts, labels), with as many appview API replicas as --replicas says
 * (one database, requests alternating) in front of one feed generator.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Secp256k1Keypair } from '@atproto/crypto'
import { createServiceJwt } from '@atproto/xrpc-server'
import { AppContext, envToConfig, readEnv } from '@framewright/feed-generator'
import { createLogger, dialectOf, isPostgresUrl } from '@framewright/service-kit'
import { sql, type Kysely } from 'kysely'
import { freePort, LOCAL_OUTBOUND_ALLOW } from '@framewright/stack'
import { AppContext as AppviewContext, envToConfig as appviewEnvToConfig, readEnv as readAppviewEnv } from '@framewright/appview'
import { fillAppviewVideos } from './lib/appview-fixture'
import { addSteeringViewers, fillFeedItems } from './lib/feed-fixture'
import type { LoadResult, LoadSpec } from './lib/http-load'

const args = parseArgs(process.argv.slice(2))
const items = Number(args.items ?? 1_000_000)
const replicaCounts = (args.replicas ?? '1,2').split(',').map(Number)
const seconds = Number(args.seconds ?? 10)
const connections = Number(args.connections ?? 16)
const viewerCount = Number(args.viewers ?? 2_000)
const cases = (args.cases ?? 'anonymous,steered').split(',')
const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const dir = mkdtempSync(join(tmpdir(), 'fw-feed-http-'))
const dbLocation = args.db ?? join(dir, 'feed.sqlite')
const cpuProf = args['cpu-prof'] ? resolve(args['cpu-prof']) : undefined
const SERVICE_DID = 'did:web:feeds.bench.example'
const PUBLISHER = 'did:plc:benchpublisheraaaaaaaaaa'
const FEED = `at://${PUBLISHER}/app.bsky.feed.generator/creation-first`
const LXM = 'app.bsky.feed.getFeedSkeleton'

// 1. The database: N items and steering viewers, written through the service's own migrations.
const env = (extra: Record<string, string> = {}) => ({
  FRAMEWRIGHT_FEEDGEN_DB: dbLocation,
  FRAMEWRIGHT_FEEDGEN_DID: SERVICE_DID,
  FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: PUBLISHER,
  FRAMEWRIGHT_DATA_DIR: dir,
  ...extra,
})
const ctx = AppContext.fromConfig(envToConfig(readEnv(env())), { logger: createLogger({ level: 'warn' }) })
await ctx.db.migrateToLatest()
const viewers = await Promise.all(Array.from({ length: viewerCount }, async (_, i) => ({ did: plcDid(i), key: await Secp256k1Keypair.create() })))
const held = await countsOf(ctx.db.db)
if (held.items === items && held.viewers === viewerCount) {
  // An earlier run's database: the same items and viewers (keys are new each run; the stand-in PLC serves them).
  await ctx.db.db.deleteFrom('feed_served').execute()
  await ctx.db.db.deleteFrom('feed_interaction').execute()
  console.log(`using the ${items} feed items and ${viewerCount} viewers already in ${dbLocation}`)
} else if (held.items === 0 && held.viewers === 0) {
  const t = performance.now()
  await fillFeedItems(ctx.db.db, items, (done) => {
    if (done % 100_000 === 0) process.stdout.write(`\rfilling: ${done}/${items}`)
  })
  console.log(`\rfilled ${items} feed items in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  await addSteeringViewers(ctx.db.db, viewers.map((v) => v.did))
} else {
  throw new Error(`${dbLocation} holds ${held.items} feed items and ${held.viewers} viewers, not ${items} and ${viewerCount}: give an empty database or matching --items and --viewers`)
}
await analyzed(ctx.db.db)
await ctx.db.close()

// 2. A PLC directory stand-in serving the viewers' DID documents (tokens are verified against them).
const docs = new Map(viewers.map((v) => [v.did, didDoc(v.did, v.key.did())]))
const plc = http.createServer((req, res) => {
  const doc = docs.get(decodeURIComponent((req.url ?? '').slice(1)))
  res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(doc ?? { message: 'DID not registered' }))
})
const plcPort = await freePort()
await new Promise<void>((r) => plc.listen(plcPort, '127.0.0.1', r))

// 3. Tokens and cursors: each viewer's token lives an hour; cursors are taken from real walks of the feed.
const tokens = await Promise.all(viewers.map((v) => createServiceJwt({ iss: v.did, aud: SERVICE_DID, lxm: LXM, keypair: v.key, exp: Math.floor(Date.now() / 1000) + 3600 })))

/** Pages each viewer asks for in the steered-paging case: viewers × pages distinct requests, more than a run sends. */
const PAGES_PER_VIEWER = 16

/** A getFeedSkeleton path: a page of 30 of the creation-first feed, after `cursor`. */
const skeleton = (cursor?: string) => `/xrpc/${LXM}?feed=${encodeURIComponent(FEED)}&limit=30${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`

const results: { case: string; replicas: number; result: LoadResult; serverCpuSeconds: number }[] = []
for (const replicas of replicaCounts) {
  const ports = await Promise.all(Array.from({ length: replicas }, () => freePort()))
  const procs = ports.map((port, i) => startReplica(port, join(dir, `replica-${replicas}-${i}.log`)))
  try {
    const targets = ports.map((p) => `http://127.0.0.1:${p}`)
    await Promise.all(targets.map(waitUntilUp))
    const anonymousCursors = await walk(targets[0]!, undefined)
    const steeredCursors = await walk(targets[0]!, { authorization: `Bearer ${tokens[0]}` })
    const anonymous: LoadSpec = {
      targets,
      connections,
      seconds,
      requests: anonymousCursors.map((c) => ({ path: skeleton(c) })),
    }
    if (cases.includes('anonymous')) results.push({ case: 'anonymous', replicas, ...(await measured(procs, anonymous)) })
    const steered: LoadSpec = {
      targets,
      connections,
      seconds,
      // Viewers go round, each at a random depth of the feed.
      requests: tokens.map((token, i) => ({ path: skeleton(steeredCursors[i % steeredCursors.length]), headers: { authorization: `Bearer ${token}` } })),
    }
    if (cases.includes('steered')) {
      // Each replica meets each viewer once before the clock starts (resolving their key, checking
      // their token's signature, asking for their follows): a running generator has met its viewers.
      // Every request measured still verifies its token's claims; signatures are remembered per token.
      await warm(targets, steered.requests)
      results.push({ case: 'steered', replicas, ...(await measured(procs, steered)) })
    }
    if (cases.includes('steered-paging')) {
      // As viewers watching: each request is a page this viewer has not been served yet (16 pages
      // each, 480 items, within the fixture's daily limit of 1,000), so every one spends against
      // the daily limit in its transaction, where the steered case mostly re-asks a page it served.
      // The run with two replicas asks for 16 other pages each (what the first run spent is in the database).
      const paging: LoadSpec = {
        targets,
        connections,
        seconds,
        requests: Array.from({ length: PAGES_PER_VIEWER }, (_, p) =>
          tokens.map((token, i) => ({ path: skeleton(steeredCursors[(i * 7 + p + 1 + (replicas - 1) * PAGES_PER_VIEWER) % steeredCursors.length]), headers: { authorization: `Bearer ${token}` } })),
        ).flat(),
      }
      if (!cases.includes('steered')) await warm(targets, steered.requests)
      results.push({ case: 'steered-paging', replicas, ...(await measured(procs, paging)) })
    }
  } finally {
    for (const p of procs) p.kill('SIGTERM')
    await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))))
  }
}
if (cases.includes('hydrated')) for (const replicas of replicaCounts) results.push(await hydratedCase(replicas))
plc.close()

console.log(`\ngetFeedSkeleton over HTTP: ${items} videos, ${isPostgresUrl(dbLocation) ? 'Postgres' : 'SQLite'}, ${connections} connections, ${seconds} s per case, node ${process.version}`)
// CPU per request is what a busy machine distorts least: req/s and latency also measure whoever else runs.
console.log('| case | replicas | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors | server CPU µs/req | load generator CPU µs/req |')
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for (const r of results) {
  const x = r.result
  const perRequest = (seconds: number) => Math.round((seconds * 1e6) / Math.max(1, x.sent))
  console.log(`| ${r.case} | ${r.replicas} | ${x.rps} | ${x.p50} | ${x.p90} | ${x.p99} | ${x.max} | ${x.non2xx} | ${x.errors} | ${perRequest(r.serverCpuSeconds)} | ${perRequest(x.loadCpuSeconds)} |`)
}
console.log(`machine load average (1, 5, 15 min) at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')} on ${cpus().length} cores`)
if (!args.db) rmSync(dir, { recursive: true, force: true })

function startReplica(port: number, logFile: string, extra: Record<string, string> = {}): ChildProcess {
  return startService('feed-generator', logFile, {
    ...env({
      FRAMEWRIGHT_FEEDGEN_PORT: String(port),
      FRAMEWRIGHT_PLC_URL: `http://127.0.0.1:${plcPort}`,
      FRAMEWRIGHT_OUTBOUND_ALLOW: LOCAL_OUTBOUND_ALLOW,
      // Serving only: no firehose is offered here (the ingester would wait for one).
      FRAMEWRIGHT_FIREHOSE_URL: 'ws://127.0.0.1:1',
      FRAMEWRIGHT_ROLE: 'api',
      FRAMEWRIGHT_LOG_LEVEL: 'warn',
    }),
    ...extra,
  })
}

function startService(service: 'feed-generator' | 'appview', logFile: string, serviceEnv: Record<string, string>): ChildProcess {
  const fd = openSync(logFile, 'w')
  const profile = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []
  const child = spawn(process.execPath, [...profile, join(root, 'service-kit', 'run.mjs'), join(root, service, 'src', 'bin.ts')], {
    cwd: root,
    // Rate limits high enough never to refuse the load (which comes from one address), still counted.
    env: { ...process.env, FRAMEWRIGHT_RATE_LIMIT_PER_IP: '1000000000/1m', FRAMEWRIGHT_RATE_LIMIT_PER_DID: '1000000000/1m', ...serviceEnv },
    stdio: ['ignore', fd, fd],
  })
  closeSync(fd)
  return child
}

/**
 * The hydrated page: `replicas` appview processes (API role) on a database holding a video for every feed item, in
 * front of one feed generator whose did:web document it resolves over HTTP, as it would any feed's.
 */
async function hydratedCase(replicas: number): Promise<{ case: string; replicas: number; result: LoadResult; serverCpuSeconds: number }> {
  const appviewDb = args['appview-db'] ?? join(dir, 'appview.sqlite')
  const feedgenPort = await freePort()
  const appviewPorts = await Promise.all(Array.from({ length: replicas }, () => freePort()))
  const appviewPort = appviewPorts[0]!
  const feedgenDid = `did:web:localhost%3A${feedgenPort}`
  const appviewEnv = {
    FRAMEWRIGHT_APPVIEW_DB: appviewDb,
    FRAMEWRIGHT_APPVIEW_PORT: String(appviewPort),
    FRAMEWRIGHT_CLIENT_PORT: '0',
    FRAMEWRIGHT_PLC_URL: `http://127.0.0.1:${plcPort}`,
    FRAMEWRIGHT_OUTBOUND_ALLOW: LOCAL_OUTBOUND_ALLOW,
    FRAMEWRIGHT_FIREHOSE_URL: 'ws://127.0.0.1:1',
    FRAMEWRIGHT_DATA_DIR: dir,
    FRAMEWRIGHT_ROLE: 'api',
    FRAMEWRIGHT_LOG_LEVEL: 'warn',
  }
  const appview = AppviewContext.fromConfig(appviewEnvToConfig(readAppviewEnv(appviewEnv)), { logger: createLogger({ level: 'warn' }) })
  await appview.db.migrateToLatest()
  const held = Number((await appview.db.db.selectFrom('video').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  if (held === 0) {
    const t = performance.now()
    await fillAppviewVideos(appview.db.db, items, { uri: FEED, publisher: PUBLISHER, serviceDid: feedgenDid }, (done) => {
      if (done % 100_000 === 0) process.stdout.write(`\rfilling the appview: ${done}/${items}`)
    })
    console.log(`\rfilled the appview with ${items} videos in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  } else if (held !== items) {
    throw new Error(`${appviewDb} holds ${held} videos, not ${items}: give an empty database or matching --items`)
  } else {
    // The feed generator's port (so its did:web) is new each run.
    await appview.db.db.updateTable('feed_generator').set({ did: feedgenDid }).where('uri', '=', FEED).execute()
  }
  await analyzed(appview.db.db)
  await appview.db.close()
  // One feed generator behind one or more appview API replicas on the same database (requests alternate between them).
  const procs = [
    startReplica(feedgenPort, join(dir, `hydrated-${replicas}-feedgen.log`), { FRAMEWRIGHT_FEEDGEN_DID: feedgenDid }),
    ...appviewPorts.map((port, i) => startService('appview', join(dir, `hydrated-${replicas}-appview-${i}.log`), { ...appviewEnv, FRAMEWRIGHT_APPVIEW_PORT: String(port) })),
  ]
  try {
    const targets = appviewPorts.map((port) => `http://127.0.0.1:${port}`)
    const target = targets[0]!
    await Promise.all([waitUntilUp(`http://127.0.0.1:${feedgenPort}`), ...targets.map(waitUntilUp)])
    const page = (cursor?: string) => `/xrpc/app.framewright.feed.getFeed?feed=${encodeURIComponent(FEED)}&limit=30${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    const cursors = await walk(`http://127.0.0.1:${feedgenPort}`, undefined)
    const first = await fetch(`${target}${page()}`)
    const body = (await first.json()) as { feed?: unknown[] }
    if (!first.ok || body.feed?.length !== 30) throw new Error(`the appview's first page is not 30 hydrated videos: ${first.status} ${JSON.stringify(body).slice(0, 300)}`)
    // The appview is what is measured; its feed generator's CPU is counted with it (it serves every page).
    return { case: 'hydrated', replicas, ...(await measured(procs, { targets, connections, seconds, requests: cursors.map((c) => ({ path: page(c) })) })) }
  } finally {
    for (const p of procs) p.kill('SIGTERM')
    await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))))
  }
}

/**
 * Gives Postgres its planner statistics for the tables just filled, as autovacuum would on a server
 * running for a while (this machine's has autovacuum off): without them `where "crosspostUri" in (…)`
 * is planned as a scan of all 1M videos, a second a page. Only the service's own schema's tables, not
 * the whole database (other schemas on the server belong to other runs). Nothing to do on SQLite.
 */
async function analyzed(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return
  const { rows } = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db)
  for (const { name } of rows) await sql`analyze ${sql.id(name)}`.execute(db)
}

async function countsOf(db: typeof ctx.db.db): Promise<{ items: number; viewers: number }> {
  const count = async (table: 'feed_item' | 'feed_prefs') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  return { items: await count('feed_item'), viewers: await count('feed_prefs') }
}

async function waitUntilUp(base: string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const ok = await fetch(`${base}/xrpc/_health`).then((r) => r.ok, () => false)
    if (ok) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`the feed generator at ${base} did not start (see its log in ${dir})`)
}

/** Cursors at every depth of one walk through the feed (pages of 30), starting with the first page. */
async function walk(base: string, headers?: Record<string, string>): Promise<(string | undefined)[]> {
  const cursors: (string | undefined)[] = [undefined]
  let cursor: string | undefined
  for (let page = 0; page < 200; page++) {
    const res = await fetch(`${base}${skeleton(cursor)}`, { headers })
    if (!res.ok) throw new Error(`getFeedSkeleton answered ${res.status}: ${await res.text()}`)
    cursor = ((await res.json()) as { cursor?: string }).cursor
    if (!cursor) break
    cursors.push(cursor)
  }
  return cursors
}

/** Sends every request once to every target, 16 at a time. */
async function warm(targets: string[], requests: LoadSpec['requests']): Promise<void> {
  const queue = targets.flatMap((t) => requests.map((r) => ({ url: `${t}${r.path}`, headers: r.headers })))
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let next = queue.pop(); next; next = queue.pop()) await fetch(next.url, { headers: next.headers }).then((r) => r.arrayBuffer())
    }),
  )
  console.log(`warmed ${targets.length} replica(s) with ${requests.length} viewers in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}

/** A load run, and the CPU time the replicas spent during it (their own, from /proc: not other processes'). */
async function measured(procs: ChildProcess[], spec: LoadSpec): Promise<{ result: LoadResult; serverCpuSeconds: number }> {
  const before = procs.map(cpuSecondsOf)
  const result = await load(spec)
  const serverCpuSeconds = procs.reduce((sum, p, i) => sum + cpuSecondsOf(p) - before[i]!, 0)
  return { result, serverCpuSeconds: Number(serverCpuSeconds.toFixed(2)) }
}

/** User + system CPU seconds of a child process so far (Linux; 0 where /proc is missing). */
function cpuSecondsOf(p: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

async function load(spec: LoadSpec): Promise<LoadResult> {
  const specFile = join(dir, `load-${randomBytes(4).toString('hex')}.json`)
  writeFileSync(specFile, JSON.stringify(spec))
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'lib', 'http-load.ts'), specFile], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  await new Promise((r) => child.once('exit', r))
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult
}

/** A did:plc of the right shape for viewer i: i in base 32 (the PLC alphabet), padded to 24 characters. */
function plcDid(i: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let s = ''
  for (let n = i; s.length < 24; n = Math.floor(n / 32)) s = alphabet[n % 32] + s
  return `did:plc:${s}`
}

function didDoc(did: string, didKey: string) {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    alsoKnownAs: [],
    verificationMethod: [{ id: `${did}#atproto`, type: 'Multikey', controller: did, publicKeyMultibase: didKey.replace('did:key:', '') }],
    service: [],
  }
}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) if (argv[i]!.startsWith('--')) out[argv[i]!.slice(2)] = argv[++i] ?? ''
  return out
}
