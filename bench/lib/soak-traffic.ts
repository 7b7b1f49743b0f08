/**
 * The kinds of traffic the soak benchmark (bench/soak.ts) sends, each as a user of the product
 * would: publishing a video through the appview's generation jobs and the user's PDS, reading feed
 * pages from the appview and the feed generator (anonymous and signed in), following the labeler's
 * label stream for a while, and reporting videos and accounts to the labeler. Every call is timed
 * by the run's MethodRecorder under its NSID.
 */
import { randomBytes } from 'node:crypto'
import { AtpAgent } from '@atproto/api'
import { decode, decodeFirst } from '@atcute/cbor'
import { WebSocket } from 'ws'
import { ids, publishVideo } from '@framewright/lexicons'
import type { MethodRecorder } from './soak-stats'

/** A service the traffic calls: where it listens and the DID its tokens are minted for. */
export interface SoakService {
  url: string
  did: string
}

/** Everything the traffic needs to know about the running product. */
export interface SoakTarget {
  pdsUrl: string
  appview: SoakService
  feedGenerator: SoakService
  labeler: SoakService
  /** The feeds read anonymously, and those read signed in (at-uris). */
  anonymousFeeds: string[]
  signedInFeeds: string[]
}

export interface SoakUser {
  handle: string
  did: string
  agent: AtpAgent
}

/** A published video, kept so that reports can name it. */
export interface PublishedRef {
  uri: string
  cid: string
  creator: string
}

/** A small deterministic generator (mulberry32), so two runs with one seed send the same mix. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fresh accounts on the local PDS, one after another. */
export async function createUsers(pdsUrl: string, prefix: string, count: number): Promise<SoakUser[]> {
  const users: SoakUser[] = []
  for (let i = 0; i < count; i++) {
    const handle = `${prefix}${i}-${randomBytes(3).toString('hex')}.test`
    const agent = new AtpAgent({ service: pdsUrl })
    await agent.createAccount({ handle, password: randomBytes(12).toString('hex'), email: `${handle}@example.test` })
    users.push({ handle, did: agent.assertDid, agent })
  }
  return users
}

/**
 * Service JWTs minted by each user's PDS, as the client gets them, kept for 20 minutes of their
 * 30 (a token per request would make the PDS the busiest part of the run).
 */
export class ServiceTokens {
  private readonly tokens = new Map<string, { token: string; renewAt: number }>()

  constructor(private readonly recorder: MethodRecorder) {}

  async bearer(user: SoakUser, aud: string, lxm: string): Promise<string> {
    const key = `${user.did} ${aud} ${lxm}`
    const held = this.tokens.get(key)
    if (held && held.renewAt > Date.now()) return `Bearer ${held.token}`
    const exp = Math.floor(Date.now() / 1000) + 30 * 60
    const { data } = await this.recorder.timed('com.atproto.server.getServiceAuth (PDS)', () => user.agent.com.atproto.server.getServiceAuth({ aud, lxm, exp }))
    this.tokens.set(key, { token: data.token, renewAt: Date.now() + 20 * 60_000 })
    return `Bearer ${data.token}`
  }
}

/** An XRPC call over plain HTTP, its body read; an answer of 400 or more is returned, not thrown. */
export async function xrpcCall(base: string, nsid: string, opts: { params?: Record<string, string | number | undefined>; headers?: Record<string, string>; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const url = new URL(`/xrpc/${nsid}`, base)
  for (const [k, v] of Object.entries(opts.params ?? {})) if (v !== undefined) url.searchParams.set(k, String(v))
  const res = await fetch(url, {
    method: opts.body === undefined ? 'GET' : 'POST',
    headers: { ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(60_000),
  })
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body }
}

/**
 * Creates a video as the client does: a procedural generation job on the appview, polled until it
 * finishes, its video fetched, then published to the creator's PDS (blob, companion post, video
 * post). The whole is timed too, as `publish (job → records)`.
 */
export async function publishThroughAppview(target: SoakTarget, recorder: MethodRecorder, tokens: ServiceTokens, creator: SoakUser, seed: number): Promise<PublishedRef> {
  return recorder.timed('publish (job → records)', async () => {
    const prompt = `a paper lantern drifting over a night market, take ${seed}`
    const created = await recorder.timed(ids.AppFramewrightGenerateCreateJob, async () =>
      xrpcCall(target.appview.url, ids.AppFramewrightGenerateCreateJob, {
        headers: { authorization: await tokens.bearer(creator, target.appview.did, ids.AppFramewrightGenerateCreateJob) },
        body: { provider: 'procedural', durationMs: 2_000, prompt, seed },
      }),
    )
    if (created.status !== 200) throw new Error(`createJob answered ${created.status}: ${JSON.stringify(created.body).slice(0, 200)}`)
    const deadline = Date.now() + 180_000
    let job: any
    for (;;) {
      await sleep(1_000)
      const res = await recorder.timed(ids.AppFramewrightGenerateGetJob, async () =>
        xrpcCall(target.appview.url, ids.AppFramewrightGenerateGetJob, {
          params: { id: created.body.id },
          headers: { authorization: await tokens.bearer(creator, target.appview.did, ids.AppFramewrightGenerateGetJob) },
        }),
      )
      if (res.status === 200 && (res.body.status === 'succeeded' || res.body.status === 'failed')) {
        job = res.body
        break
      }
      if (Date.now() > deadline) throw new Error(`job ${created.body.id} did not finish in 180 s`)
    }
    if (job.status === 'failed') throw new Error(`job ${job.id} failed: ${JSON.stringify(job).slice(0, 300)}`)
    const bytes = await recorder.timed('job video (GET result.videoUrl)', async () => {
      const res = await fetch(job.result.videoUrl, { signal: AbortSignal.timeout(60_000) })
      if (!res.ok) throw new Error(`the job's video answered ${res.status}`)
      return new Uint8Array(await res.arrayBuffer())
    })
    const published = await recorder.timed('publishVideo (PDS: uploadBlob + 2 createRecord)', () =>
      publishVideo(creator.agent as never, {
        bytes,
        mimeType: job.result.mimeType,
        text: prompt,
        tags: ['soak'],
        aspectRatio: job.result.aspectRatio,
        durationMs: job.result.durationMs,
        generation: job.result.generation,
        depicts: (job.depicts ?? []).map((subject: string) => ({ subject })),
      }),
    )
    return { uri: published.uri, cid: published.cid, creator: creator.did }
  })
}

/** Where a reader of one feed has got to: the feed, and the cursor of the next page (none: the first). */
export interface FeedReader {
  feed: string
  cursor?: string
  pages: number
}

/** Pages read before a reader goes back to the top of its feed, as people rarely scroll far. */
const PAGES_BEFORE_TOP = 4

/**
 * One page of a feed from the appview (`app.framewright.feed.getFeed`, hydrated) or straight from
 * the feed generator (`app.bsky.feed.getFeedSkeleton`), signed in when `viewer` is given (a token
 * for the feed generator, which the appview passes on). The reader moves on to the next page.
 */
export async function readFeedPage(target: SoakTarget, recorder: MethodRecorder, tokens: ServiceTokens, from: 'appview' | 'feed-generator', reader: FeedReader, viewer?: SoakUser): Promise<void> {
  const nsid = from === 'appview' ? ids.AppFramewrightFeedGetFeed : ids.AppBskyFeedGetFeedSkeleton
  const base = from === 'appview' ? target.appview.url : target.feedGenerator.url
  const headers: Record<string, string> = from === 'appview' ? { 'atproto-accept-labelers': target.labeler.did } : {}
  if (viewer) headers.authorization = await tokens.bearer(viewer, target.feedGenerator.did, ids.AppBskyFeedGetFeedSkeleton)
  const res = await recorder.timed(`${nsid} (${viewer ? 'signed in' : 'anonymous'})`, () => xrpcCall(base, nsid, { params: { feed: reader.feed, limit: 20, cursor: reader.cursor }, headers }))
  const cursor = res.status === 200 ? (res.body.cursor as string | undefined) : undefined
  reader.pages++
  if (!cursor || reader.pages >= PAGES_BEFORE_TOP) {
    reader.cursor = undefined
    reader.pages = 0
  } else {
    reader.cursor = cursor
  }
}

/** What one label subscription saw. */
export interface SubscriptionOutcome {
  frames: number
  labels: number
}

/**
 * Opens com.atproto.label.subscribeLabels (from the start of the log, or live only), reads it for
 * `holdMs`, and closes it. The opening is timed; an error frame, a socket error or the labeler
 * closing first is an error of the method.
 */
export function followLabels(target: SoakTarget, recorder: MethodRecorder, opts: { fromStart: boolean; holdMs: number }): Promise<SubscriptionOutcome> {
  const method = `${ids.ComAtprotoLabelSubscribeLabels} (${opts.fromStart ? 'cursor=0' : 'live'}; open)`
  const url = `${target.labeler.url.replace(/^http/, 'ws')}/xrpc/${ids.ComAtprotoLabelSubscribeLabels}${opts.fromStart ? '?cursor=0' : ''}`
  return new Promise((resolve) => {
    const start = performance.now()
    const outcome: SubscriptionOutcome = { frames: 0, labels: 0 }
    let openedMs: number | undefined
    let failure: string | undefined
    let closing = false
    const ws = new WebSocket(url)
    const timer = setTimeout(() => {
      closing = true
      ws.close(1000)
    }, opts.holdMs)
    ws.on('open', () => (openedMs = performance.now() - start))
    ws.on('message', (data: Buffer) => {
      outcome.frames++
      try {
        const [header, rest] = decodeFirst(new Uint8Array(data)) as [{ op?: number }, Uint8Array]
        const body = decode(rest) as { labels?: unknown[]; error?: string; message?: string }
        if (header.op === -1) failure ??= `error frame ${body.error}: ${body.message ?? ''}`
        outcome.labels += body.labels?.length ?? 0
      } catch (err) {
        failure ??= `undecodable frame: ${String(err)}`
      }
    })
    ws.on('error', (err) => (failure ??= `socket error: ${err.message}`))
    ws.on('close', (code) => {
      clearTimeout(timer)
      if (openedMs === undefined) failure ??= 'closed before it opened'
      else if (!closing) failure ??= `closed by the labeler (code ${code}) after ${((performance.now() - start) / 1000).toFixed(1)} s`
      // One record per subscription: the time it took to open (or to fail, if it never did), and whether it went wrong.
      recorder.record(method, openedMs ?? performance.now() - start, failure)
      resolve(outcome)
    })
  })
}

const REASONS = ['spam', 'misleading', 'sexual', 'rude', 'violation', 'other'].map((r) => `com.atproto.moderation.defs#reason${r[0]!.toUpperCase()}${r.slice(1)}`)

/**
 * A report to the labeler (`com.atproto.moderation.createReport`, a service JWT from the
 * reporter's PDS): a published video when there is one, otherwise an account, each report a
 * reason type picked by `random`.
 */
export async function sendReport(target: SoakTarget, recorder: MethodRecorder, tokens: ServiceTokens, reporter: SoakUser, subject: PublishedRef | { did: string }, random: () => number): Promise<void> {
  const reasonType = REASONS[Math.floor(random() * REASONS.length)]!
  await recorder.timed(ids.ComAtprotoModerationCreateReport, async () =>
    xrpcCall(target.labeler.url, ids.ComAtprotoModerationCreateReport, {
      headers: { authorization: await tokens.bearer(reporter, target.labeler.did, ids.ComAtprotoModerationCreateReport) },
      body: {
        reasonType,
        reason: 'soak benchmark report',
        subject: 'uri' in subject ? { $type: 'com.atproto.repo.strongRef', uri: subject.uri, cid: subject.cid } : { $type: 'com.atproto.admin.defs#repoRef', did: subject.did },
      },
    }),
  )
}

/**
 * Runs `step` every `intervalMs` until `untilMs` (a Date.now() time), one at a time: a step that
 * takes longer than the interval delays the next rather than piling up (a soak keeps its load
 * moderate). A failed step is already recorded; the lane goes on.
 */
export async function paced(intervalMs: number, untilMs: number, step: (n: number) => Promise<unknown>, offsetMs = 0): Promise<void> {
  await sleep(offsetMs)
  for (let n = 0, next = Date.now(); Date.now() < untilMs; n++) {
    await step(n).catch(() => undefined)
    next = Math.max(next + intervalMs, Date.now())
    await sleep(Math.min(next, untilMs) - Date.now())
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)))
}
