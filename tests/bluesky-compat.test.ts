import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ids } from '@atproto/api'
import { ReferenceAppview } from './helpers/bsky-appview'
import { LabelIngester } from './helpers/label-ingester'
import { createUser, serviceAuth, stack, waitFor, xrpc } from './helpers/network'
import { makeVideo } from './helpers/videos'

/**
 * What a Bluesky client sees of Framewright: Bluesky's reference appview (@atproto/bsky) indexes
 * our PDS's firehose, asks our feed generator for skeletons and serves our labeler's labels.
 * It needs Postgres, so it runs only where FRAMEWRIGHT_TEST_POSTGRES_URL says where one is.
 */
const postgresUrl = process.env.FRAMEWRIGHT_TEST_POSTGRES_URL
if (!postgresUrl) {
  // On a laptop without Postgres a skip is fine; in CI it would hide that the test never ran.
  if (process.env.CI === 'true') {
    throw new Error('bluesky-compat: FRAMEWRIGHT_TEST_POSTGRES_URL is not set, and in CI (CI=true) this test must run, not skip: the reference Bluesky appview needs a Postgres server')
  }
  console.warn('bluesky-compat: skipped, FRAMEWRIGHT_TEST_POSTGRES_URL is not set (the reference Bluesky appview needs a Postgres server)')
}

const creationFirst = () => stack().feeds.find((f) => f.uri.endsWith('/app.bsky.feed.generator/creation-first'))!
const freshFeed = () => stack().feeds.find((f) => f.uri.endsWith('/app.bsky.feed.generator/fresh'))!

/** A schema name the reference appview accepts (letters and '_'), new for every run. */
function uniqueSchema(): string {
  const letters = [...randomBytes(10)].map((b) => String.fromCharCode(97 + (b % 26))).join('')
  return `framewright_compat_${letters}`
}

describe.skipIf(!postgresUrl)('the reference Bluesky appview on our network', () => {
  let bsky: ReferenceAppview
  let labels: LabelIngester

  beforeAll(async () => {
    const { plc, pds, labeler, appview } = stack().services
    bsky = await ReferenceAppview.create({
      postgresUrl: postgresUrl!,
      schema: uniqueSchema(),
      plcUrl: plc.url,
      firehoseUrl: pds.url.replace(/^http/, 'ws'),
      labelerDids: [stack().labelerDid],
      mediaUrl: appview.url,
    })
    labels = await LabelIngester.start({ labelerUrl: labeler.url, labelerDid: stack().labelerDid, plcUrl: plc.url, pool: bsky.db.pool })
  })

  afterAll(async () => {
    await labels?.destroy()
    await bsky?.destroy()
  })

  /** Pages through a feed on the reference appview as a Bluesky client would, until found() matches. */
  async function findInFeed(feed: string, headers: Record<string, string>, found: (item: any) => boolean) {
    let cursor: string | undefined
    for (let page = 0; page < 20; page++) {
      const res = await xrpc(bsky.url, ids.AppBskyFeedGetFeed, { params: { feed, limit: 100, cursor }, headers })
      if (res.status !== 200) throw new Error(`getFeed: ${res.status} ${JSON.stringify(res.body)}`)
      const item = res.body.feed.find(found)
      if (item) return item
      cursor = res.body.cursor
      if (!cursor) return undefined
    }
    return undefined
  }

  it('getFeedGenerator: resolves our did:web feed generator and describes the feed', async () => {
    const { feedGenerator } = stack().services
    const res = await waitFor('the feed generator record indexed by the reference appview', async () => {
      const r = await xrpc(bsky.url, ids.AppBskyFeedGetFeedGenerator, { params: { feed: creationFirst().uri } })
      return r.status === 200 ? r : undefined
    }, 60_000)
    expect(res.body.isOnline).toBe(true)
    expect(res.body.isValid).toBe(true)
    expect(res.body.view).toMatchObject({
      uri: creationFirst().uri,
      did: feedGenerator.did,
      displayName: creationFirst().displayName,
      creator: { did: stack().feedPublisher.did },
      contentMode: 'app.bsky.feed.defs#contentModeVideo',
    })
  })

  it('getFeed: our creation-first feed, through the reference appview, lists a new video with its embed hydrated', async () => {
    const creator = await createUser('bskmaker')
    const viewer = await createUser('bskviewer')
    const prompt = 'a lantern drifting over a frozen lake'
    const video = await makeVideo(creator, { prompt, seed: 7 })
    const { data: companion } = await creator.agent.com.atproto.repo.getRecord({
      repo: creator.did,
      collection: 'app.bsky.feed.post',
      rkey: video.crosspost.uri.split('/').pop()!,
    })
    const blobCid = (companion.value as any).embed.video.ref.toString()

    // The reference appview indexes the firehose in its own time (slower late in a busy run): wait
    // for it to know the post with a cheap look-up, so the costly feed walk below runs only then.
    await waitFor('the companion post indexed by the reference appview', async () => {
      const res = await xrpc(bsky.url, ids.AppBskyFeedGetPosts, { params: { uris: [video.crosspost.uri] } })
      return res.status === 200 && res.body.posts.length === 1
    }, 90_000)

    // What a PDS with a Bluesky appview sends on for app.bsky.feed.getFeed: the viewer's token,
    // minted for the feed generator's DID and getFeedSkeleton, which the appview passes through.
    const item = await waitFor(
      'the companion post in the reference appview feed',
      async () => {
        const token = await serviceAuth(viewer, stack().services.feedGenerator.did, ids.AppBskyFeedGetFeedSkeleton)
        return findInFeed(creationFirst().uri, { authorization: `Bearer ${token}` }, (i) => i.post.uri === video.crosspost.uri)
      },
      45_000,
    )
    expect(item.post.cid).toBe(video.crosspost.cid)
    expect(item.post.author.did).toBe(creator.did)
    expect(item.post.record.text).toContain(prompt)
    expect(item.post.embed).toMatchObject({
      $type: 'app.bsky.embed.video#view',
      cid: blobCid,
      aspectRatio: video.job.result.aspectRatio,
    })

    // The view points Bluesky clients at our appview's media routes, and those serve the video.
    const playlist = await fetch(item.post.embed.playlist)
    expect(playlist.status).toBe(200)
    expect(playlist.headers.get('content-type')).toBe('video/mp4')
    const bytes = new Uint8Array(await playlist.arrayBuffer())
    expect(new TextDecoder().decode(bytes.slice(4, 8))).toBe('ftyp')
    const thumbnail = await fetch(item.post.embed.thumbnail)
    expect(thumbnail.status).toBe(200)
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg')

    // Logged-out Bluesky readers call the appview without a token: the feed serves them too.
    const anonymous = await xrpc(bsky.url, ids.AppBskyFeedGetFeed, { params: { feed: creationFirst().uri, limit: 10 } })
    expect(anonymous.status).toBe(200)
    expect(anonymous.body.feed.length).toBeGreaterThan(0)

    // Every item of our skeleton survives the appview's hydration, with its feedContext, except a
    // post the appview shows nobody (an earlier test in this network may have had a video taken down,
    // and the reference appview applies our labeler's takedowns). The appview indexes the firehose on
    // its own schedule, so this is allowed to converge.
    const page = async (nsid: string, base: string) => {
      const token = await serviceAuth(viewer, stack().services.feedGenerator.did, ids.AppBskyFeedGetFeedSkeleton)
      return xrpc(base, nsid, { params: { feed: creationFirst().uri, limit: 30 }, headers: { authorization: `Bearer ${token}` } })
    }
    const shown = async (uris: string[]) => {
      const res = await xrpc(bsky.url, ids.AppBskyFeedGetPosts, { params: { uris } })
      return new Set<string>(res.status === 200 ? res.body.posts.map((p: { uri: string }) => p.uri) : [])
    }
    const { skeleton, hydrated } = await waitFor('every skeleton item hydrated by the reference appview', async () => {
      const [skeleton, hydrated] = [await page(ids.AppBskyFeedGetFeedSkeleton, stack().services.feedGenerator.url), await page(ids.AppBskyFeedGetFeed, bsky.url)]
      const posts: string[] = skeleton.body.feed.map((i: any) => i.post)
      const visible = await shown(posts)
      // Every hydrated item comes from the skeleton, and nearly every post the appview shows anyone is
      // hydrated: late in a busy run, one of the page's authors may be mid-way through a change (a
      // takedown, a deactivation) that getPosts and getFeed see a moment apart.
      const shownPosts = posts.filter((p) => visible.has(p))
      const got: string[] = hydrated.status === 200 ? hydrated.body.feed.map((i: any) => i.post.uri) : []
      const ok = hydrated.status === 200 && got.every((u) => posts.includes(u)) && got.length >= Math.ceil(shownPosts.length * 0.8)
      return ok ? { skeleton, hydrated } : undefined
    }, 60_000)
    // Taken down or not, most of a page is ours to show.
    expect(hydrated.body.feed.length).toBeGreaterThanOrEqual(Math.min(skeleton.body.feed.length, 5))
    expect(skeleton.body.feed.length).toBeGreaterThan(0)
    // Everything a Bluesky appview is handed is a post it can hydrate.
    for (const item of skeleton.body.feed) expect(item.post).toMatch(/^at:\/\/did:[^/]+\/app\.bsky\.feed\.post\/[^/]+$/)
    const contexts = new Map(skeleton.body.feed.map((i: any) => [i.post, i.feedContext]))
    for (const i of hydrated.body.feed) expect(i.feedContext).toBe(contexts.get(i.post.uri))
  }, 240_000)

  it('labels: ai-video on every video post, likeness-unconsented on a deepfake, only for viewers who accept our labeler', async () => {
    const subject = await createUser('bsksubj')
    const deepfaker = await createUser('bskfake')
    const honest = await createUser('bskplain')
    // The generation service would refuse to render the subject; the record claims them anyway.
    const deepfake = await makeVideo(deepfaker, { prompt: 'someone else, saying things they never said', claimDepicts: [subject.did] })
    const plain = await makeVideo(honest, { prompt: 'a kite over a windy beach' })
    const labelerDid = stack().labelerDid
    const accept = { 'atproto-accept-labelers': labelerDid }
    // provenance-* come from the scan of each file's own C2PA manifest, in its own time: not what this test is about.
    const vals = (post: any) =>
      (post.labels ?? []).filter((l: any) => l.src === labelerDid && !l.val.startsWith('provenance-')).map((l: any) => l.val).sort()

    const posts = await waitFor(
      'our labels on both companion posts in the reference appview',
      async () => {
        const res = await xrpc(bsky.url, ids.AppBskyFeedGetPosts, { params: { uris: [deepfake.crosspost.uri, plain.crosspost.uri] }, headers: accept })
        const [fake, real] = [deepfake, plain].map((v) => res.body.posts?.find((p: any) => p.uri === v.crosspost.uri))
        return fake && real && vals(fake).includes('likeness-unconsented') && vals(real).includes('ai-video') ? { res, fake, real } : undefined
      },
      45_000,
    )
    expect(vals(posts.fake)).toEqual(['ai-video', 'likeness-unconsented'])
    expect(vals(posts.real)).toEqual(['ai-video'])
    expect(posts.res.headers.get('atproto-content-labelers')).toContain(labelerDid)
    expect(posts.fake.labels.every((l: any) => l.uri === deepfake.crosspost.uri)).toBe(true)

    // A viewer who accepts only some other labeler sees none of ours.
    const elsewhere = await xrpc(bsky.url, ids.AppBskyFeedGetPosts, {
      params: { uris: [deepfake.crosspost.uri] },
      headers: { 'atproto-accept-labelers': 'did:plc:someotherlabelerxxxxxxxxx' },
    })
    expect(elsewhere.status).toBe(200)
    expect(vals(elsewhere.body.posts[0])).toEqual([])

    // Every video in our Fresh feed (which lists everything), seen through Bluesky, is labeled ai-video.
    const everything = await waitFor('ai-video on every post of the Fresh feed', async () => {
      const res = await xrpc(bsky.url, ids.AppBskyFeedGetFeed, { params: { feed: freshFeed().uri, limit: 100 }, headers: accept })
      return res.status === 200 && res.body.feed.length > 0 && res.body.feed.every((i: any) => vals(i.post).includes('ai-video')) ? res.body.feed : undefined
    }, 45_000)
    expect(everything.map((i: any) => i.post.uri)).toContain(plain.crosspost.uri)

    // Everything the stand-in ingester took in was signed by our labeler's #atproto_label key.
    expect(labels.rejected).toEqual([])
    expect(labels.failures).toEqual([])
    expect(labels.error).toBeUndefined()
    expect(labels.accepted).toBeGreaterThan(0)
  }, 150_000)
})
