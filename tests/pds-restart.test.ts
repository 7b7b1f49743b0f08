import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { feedUri } from '@framewright/feed-generator'
import { waitFor, xrpc, type TestUser } from './helpers/network'
import { PrivateNetwork } from './helpers/private-network'
import { TcpGate } from './helpers/tcp-gate'
import { alive, killed, serving, spawnService, type ServiceName, type ServiceProcess } from './helpers/processes'
import { quickVideo } from './helpers/videos'

/**
 * The PDS whose firehose every service follows goes away mid-stream and comes back (same data
 * folder, same port), as an operator's restart or a crash would do it. The services, which keep
 * running, reconnect and resume from their cursor: nothing published after the restart is missed
 * (videos are written after it is back and before any of them may reconnect), nothing is taken twice.
 * The network is this file's own: the suite's PDS must stay up for every other file.
 */
let net: PrivateNetwork
/** The services reach the firehose through this, so that the test decides when they can reconnect. */
let gate: TcpGate
const procs = new Map<ServiceName, ServiceProcess>()
const urlOf = (service: ServiceName) => net.url(service === 'feed-generator' ? 'feedgen' : service)

beforeAll(async () => {
  net = await PrivateNetwork.start('pdsrestart')
  gate = await TcpGate.start(net.ports.pds)
  for (const service of ['labeler', 'feed-generator', 'appview'] as const) {
    const proc = spawnService(service, `pds-restart-${service}`, net.serviceEnv(service, { FRAMEWRIGHT_FEEDGEN_ANONYMOUS_DEPTH: '10000', FRAMEWRIGHT_FIREHOSE_URL: `ws://127.0.0.1:${gate.port}` }))
    procs.set(service, proc)
    await serving(proc, urlOf(service))
  }
}, 300_000)

afterAll(async () => {
  for (const proc of procs.values()) await killed(proc)
  await gate?.destroy()
  await net?.destroy()
})

/** The fresh feed's whole skeleton, from the feed generator. */
async function fresh(): Promise<string[]> {
  const posts: string[] = []
  let cursor: string | undefined
  do {
    const res = await xrpc(urlOf('feed-generator'), ids.AppBskyFeedGetFeedSkeleton, { params: { feed: feedUri(net.made.publisher.did, 'fresh'), limit: 100, cursor } })
    if (res.status !== 200) throw new Error(`getFeedSkeleton: ${res.status} ${JSON.stringify(res.body)}`)
    posts.push(...res.body.feed.map((i: { post: string }) => i.post))
    cursor = res.body.cursor
  } while (cursor)
  return posts
}

/** Whether every service has taken in every one of these videos: in the feed (once), in the appview, labelled. */
async function everywhere(videos: { uri: string; crosspost: { uri: string } }[]): Promise<{ feed: string[]; indexed: number; labelled: number }> {
  const feed = await fresh()
  let indexed = 0
  for (let i = 0; i < videos.length; i += 25) {
    const res = await xrpc(urlOf('appview'), ids.AppFramewrightVideoGetVideos, { params: { uris: videos.slice(i, i + 25).map((v) => v.uri) } })
    indexed += res.body.videos?.length ?? 0
  }
  const labels = await xrpc(urlOf('labeler'), ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: videos.map((v) => v.uri), limit: 250 } })
  const labelled = new Set((labels.body.labels ?? []).filter((l: { val: string }) => l.val === 'ai-video').map((l: { uri: string }) => l.uri)).size
  return { feed, indexed, labelled }
}

describe('the PDS restarted mid-stream', () => {
  it('services following its firehose resume from their cursor and miss nothing published after it came back', { timeout: 300_000 }, async () => {
    const creator: TestUser = await net.createUser('restart')
    const before = [await quickVideo(creator, { prompt: 'before the restart 1' }), await quickVideo(creator, { prompt: 'before the restart 2' })]
    await waitFor('every service to have the first videos', async () => {
      const seen = await everywhere(before)
      return seen.feed.length === 2 && seen.indexed === 2 && seen.labelled === 2
    }, 120_000)
    const cursors = new Map<ServiceName, number>()
    for (const service of procs.keys()) cursors.set(service, (await xrpc(urlOf(service), ids.AppFramewrightIngestGetStatus)).body.cursor)

    await net.stopPds()
    // Down: the services' sockets are gone (each notices and retries), and they keep serving.
    for (const service of procs.keys()) expect((await fetch(`${urlOf(service)}/xrpc/_health`)).ok, `${service} serving while the PDS is down`).toBe(true)
    // Back, with videos written before any service has reconnected: held off at the gate until then,
    // since a service that wins the race to reconnect would see them live, cursor or not.
    gate.close()
    await net.startPds()
    const after: typeof before = []
    for (let i = 0; i < 5; i++) after.push(await quickVideo(creator, { prompt: `after the restart ${i}` }))
    gate.reopen()
    const all = [...before, ...after]

    let seen = { feed: [] as string[], indexed: 0, labelled: 0 }
    await waitFor('every service to have every video', async () => {
      seen = await everywhere(all)
      return seen.feed.length >= all.length && seen.indexed === all.length && seen.labelled === all.length
    }, 180_000).catch(() => undefined)
    expect([...seen.feed].sort(), 'the fresh feed: each video once').toEqual(all.map((v) => v.crosspost.uri).sort())
    expect(seen.indexed, 'videos the appview indexed').toBe(all.length)
    expect(seen.labelled, 'videos the labeler labelled ai-video').toBe(all.length)
    for (const [service, proc] of procs) {
      expect(alive(proc), `${service} still the process it was`).toBe(true)
      // Resumed from where it was (the PDS's sequence carried on across its restart), not from the start.
      const status = (await xrpc(urlOf(service), ids.AppFramewrightIngestGetStatus)).body
      expect(status.cursor, `${service}'s cursor`).toBeGreaterThan(cursors.get(service)!)
      expect(status.reconnects, `${service} reconnected`).toBeGreaterThanOrEqual(1)
      expect(status.deadLetters ?? 0, `${service}'s dead letters`).toBe(0)
    }
  })
})
