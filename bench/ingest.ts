/**
 * How fast each service ingests a whole network's firehose, and whether it holds what it should.
 *
 * Replays a signed corpus at full speed (the firehose-replay harness: serve-firehose.mjs, which also
 * serves the corpus' DID documents as a PLC directory) into the feed generator, the labeler and the
 * appview — each its own process on a fresh SQLite file, configured through its normal environment —
 * and into a bare @atproto/sync verifying consumer, one after another, measured by the harness'
 * measure.mjs (events/s, CPU seconds, peak RSS). While each runs, its database is sampled: every
 * video post the corpus says must exist at the saved cursor must be there (the cursor never ahead
 * of unfinished work). After each run, what it holds is counted against the corpus.
 *
 *   npx tsx bench/ingest.ts --replay ../replay --corpus ../corpus [--only feedgen,labeler,appview,atproto-sync]
 *        [--workers 1] [--labeler-curve p256|secp256k1] [--port 2470] [--out bench/out/ingest]
 *        [--cpu-prof DIR]   (each service writes V8 CPU profiles of its threads there, for Chrome DevTools)
 *        [--node-flags="--trace-gc …"]   (extra flags for the services' node, e.g. to read their garbage collection)
 *        [--runs N]         (N rounds, each running every consumer once; the table shows each consumer's median run by events/s,
 *                            the median of its runs' ratios to the bare consumer's run of the same round, and every run's figure)
 *        [--arrival-thread true|false]  (read the firehose on a thread of its own, or not; default: each service's own)
 *        [--restart-from SEQ]  (then restarts each service on its database with its cursor moved back to SEQ, once with the
 *                              DID documents it kept and once without, and prints how long it takes to catch up again)
 *
 * (or REPLAY_DIR / CORPUS_DIR in the environment). See the README for getting the harness and a corpus.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import SqliteDb from 'better-sqlite3'
import { expectedFromCorpus, videosAt, type Expected } from './ingest-corpus'

const args = parseArgs(process.argv.slice(2))
const replayDir = resolve(args.replay ?? process.env.REPLAY_DIR ?? '../replay')
const corpusDir = resolve(args.corpus ?? process.env.CORPUS_DIR ?? '../corpus')
const port = Number(args.port ?? 2470)
const outDir = resolve(args.out ?? 'bench/out/ingest')
const workers = args.workers ?? '1'
const labelerCurve = args['labeler-curve'] ?? 'p256'
const only = (args.only ?? 'feedgen,labeler,appview,atproto-sync').split(',')
const cpuProf = args['cpu-prof'] ? resolve(args['cpu-prof']) : undefined
const runs = Math.max(1, Number(args.runs ?? 1))
const restartFrom = args['restart-from'] ? Number(args['restart-from']) : undefined
const nodeFlags = (args['node-flags'] ?? '').split(' ').filter(Boolean)
const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
for (const [what, dir, file] of [['replay harness', replayDir, 'serve-firehose.mjs'], ['corpus', corpusDir, 'frames.bin']] as const) {
  if (!existsSync(join(dir, file))) throw new Error(`no ${what} at ${dir} (${file} missing): pass --${what === 'corpus' ? 'corpus' : 'replay'} or see the README`)
}
mkdirSync(outDir, { recursive: true })

interface Consumer {
  name: string
  /** Our service's TypeScript entry (run through service-kit/run.mjs), bundled before any run. */
  entry?: string
  cmd: string[]
  cwd: string
  env: Record<string, string>
  db: string
  /** The environment variable naming its database (to restart it on a copy). */
  dbVariable?: string
  cursorSql: string
  /** What it holds, to compare with the corpus. */
  count: (db: SqliteDb.Database, expected: Expected) => { what: string; held: number; expected: number }[]
  /** Video post URIs at the saved cursor, read in one snapshot, for the cursor rule check. */
  snapshot?: (db: SqliteDb.Database) => { cursor: number; videos: Set<string> }
}

function serviceConsumer(name: 'feedgen' | 'labeler' | 'appview'): Consumer {
  const db = join(outDir, `${name}.sqlite`)
  const base = {
    FRAMEWRIGHT_FIREHOSE_URL: `ws://127.0.0.1:${port}`,
    FRAMEWRIGHT_PLC_URL: `http://127.0.0.1:${port}`,
    // The replayed repos' DID documents name this machine.
    FRAMEWRIGHT_OUTBOUND_ALLOW: '127.0.0.1,localhost,::1',
    FRAMEWRIGHT_DATA_DIR: join(outDir, `${name}-data`),
    FRAMEWRIGHT_LOG_LEVEL: 'info',
    FRAMEWRIGHT_INGEST_VERIFY_WORKERS: workers,
    // The service's own default unless --arrival-thread true|false says otherwise.
    ...(args['arrival-thread'] ? { FRAMEWRIGHT_INGEST_ARRIVAL_THREAD: args['arrival-thread'] } : {}),
  }
  const env: Record<string, Record<string, string>> = {
    feedgen: { FRAMEWRIGHT_FEEDGEN_PORT: '0', FRAMEWRIGHT_FEEDGEN_DB: db, FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: 'did:plc:benchpublisheraaaaaaaaaa' },
    labeler: {
      FRAMEWRIGHT_LABELER_PORT: '0',
      FRAMEWRIGHT_LABELER_DB: db,
      FRAMEWRIGHT_LABELER_DID: 'did:plc:benchlabeleraaaaaaaaaaaa',
      FRAMEWRIGHT_LABELER_SIGNING_KEY_HEX: randomBytes(32).toString('hex'),
      FRAMEWRIGHT_LABELER_SIGNING_KEY_CURVE: labelerCurve,
    },
    appview: { FRAMEWRIGHT_APPVIEW_PORT: '0', FRAMEWRIGHT_CLIENT_PORT: '0', FRAMEWRIGHT_APPVIEW_DB: db },
  }
  const dir = { feedgen: 'feed-generator', labeler: 'labeler', appview: 'appview' }[name]
  const entry = join(root, dir, 'src', 'bin.ts')
  const follows = (e: Expected) => e.follows[name]
  return {
    name,
    entry,
    cmd: [process.execPath, ...nodeFlags, ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProf, name)}`] : []), join(root, 'service-kit', 'run.mjs'), entry],
    cwd: root,
    env: { ...base, ...env[name] },
    db,
    dbVariable: { feedgen: 'FRAMEWRIGHT_FEEDGEN_DB', labeler: 'FRAMEWRIGHT_LABELER_DB', appview: 'FRAMEWRIGHT_APPVIEW_DB' }[name],
    cursorSql: "SELECT cursor FROM ingest_cursor WHERE stream = 'firehose'",
    count: (sqlite, expected) => {
      const n = (sql: string) => Number((sqlite.prepare(sql).raw().get() as unknown[])[0])
      const rows = [
        { what: 'videos', held: n('SELECT count(*) FROM video'), expected: expected.videos.size },
        { what: 'depictions', held: n('SELECT count(*) FROM depiction'), expected: expected.depictions },
        { what: 'follows', held: n('SELECT count(*) FROM follow'), expected: follows(expected) },
      ]
      if (name === 'labeler') rows.push({ what: 'video posts', held: n('SELECT count(*) FROM bsky_video_post'), expected: expected.videoPosts.size })
      if (name === 'feedgen') rows.push({ what: 'feed items', held: n('SELECT count(*) FROM feed_item'), expected: 0 })
      rows.push({ what: 'dead letters', held: n('SELECT count(*) FROM dead_letter'), expected: 0 })
      return rows
    },
    snapshot: (sqlite) =>
      sqlite.transaction(() => {
        const row = sqlite.prepare("SELECT cursor FROM ingest_cursor WHERE stream = 'firehose'").raw().get() as number[] | undefined
        const videos = new Set((sqlite.prepare('SELECT uri FROM video').raw().all() as string[][]).map((r) => r[0]!))
        return { cursor: row ? Number(row[0]) : 0, videos }
      })(),
  }
}

function atprotoSyncConsumer(): Consumer {
  const db = join(outDir, 'atproto-sync.sqlite')
  return {
    name: 'atproto-sync',
    cmd: [process.execPath, join(replayDir, 'consumers', 'atproto-sync.mjs'), '--service', `ws://127.0.0.1:${port}`, '--plc', `http://127.0.0.1:${port}`, '--db', db],
    cwd: replayDir,
    env: {},
    db,
    cursorSql: 'SELECT cursor FROM sub_state',
    count: (sqlite, expected) => [
      { what: 'videos (unvalidated)', held: Number((sqlite.prepare('SELECT count(*) FROM video_post').raw().get() as unknown[])[0]), expected: expected.allVideos.size },
    ],
  }
}

const consumers = only.map((name) => (name === 'atproto-sync' ? atprotoSyncConsumer() : serviceConsumer(name as 'feedgen' | 'labeler' | 'appview')))
// Each service bundled before any run (as a deployed one is): the first start after a source
// change would otherwise count the bundling (esbuild's process, ~1 s and ~40 MB) in its figures.
for (const { entry } of consumers) {
  if (entry) execFileSync(process.execPath, [join(root, 'service-kit', 'run.mjs'), '--bundle-only', entry], { stdio: 'ignore' })
}

console.log(`reading the corpus at ${corpusDir} to know what each service should hold…`)
const expected = expectedFromCorpus(corpusDir)
console.log(
  `${expected.events} events; ${expected.videos.size} valid video posts (${expected.allVideos.size} in all), ${expected.videoPosts.size} Bluesky video posts; follows kept: ${JSON.stringify(expected.follows)}`,
)

const results: Record<string, unknown>[] = []
const restarts: Record<string, unknown>[] = []
// One run at a time, in rounds: each round runs every consumer once, so that the machine's drift
// (its speed moved by 20–40 % within an hour here) falls on all of them alike, and each service is
// compared with the bare consumer of its own round. The median of several rounds.
const byConsumer = new Map<string, Record<string, unknown>[]>(consumers.map((c) => [c.name, []]))
for (let run = 1; run <= runs; run++) for (const consumer of consumers) byConsumer.get(consumer.name)!.push(await runOnce(consumer, run))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]
const bareRuns = byConsumer.get('atproto-sync')
for (const consumer of consumers) {
  const mine = byConsumer.get(consumer.name)!
  const byRate = [...mine].sort((a, b) => Number(a.eventsPerSec ?? 0) - Number(b.eventsPerSec ?? 0))
  // Memory is judged by the worst run, not the median one.
  const peakRssMb = Math.max(...mine.map((r) => Number(r.peakRssMb ?? 0)))
  // Each run against the bare consumer's run of the same round (none where either did not finish).
  const ratios = mine.map((r, i) => {
    const bare = consumer.name === 'atproto-sync' ? undefined : bareRuns?.[i]?.eventsPerSec
    return typeof r.eventsPerSec === 'number' && typeof bare === 'number' ? r.eventsPerSec / bare : undefined
  })
  const finished = ratios.filter((x): x is number => x !== undefined)
  results.push({
    ...byRate[Math.floor((byRate.length - 1) / 2)]!,
    peakRssMb: peakRssMb || undefined,
    ratio: finished.length > 0 ? median(finished) : undefined,
    runs: mine.map((r, i) => `${r.eventsPerSec ?? r.status} (${r.machineBefore ?? '-'}${ratios[i] !== undefined && runs > 1 ? `, ${ratios[i]!.toFixed(1)}×` : ''})`),
  })
}
if (restartFrom !== undefined) for (const consumer of consumers) if (consumer.dbVariable) for (const kept of [true, false]) restarts.push(await restartOnce(consumer, restartFrom, kept))

async function runOnce(consumer: Consumer, run: number): Promise<Record<string, unknown>> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(consumer.db + suffix, { force: true })
  rmSync(join(outDir, `${consumer.name}-data`), { recursive: true, force: true })
  const load = loadavg().map((x) => x.toFixed(2)).join(' ')
  const speed = await machineSpeed()
  console.log(`\n${consumer.name}${runs > 1 ? ` (run ${run} of ${runs})` : ''}: load ${load}, machine ${speed} k hashes/s; starting the replay server`)
  const server = start([process.execPath, join(replayDir, 'serve-firehose.mjs'), '--corpus', corpusDir, '--port', String(port), '--rate', 'max', '--quiet'], replayDir, {}, join(outDir, `${consumer.name}.serve.log`))
  await waitForLine(join(outDir, `${consumer.name}.serve.log`), /firehose on/, 180_000)
  const service = start(consumer.cmd, consumer.cwd, consumer.env, join(outDir, `${consumer.name}.log`))
  const sampler = consumer.snapshot ? sampleCursorRule(consumer, expected) : undefined
  const json = join(outDir, `${consumer.name}.json`)
  rmSync(json, { force: true })
  const measure = start(
    [
      process.execPath,
      join(replayDir, 'measure.mjs'),
      '--server', `http://127.0.0.1:${port}`,
      '--db', consumer.db,
      '--cursor-sql', consumer.cursorSql,
      '--pid', String(service.pid),
      '--server-pid', String(server.pid),
      '--json', json,
      '--label', consumer.name,
      '--stall', '120',
    ],
    replayDir,
    {},
    join(outDir, `${consumer.name}.measure.log`),
  )
  // A service that dies never reaches the end: the measurer would wait for it until its own timeout.
  let died: number | string | null = null
  const onServiceExit = (code: number | null, signal: string | null) => {
    died = code ?? signal ?? 'unknown'
    measure.kill('SIGTERM')
  }
  service.once('exit', onServiceExit)
  await new Promise((r) => measure.on('exit', r))
  service.off('exit', onServiceExit)
  if (died !== null) console.log(`${consumer.name} exited (${died}) before the end of the replay: see ${join(outDir, `${consumer.name}.log`)}`)
  const checks = await sampler?.stop()
  await stop(service)
  await stop(server)
  const measured = died === null && existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>) : { status: died === null ? 'no result' : `exited (${died})` }
  const sqlite = existsSync(consumer.db) ? new SqliteDb(consumer.db, { readonly: true }) : undefined
  const counts = sqlite ? consumer.count(sqlite, expected) : []
  sqlite?.close()
  const result = {
    consumer: consumer.name,
    status: measured.status,
    eventsPerSec: measured.eventsPerSec,
    steadyEventsPerSec: measured.steadyEventsPerSec,
    seconds: measured.seconds,
    cpuSeconds: measured.consumerCpuSeconds,
    peakRssMb: measured.consumerPeakRssMb,
    serverCpu: measured.serverCpuUtil,
    verified: verifiedIn(join(outDir, `${consumer.name}.log`)),
    cursorChecks: checks?.checks,
    cursorViolations: checks?.violations,
    counts,
    loadBefore: load,
    machineBefore: speed,
  }
  console.log(JSON.stringify(result))
  return result
}

/**
 * A restart behind the stream, as after an outage: the service's database from its last run, with
 * the cursor moved back to `from` (and, unless `kept`, the DID documents it kept deleted), started
 * again against the replay; the time from its start until its cursor is back at the corpus' end.
 * Its commits from there on are verified again (each repo's key needed) and found stale.
 */
async function restartOnce(consumer: Consumer, from: number, kept: boolean): Promise<Record<string, unknown>> {
  const copy = `${consumer.db}.restart`
  for (const suffix of ['', '-wal', '-shm']) {
    rmSync(copy + suffix, { force: true })
    if (existsSync(consumer.db + suffix)) copyFileSync(consumer.db + suffix, copy + suffix)
  }
  const sqlite = new SqliteDb(copy)
  sqlite.prepare("UPDATE ingest_cursor SET cursor = ? WHERE stream = 'firehose'").run(from)
  const documents = Number((sqlite.prepare('SELECT count(*) FROM did_document').raw().get() as unknown[])[0])
  if (!kept) sqlite.prepare('DELETE FROM did_document').run()
  sqlite.close()
  console.log(`\n${consumer.name}: restarted at seq ${from} with ${kept ? `the ${documents} DID documents it kept` : 'no DID documents kept'}`)
  const server = start([process.execPath, join(replayDir, 'serve-firehose.mjs'), '--corpus', corpusDir, '--port', String(port), '--rate', 'max', '--quiet'], replayDir, {}, join(outDir, `${consumer.name}.restart.serve.log`))
  await waitForLine(join(outDir, `${consumer.name}.restart.serve.log`), /firehose on/, 180_000)
  const log = join(outDir, `${consumer.name}.restart.log`)
  const startedAt = performance.now()
  const service = start(consumer.cmd, consumer.cwd, { ...consumer.env, [consumer.dbVariable!]: copy, FRAMEWRIGHT_DATA_DIR: `${copy}-data` }, log)
  let seconds: number | undefined
  const reader = new SqliteDb(copy, { readonly: true, timeout: 1000 })
  for (const deadline = Date.now() + 300_000; Date.now() < deadline && service.exitCode === null; ) {
    await new Promise((r) => setTimeout(r, 50))
    try {
      const row = reader.prepare(consumer.cursorSql).raw().get() as number[] | undefined
      if (row && Number(row[0]) >= expected.events) {
        seconds = (performance.now() - startedAt) / 1000
        break
      }
    } catch (err) {
      if (!/SQLITE_BUSY|locked/.test(String(err))) throw err
    }
  }
  reader.close()
  await stop(service)
  await stop(server)
  const line = readFileSync(log, 'utf8').split('\n').findLast((l) => l.includes('firehose ingestion stopping'))
  const lookups = line ? (JSON.parse(line) as { didDocuments?: { fetched: number; fromStore: number } }).didDocuments : undefined
  const result = { consumer: consumer.name, kept, events: expected.events - from, seconds: seconds && Number(seconds.toFixed(2)), fetched: lookups?.fetched, fromStore: lookups?.fromStore }
  console.log(JSON.stringify(result))
  return result
}

console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; workers ${workers}; labeler key ${labelerCurve}`)
console.log(`| consumer | events/s${runs > 1 ? ` (median of ${runs}; × bare: median of each round's ratio)` : ''} | steady | CPU s | peak RSS${runs > 1 ? ' (of all runs)' : ''} | commits verified (early) | cursor checks (violations) | held vs corpus | machine, k hashes/s |${runs > 1 ? ' every run, events/s (machine) |' : ''}`)
console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- |${runs > 1 ? ' --- |' : ''}`)
for (const r of results) {
  const counts = (r.counts as { what: string; held: number; expected: number }[]).map((c) => `${c.what} ${c.held}/${c.expected}${c.held === c.expected ? '' : ' ✗'}`).join(', ')
  const ratio = typeof r.ratio === 'number' ? ` (${r.ratio.toFixed(1)}×)` : ''
  console.log(
    `| ${r.consumer} | ${r.eventsPerSec ?? r.status}${ratio} | ${r.steadyEventsPerSec ?? '-'} | ${r.cpuSeconds ?? '-'} | ${r.peakRssMb ?? '-'} MB | ${r.verified ?? '-'} | ${r.cursorChecks ?? '-'} (${r.cursorViolations ?? '-'}) | ${counts} | ${r.machineBefore ?? '-'} |${runs > 1 ? ` ${(r.runs as unknown[]).join(', ')} |` : ''}`,
  )
}

if (restarts.length > 0) {
  console.log(`\nRestarted behind the stream at seq ${restartFrom} (seconds from the service's start until its cursor is back at the end):`)
  console.log('| consumer | DID documents | events | seconds | events/s | documents fetched | read back |')
  console.log('| --- | --- | --- | --- | --- | --- | --- |')
  for (const r of restarts) {
    const rate = typeof r.seconds === 'number' ? Math.round(Number(r.events) / r.seconds) : '-'
    console.log(`| ${r.consumer} | ${r.kept ? 'kept' : 'none'} | ${r.events} | ${r.seconds ?? 'did not catch up'} | ${rate} | ${r.fetched ?? '-'} | ${r.fromStore ?? '-'} |`)
  }
}

/**
 * How fast this machine is right now: 1 KB sha256 hashes a second (thousands), on every core at
 * once for half a second. The same code on this VM has run 40 % slower (and used 40 % more CPU
 * seconds) from one run to the next; a run whose machine figure is low was on a slow machine.
 */
async function machineSpeed(): Promise<number> {
  const script = `const c=require('node:crypto');const b=Buffer.alloc(1024,7);const t=performance.now();let n=0;while(performance.now()-t<500){for(let i=0;i<500;i++)c.hash('sha256',b,'buffer');n+=500}process.stdout.write(String(n*2))`
  const counts = await Promise.all(
    cpus().map(
      () =>
        new Promise<number>((done) => {
          const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] })
          let out = ''
          child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
          child.on('exit', () => done(Number(out) || 0))
        }),
    ),
  )
  return Math.round(counts.reduce((a, b) => a + b, 0) / 1000)
}

/**
 * Samples the service's database while it ingests: in one read snapshot, its saved cursor and its
 * video posts; every video post the corpus says exists at that seq must be there, and none that
 * does not. A cursor saved ahead of unfinished work shows up as a missing video.
 */
function sampleCursorRule(consumer: Consumer, exp: Expected) {
  let checks = 0
  let violations = 0
  let running = true
  const loop = (async () => {
    let sqlite: SqliteDb.Database | undefined
    while (running) {
      await new Promise((r) => setTimeout(r, 250))
      try {
        sqlite ??= existsSync(consumer.db) ? new SqliteDb(consumer.db, { readonly: true, timeout: 1000 }) : undefined
        if (!sqlite) continue
        const { cursor, videos } = consumer.snapshot!(sqlite)
        if (cursor === 0) continue
        const want = videosAt(exp.videoTimeline, cursor)
        const missing = [...want].filter((u) => !videos.has(u))
        checks++
        if (missing.length > 0) {
          violations++
          if (violations <= 3) console.log(`  cursor ${cursor}: ${missing.length} video posts at or below it are missing (e.g. ${missing[0]})`)
        }
      } catch (err) {
        if (!/no such table|SQLITE_BUSY|locked/.test(String(err))) throw err
      }
    }
    sqlite?.close()
  })()
  return {
    stop: async () => {
      running = false
      await loop
      return { checks, violations }
    },
  }
}

/** Commits a service verified, and how many of those as they arrived (its last "firehose ingestion stopping" log line). */
function verifiedIn(logFile: string): string | undefined {
  if (!existsSync(logFile)) return undefined
  const line = readFileSync(logFile, 'utf8').split('\n').findLast((l) => l.includes('firehose ingestion stopping'))
  const stats = line ? (JSON.parse(line) as { verified?: number; verifiedEarly?: number }) : undefined
  return stats?.verified === undefined ? undefined : `${stats.verified} (${stats.verifiedEarly ?? 0})`
}

function start(cmd: string[], cwd: string, env: Record<string, string>, logFile: string): ChildProcess {
  const fd = openSync(logFile, 'w')
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] })
  closeSync(fd)
  return child
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  child.kill('SIGTERM')
  for (let i = 0; i < 100 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100))
  if (child.exitCode === null) child.kill('SIGKILL')
}

async function waitForLine(file: string, re: RegExp, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (existsSync(file) && re.test(readFileSync(file, 'utf8'))) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`timed out waiting for ${re} in ${file}`)
}

function parseArgs(argv: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (!a.startsWith('--')) continue
    const eq = a.indexOf('=')
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1)
    else out[a.slice(2)] = argv[i + 1]?.startsWith('--') === false ? argv[++i] : 'true'
  }
  return out
}
