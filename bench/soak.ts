/**
 * A soak: the whole product running locally for N minutes under moderate mixed traffic, its
 * services' memory watched. The PLC directory and the PDS run in this process (the stack package's
 * startNetwork, as the end-to-end topology test does); the labeler, the feed generator and the
 * appview each run as a process of its own (what `npm start -w <service>` runs: the service's
 * bin.ts through service-kit/run.mjs), on SQLite, so that each one's resident memory can be read from /proc.
 *
 * Traffic, each kind on its own paced lane (one request at a time per lane, a few a second in all):
 * - publish: a procedural generation job on the appview, polled, its video fetched and published
 *   to the creator's PDS (blob, companion post, video post), which every service then ingests;
 * - feed pages: the appview's app.framewright.feed.getFeed and the feed generator's
 *   app.bsky.feed.getFeedSkeleton, anonymous and signed in, paging a few pages deep;
 * - label subscriptions: com.atproto.label.subscribeLabels opened (from the start of the log or
 *   live), read for 5–20 s and closed, a new one every 3 s;
 * - reports: com.atproto.moderation.createReport to the labeler, about published videos and accounts.
 * Rate limits are set out of reach (FRAMEWRIGHT_RATE_LIMIT_*): a 429 would still count as an error.
 *
 * The traffic runs for a warm-up (5 minutes unless told) and then for the measured minutes. A
 * service's resident memory climbs for its first several minutes whatever it does: V8 compiles the
 * hot code (and undici's HTTP parser, which is WebAssembly) on background threads, and what those
 * compilers allocate and free leaves each thread's malloc arena at its high-water mark. Measured
 * on 2026-11-30 (a 25-minute run, the appview's arenas read from /proc every 20 s): 20 MiB at the
 * start, 66 MiB at minute 7, 66 MiB at minute 25. Memory is judged after that.
 *
 * At the end it prints requests, errors and p50/p99 per method, each service's RSS over time
 * (sampled every 5 s, shown every 30 s), what that memory is made of (malloc arenas, the JS heaps,
 * files) at the end of warm-up and at the end, and the verdict: over the measured minutes no
 * service's RSS may grow more than 10 % (the median of its first minute's samples against its last
 * minute's); and no service may exit, nor any published video be missing from the appview's fresh
 * feed at the end (exit code 1 if any of these fails).
 *
 *   npx tsx bench/soak.ts [--minutes 10] [--warmup-minutes 5] [--seed 9] [--sample-seconds 5] [--keep]   (--keep: leave the temp dir and logs)
 *        [--node-flags='--trace-gc']   (given to each service's node, e.g. to see in its log whether its heap or its native memory grows)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ids } from '@framewright/lexicons'
import { createLogger, didWebForUrl } from '@framewright/service-kit'
import { feedUri } from '@framewright/feed-generator'
import { LocalStack, freePort, type StackPorts } from '@framewright/stack'
import { MethodRecorder, growthAfterWarmup, memoryKinds, memoryKindsTable, rssMiB, rssSparklines, rssTable, type MemoryKinds, type RssSample } from './lib/soak-stats'
import {
  createUsers,
  followLabels,
  paced,
  publishThroughAppview,
  readFeedPage,
  seededRandom,
  sendReport,
  ServiceTokens,
  sleep,
  xrpcCall,
  type FeedReader,
  type PublishedRef,
  type SoakTarget,
} from './lib/soak-traffic'

const args = parseArgs(process.argv.slice(2))
const minutes = Number(args.minutes ?? 10)
const warmupMinutes = Number(args['warmup-minutes'] ?? 5)
const seed = Number(args.seed ?? 9)
const warmupS = warmupMinutes * 60
const runS = warmupS + minutes * 60
// Reading /proc costs nothing: many samples make the medians over a minute steady.
const sampleS = Number(args['sample-seconds'] ?? 5)
// The table shows a row every 30 s or so.
const shownEvery = Math.max(1, Math.round(30 / sampleS))
// The windows whose medians are compared: a minute, or a tenth of the measured run if longer.
const windowS = Math.max(60, minutes * 6)
const nodeFlags = (args['node-flags'] ?? '').split(' ').filter(Boolean)
const MAX_GROWTH = 0.1
const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const dir = mkdtempSync(join(tmpdir(), 'fw-soak-'))
const SERVICES = ['labeler', 'feed-generator', 'appview'] as const
type Service = (typeof SERVICES)[number]
const PREFIX: Record<Service, string> = { labeler: 'LABELER', 'feed-generator': 'FEEDGEN', appview: 'APPVIEW' }
// Out of reach of this run's one address and few accounts (names of the rate-limit settings; ignored by a build without them).
const GENEROUS_LIMITS = {
  FRAMEWRIGHT_RATE_LIMIT_PER_IP: '1000000000/1m',
  FRAMEWRIGHT_RATE_LIMIT_PER_DID: '1000000000/1m',
  FRAMEWRIGHT_RATE_LIMIT_VIDEO_PER_IP: '1000000000/1m',
  FRAMEWRIGHT_RATE_LIMIT_THUMB_PER_IP: '1000000000/1m',
  FRAMEWRIGHT_LABELER_REPORT_LIMIT: '1000000000/1m',
  // The subscription lane keeps ~4 open and opens one every 3 s, all from this one address.
  FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_PER_IP: '1000000',
  FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_TOTAL: '1000000',
  FRAMEWRIGHT_RATE_LIMIT_NEW_SUBSCRIPTIONS_PER_IP: '1000000000/1m',
}

interface ServiceProcess {
  service: Service
  url: string
  child: ChildProcess
  log: string
  exited: Promise<void>
}

const processes: ServiceProcess[] = []
let network: LocalStack | undefined
let cleaned: Promise<void> | undefined
let keepDir = args.keep !== undefined
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the services`)
    void cleanUp().then(() => process.exit(130))
  })
}

let failed = false
try {
  failed = await soak()
} catch (err) {
  keepDir = true
  console.error(err)
  failed = true
} finally {
  await cleanUp()
}
process.exit(failed ? 1 : 0)

async function soak(): Promise<boolean> {
  const t0 = performance.now()
  const ports: StackPorts = { client: await freePort(), plc: await freePort(), pds: await freePort(), appview: await freePort(), feedgen: await freePort(), labeler: await freePort() }
  network = new LocalStack({ dataDir: join(dir, 'network'), ports, seed: false, logger: createLogger({ level: 'warn' }), env: { ...process.env, ...GENEROUS_LIMITS } })
  const made = await network.startNetwork()
  const env: Record<string, string | undefined> = {
    ...made.env,
    ...GENEROUS_LIMITS,
    // The API is what is soaked: no web client.
    FRAMEWRIGHT_CLIENT_PORT: '0',
    FRAMEWRIGHT_LOG_LEVEL: 'warn',
  }
  const portOf: Record<Service, number> = { labeler: ports.labeler, 'feed-generator': ports.feedgen, appview: ports.appview }
  // One after another, as the stack starts them: the labeler first (the others follow it).
  for (const service of SERVICES) await startService(service, env, portOf[service])

  const feedGeneratorUrl = `http://127.0.0.1:${ports.feedgen}`
  const described = await xrpcCall(feedGeneratorUrl, ids.AppBskyFeedDescribeFeedGenerator)
  const publisher = made.publisher.did
  const target: SoakTarget = {
    pdsUrl: network.url('pds'),
    appview: { url: `http://127.0.0.1:${ports.appview}`, did: didWebForUrl(network.url('appview')) },
    feedGenerator: { url: feedGeneratorUrl, did: described.body.did },
    labeler: { url: `http://127.0.0.1:${ports.labeler}`, did: made.env.FRAMEWRIGHT_LABELER_DID! },
    anonymousFeeds: ['creation-first', 'fresh'].map((rkey) => feedUri(publisher, rkey)),
    signedInFeeds: ['creation-first', 'fresh', 'following', 'friends-cameos'].map((rkey) => feedUri(publisher, rkey)),
  }
  // The appview knows the feeds once it has ingested the generator records the feed generator published.
  await until('the appview to serve the creation-first feed', 120_000, async () => (await xrpcCall(target.appview.url, ids.AppFramewrightFeedGetFeed, { params: { feed: target.anonymousFeeds[0] } })).status === 200)
  const creators = await createUsers(target.pdsUrl, 'soakmaker', 4)
  const viewers = await createUsers(target.pdsUrl, 'soakviewer', 6)
  console.log(`soak: ${warmupMinutes} min of warm-up and ${minutes} min measured of mixed traffic, seed ${seed}, RSS every ${sampleS} s; the network took ${((performance.now() - t0) / 1000).toFixed(0)} s to start (data and logs in ${dir})`)

  const recorder = new MethodRecorder()
  const tokens = new ServiceTokens(recorder)
  const random = seededRandom(seed)
  const published: PublishedRef[] = []
  const subscriptions = { opened: 0, frames: 0, labels: 0 }
  const startedAt = Date.now()
  const endAt = startedAt + runS * 1000
  const samples: RssSample[] = []
  const names = [...SERVICES, 'driver (PLC+PDS+load)']
  const sample = () => {
    const mib: RssSample['mib'] = Object.fromEntries(processes.map((p) => [p.service, p.child.pid ? rssMiB(p.child.pid) : undefined]))
    mib['driver (PLC+PDS+load)'] = process.memoryUsage.rss() / 2 ** 20
    samples.push({ atS: (Date.now() - startedAt) / 1000, mib })
  }
  const reader = (feeds: string[], i: number): FeedReader => ({ feed: feeds[i % feeds.length]!, pages: 0 })
  const readers = {
    appviewAnonymous: target.anonymousFeeds.map((_, i) => reader(target.anonymousFeeds, i)),
    appviewSignedIn: viewers.map((_, i) => reader(target.signedInFeeds, i)),
    skeletonAnonymous: target.anonymousFeeds.map((_, i) => reader(target.anonymousFeeds, i)),
    skeletonSignedIn: viewers.map((_, i) => reader(target.signedInFeeds, i + 1)),
  }

  const kinds = (): Record<string, MemoryKinds | undefined> => Object.fromEntries(processes.map((p) => [p.service, p.child.pid ? memoryKinds(p.child.pid) : undefined]))
  const kindsAt: { label: string; kinds: Record<string, MemoryKinds | undefined> }[] = []
  const warmupTimer = setTimeout(() => kindsAt.push({ label: `end of warm-up (${warmupS} s)`, kinds: kinds() }), warmupS * 1000)
  sample()
  const samplerTimer = setInterval(sample, sampleS * 1000)
  // On a terminal a line rewritten every 5 s; into a file a line a minute.
  const tty = process.stdout.isTTY
  const progress = setInterval(() => {
    const line = `${((Date.now() - startedAt) / 1000).toFixed(0)} / ${runS} s, ${published.length} videos published, ${recorder.totalErrors} errors so far`
    if (tty) process.stdout.write(`\r${line}`)
    else if (Math.round((Date.now() - startedAt) / 5_000) % 12 === 0) console.log(line)
  }, 5_000)
  const lanes = [
    // Publishing: one video every 20 s, creators in turn.
    paced(20_000, endAt, async (n) => {
      published.push(await publishThroughAppview(target, recorder, tokens, creators[n % creators.length]!, seed * 1000 + n))
    }),
    // Feed pages: 2/s anonymous and 1/s signed in on each of the appview and the feed generator.
    paced(500, endAt, (n) => readFeedPage(target, recorder, tokens, 'appview', readers.appviewAnonymous[n % readers.appviewAnonymous.length]!)),
    paced(1_000, endAt, (n) => readFeedPage(target, recorder, tokens, 'appview', readers.appviewSignedIn[n % viewers.length]!, viewers[n % viewers.length]), 250),
    paced(500, endAt, (n) => readFeedPage(target, recorder, tokens, 'feed-generator', readers.skeletonAnonymous[n % readers.skeletonAnonymous.length]!), 125),
    paced(1_000, endAt, (n) => readFeedPage(target, recorder, tokens, 'feed-generator', readers.skeletonSignedIn[n % viewers.length]!, viewers[n % viewers.length]), 375),
    // Label subscriptions: a new one every 3 s, held 5–20 s (about four open at a time), every third from the start of the log.
    subscriptionLane(endAt, random, async (fromStart, holdMs) => {
      subscriptions.opened++
      const seen = await followLabels(target, recorder, { fromStart, holdMs })
      subscriptions.frames += seen.frames
      subscriptions.labels += seen.labels
    }),
    // Reports: one every 2 s, from the viewers in turn, mostly about published videos.
    paced(2_000, endAt, async (n) => {
      const reporter = viewers[n % viewers.length]!
      const video = published.length > 0 && random() < 0.8 ? published[Math.floor(random() * published.length)] : undefined
      await sendReport(target, recorder, tokens, reporter, video ?? { did: creators[Math.floor(random() * creators.length)]!.did }, random)
    }, 1_000),
  ]
  await Promise.all(lanes)
  clearInterval(samplerTimer)
  clearInterval(progress)
  clearTimeout(warmupTimer)
  sample()
  kindsAt.push({ label: `end (${runS} s)`, kinds: kinds() })
  if (tty) process.stdout.write('\n')
  // The newest 100 (an anonymous reader's depth in the fresh feed): all of them, at this pace, up to 33 minutes.
  const checked = published.slice(-100)
  const missing = await missingFromFeed(target, feedUri(publisher, 'fresh'), checked)

  const died = processes.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null)
  console.log(`\n## Soak: ${warmupMinutes} min of warm-up + ${minutes} min measured, ${published.length} videos published, ${subscriptions.opened} label subscriptions (${subscriptions.frames} frames, ${subscriptions.labels} labels read), node ${process.version}`)
  console.log(`machine load average (1, 5, 15 min) at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')} on ${cpus().length} cores\n`)
  console.log(recorder.table())
  const samplesOfErrors = recorder.errorSamples()
  if (samplesOfErrors.length > 0) console.log(`\nfirst errors:\n${samplesOfErrors.map((s) => `- ${s}`).join('\n')}`)
  const shown = samples.filter((_, i) => i % shownEvery === 0 || i === samples.length - 1)
  console.log(`\n### RSS over time (MiB; warm-up until ${warmupS} s)\n\n${rssTable(shown, names)}\n\n${rssSparklines(shown, names)}`)
  console.log(`\n### What the services' memory is made of (MiB, resident)\n\n${memoryKindsTable(kindsAt)}`)
  const growth = growthAfterWarmup(samples, names, warmupS, runS, windowS)
  console.log(`\n### Memory over the ${minutes} measured minutes (after ${warmupMinutes} min of warm-up): median RSS of the samples in the first ${windowS} s against the last ${windowS} s; limit +${MAX_GROWTH * 100} %\n`)
  console.log('| process | after warm-up MiB | at the end MiB | growth | verdict |\n| --- | --- | --- | --- | --- |')
  let pass = died.length === 0
  for (const g of growth) {
    const judged = (SERVICES as readonly string[]).includes(g.name)
    const ok = !(g.growth > MAX_GROWTH) && !Number.isNaN(g.growth)
    if (judged && !ok) pass = false
    const pct = `${g.growth >= 0 ? '+' : ''}${(g.growth * 100).toFixed(1)} %`
    console.log(`| ${g.name} | ${g.baselineMiB.toFixed(1)} | ${g.endMiB.toFixed(1)} | ${pct} | ${judged ? (ok ? 'PASS' : 'FAIL') : 'not judged (the load generator\'s own records grow)'} |`)
  }
  for (const p of died) {
    keepDir = true
    console.log(`\n${p.service} exited during the run (code ${p.child.exitCode}, signal ${p.child.signalCode}); its log: ${p.log}`)
  }
  console.log(`\npublished videos in the appview's fresh feed after the run: ${checked.length - missing.length} of the ${checked.length === published.length ? '' : 'newest '}${checked.length}, each once${missing.length > 0 ? `; missing or repeated: ${missing.join(', ')}` : ''}`)
  if (missing.length > 0) pass = false
  console.log(`\n${pass ? 'PASS' : 'FAIL'}: no service may grow more than ${MAX_GROWTH * 100} % after warm-up, exit, or lose a published video`)
  return !pass
}

/**
 * The published videos not in the appview's fresh feed exactly once (anonymous, every page), after
 * giving the last ones up to 2 minutes to go through ingestion: a soak must not lose what was published.
 */
async function missingFromFeed(target: SoakTarget, fresh: string, published: PublishedRef[]): Promise<string[]> {
  let missing: string[] = []
  const deadline = Date.now() + 120_000
  do {
    const seen = new Map<string, number>()
    let cursor: string | undefined
    for (let page = 0; page < 20; page++) {
      const res = await xrpcCall(target.appview.url, ids.AppFramewrightFeedGetFeed, { params: { feed: fresh, limit: 100, cursor }, headers: { 'atproto-accept-labelers': target.labeler.did } })
      if (res.status !== 200) break
      for (const item of res.body.feed as { video: { uri: string } }[]) seen.set(item.video.uri, (seen.get(item.video.uri) ?? 0) + 1)
      cursor = res.body.cursor
      if (!cursor) break
    }
    missing = published.map((v) => v.uri).filter((uri) => seen.get(uri) !== 1)
    if (missing.length === 0) return missing
    await sleep(2_000)
  } while (Date.now() < deadline)
  return missing
}

/** A new label subscription every 3 s until `endAt`, each held 5–20 s; every third reads from the start of the log. */
async function subscriptionLane(endAt: number, random: () => number, open: (fromStart: boolean, holdMs: number) => Promise<void>): Promise<void> {
  const held: Promise<void>[] = []
  await paced(3_000, endAt, async (n) => {
    const holdMs = Math.min(5_000 + Math.floor(random() * 15_000), Math.max(0, endAt - Date.now()))
    held.push(open(n % 3 === 0, holdMs))
  }, 500)
  await Promise.all(held)
}

/** Starts one service the way `npm start -w <service>` does (its bin.ts through service-kit/run.mjs), its output kept in a file. */
async function startService(service: Service, env: Record<string, string | undefined>, port: number): Promise<ServiceProcess> {
  const log = join(dir, `${service}.log`)
  const fd = openSync(log, 'a')
  // node itself, not npm in front of it: its pid is the process whose memory is read.
  const child = spawn(process.execPath, [...nodeFlags, join(root, 'service-kit', 'run.mjs'), join(root, service, 'src', 'bin.ts')], {
    cwd: join(root, service),
    // Its own process group, so that stopping it takes any ffmpeg it started too.
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...env, [`FRAMEWRIGHT_${PREFIX[service]}_PORT`]: String(port), [`FRAMEWRIGHT_${PREFIX[service]}_HOST`]: '127.0.0.1' },
  })
  closeSync(fd)
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const proc: ServiceProcess = { service, url: `http://127.0.0.1:${port}`, child, log, exited }
  processes.push(proc)
  await until(`${service} to serve (its log: ${log})`, 120_000, async () => {
    if (child.exitCode !== null) throw new Error(`${service} exited with ${child.exitCode}: ${readFileSync(log, 'utf8').slice(-4000)}`)
    return (await fetch(`${proc.url}/xrpc/_health`)).ok
  })
  return proc
}

/** Stops the services (SIGTERM, then SIGKILL after 15 s), the PDS and PLC, and removes the temp dir; once. */
function cleanUp(): Promise<void> {
  cleaned ??= (async () => {
    const running = () => processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null)
    for (const p of running()) signalGroup(p, 'SIGTERM')
    await Promise.race([Promise.all(processes.map((p) => p.exited)), sleep(15_000)])
    for (const p of running()) signalGroup(p, 'SIGKILL')
    await Promise.all(processes.map((p) => p.exited))
    await network?.destroy().catch((err) => console.error('stopping the PDS and PLC:', err))
    if (keepDir) console.log(`kept ${dir} (logs and data)`)
    else rmSync(dir, { recursive: true, force: true })
  })()
  return cleaned
}

function signalGroup(p: ServiceProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-p.child.pid!, signal)
  } catch {
    // already gone
  }
}

/** Polls `check` every 250 ms until it is true; a thrown error ends the wait at once. */
async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const done = await check().catch((err: Error) => {
      if (/exited with/.test(err.message)) throw err
      return false
    })
    if (done) return
    await sleep(250)
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
}

/** `--name value`, `--name=value` (for values that start with --), or a bare `--flag`. */
function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith('--')) continue
    const eq = arg.indexOf('=')
    if (eq > 0) {
      out[arg.slice(2, eq)] = arg.slice(eq + 1)
      continue
    }
    const next = argv[i + 1]
    out[arg.slice(2)] = next !== undefined && !next.startsWith('--') ? (i++, next) : ''
  }
  return out
}
