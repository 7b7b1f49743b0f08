import { describe, expect, it } from 'vitest'
import { AtpAgent } from '@atproto/api'
import { ids } from '@framewright/lexicons'
import { createUser, serviceAuth, stack, waitFor, xrpc } from './helpers/network'
import { makeVideo } from './helpers/videos'

const feedUri = () => stack().feeds[0]!.uri

/** A page of the appview's hydrated feed, from the viewpoint of the given labelers. */
function appviewFeed(opts: { limit?: number; cursor?: string; headers?: Record<string, string> } = {}) {
  return xrpc(stack().services.appview.url, ids.AppFramewrightFeedGetFeed, {
    params: { feed: feedUri(), limit: opts.limit ?? 100, cursor: opts.cursor },
    headers: opts.headers,
  })
}

describe('the whole loop', () => {
  it('a published video reaches the skeleton and the appview feed, labeled and playable', async () => {
    const creator = await createUser('loop')
    const video = await makeVideo(creator, { prompt: 'a paper boat sailing through clouds', seed: 42 })

    // Feed generator: lists the companion Bluesky post, with a reason.
    const item = await waitFor('the video in the skeleton', async () => {
      const res = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: feedUri(), limit: 100 } })
      return res.body.feed.find((i: { post: string }) => i.post === video.crosspost.uri)
    })
    expect(item.feedContext).toMatch(/new creator/)

    // Appview: the same item, hydrated, with our labeler's ai-video label.
    const view = await waitFor('the video in the appview feed with its ai-video label', async () => {
      const res = await appviewFeed()
      const found = res.body.feed.find((i: any) => i.video.uri === video.uri)
      return found?.video.labels.some((l: any) => l.val === 'ai-video') ? found.video : undefined
    })
    expect(view.creator).toEqual({ did: creator.did, handle: creator.handle })
    expect(view.crosspost).toEqual(video.crosspost)
    expect(view.generation).toMatchObject({ provider: 'procedural', prompt: 'a paper boat sailing through clouds', seed: 42, sourceType: 'ai-generated' })
    expect(view.labels.every((l: any) => l.src === stack().labelerDid)).toBe(true)

    // Video bytes with HTTP Range, as players need.
    const full = await fetch(view.playback.url)
    expect(full.status).toBe(200)
    expect(full.headers.get('content-type')).toBe('video/mp4')
    const bytes = new Uint8Array(await full.arrayBuffer())
    expect(bytes.byteLength).toBeGreaterThan(1000)
    const part = await fetch(view.playback.url, { headers: { range: 'bytes=0-99' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${bytes.byteLength}`)
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.slice(0, 100))
    // An mp4 starts with an ftyp box.
    expect(new TextDecoder().decode(bytes.slice(4, 8))).toBe('ftyp')

    const thumb = await fetch(view.playback.thumbnail)
    expect(thumb.status).toBe(200)
    expect(thumb.headers.get('content-type')).toBe('image/jpeg')
  })

  it('labels follow the labelers the viewer accepts', async () => {
    const res = await appviewFeed({ headers: { 'atproto-accept-labelers': '' } })
    expect(res.status).toBe(200)
    expect(res.body.feed.length).toBeGreaterThan(0)
    expect(res.body.feed.every((i: any) => i.video.labels.length === 0)).toBe(true)

    const withOurs = await appviewFeed({ headers: { 'atproto-accept-labelers': `${stack().labelerDid};redact` } })
    expect(withOurs.headers.get('atproto-content-labelers')).toBe(`${stack().labelerDid};redact`)
    expect(withOurs.body.feed.some((i: any) => i.video.labels.length > 0)).toBe(true)
  })

  it('pages through the feed with cursors: no repeats, and it ends', async () => {
    const seen: string[] = []
    let cursor: string | undefined
    for (let page = 0; page < 50; page++) {
      const res = await appviewFeed({ limit: 2, cursor })
      expect(res.status).toBe(200)
      expect(res.body.feed.length).toBeLessThanOrEqual(2)
      seen.push(...res.body.feed.map((i: any) => i.video.uri))
      cursor = res.body.cursor
      if (!cursor) break
    }
    expect(cursor).toBeUndefined()
    expect(new Set(seen).size).toBe(seen.length)
    const all = await appviewFeed({ limit: 100 })
    expect(seen).toEqual(all.body.feed.map((i: any) => i.video.uri))
  })

  it('the appview serves its did:web document and the feed it offers', async () => {
    const { appview, feedGenerator } = stack().services
    const doc = (await (await fetch(`${appview.url}/.well-known/did.json`)).json()) as { id: string }
    expect(doc.id).toBe(appview.did)
    const feeds = await xrpc(appview.url, ids.AppFramewrightFeedGetSuggestedFeeds)
    expect(feeds.body.feeds).toContainEqual(
      expect.objectContaining({ uri: feedUri(), did: feedGenerator.did, displayName: 'Creation First', acceptsInteractions: true, endpoint: feedGenerator.url }),
    )
    // Every feed we serve is offered, the personal ones included.
    expect(feeds.body.feeds.map((f: { uri: string }) => f.uri)).toEqual(expect.arrayContaining(stack().feeds.map((f) => f.uri)))
  })

  it('a remix names the video and the creator it remixes (seeded: carol remixes alice)', async () => {
    const freshFeed = stack().feeds.find((f) => f.uri.endsWith('/fresh'))!.uri
    // The seeded remix, found in carol's repo (an anonymous Fresh page reaches only so deep, and the rest
    // of the run's videos come first when this file runs late), then hydrated by the appview.
    const pds = new AtpAgent({ service: stack().services.pds.url })
    const { data } = await pds.com.atproto.repo.listRecords({ repo: 'carol.test', collection: ids.AppFramewrightVideoPost, limit: 100 })
    const seeded = data.records.find((r) => (r.value as { remixOf?: unknown }).remixOf)!
    const remixOfUri = (seeded.value as { remixOf: { uri: string } }).remixOf.uri
    const res = await xrpc(stack().services.appview.url, ids.AppFramewrightVideoGetVideos, { params: { uris: [seeded.uri, remixOfUri] } })
    const remix = res.body.videos.find((v: any) => v.uri === seeded.uri)
    expect(remix.remixOf.uri).toBe(remixOfUri)
    expect(remix.remixOfCreator).toMatchObject({ handle: 'alice.test' })
    const original = res.body.videos.find((v: any) => v.uri === remixOfUri)
    expect(original.remixCount).toBeGreaterThanOrEqual(1)
  })

  it('the appview describes the labelers it follows: their label definitions and where to ask them why', async () => {
    const res = await xrpc(stack().services.appview.url, ids.AppFramewrightLabelerGetServices, { params: { dids: [stack().labelerDid] } })
    expect(res.body.views).toHaveLength(1)
    const view = res.body.views[0]
    expect(view).toMatchObject({ did: stack().labelerDid, endpoint: stack().services.labeler.url, creator: { handle: 'labeler.test' } })
    expect(view.policies.labelValueDefinitions).toContainEqual(
      expect.objectContaining({ identifier: 'likeness-unconsented', severity: 'alert', blurs: 'media', defaultSetting: 'warn' }),
    )
  })

  it('a viewer token for the feed generator is verified and passed on', async () => {
    const viewer = await createUser('viewer')
    const token = await serviceAuth(viewer, stack().services.feedGenerator.did, ids.AppBskyFeedGetFeedSkeleton)
    const res = await appviewFeed({ headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    // A token for the appview itself is not a token for the feed generator.
    const wrong = await serviceAuth(viewer, stack().services.appview.did, ids.AppBskyFeedGetFeedSkeleton)
    const rejected = await appviewFeed({ headers: { authorization: `Bearer ${wrong}` } })
    expect(rejected.status).toBe(401)
    expect(rejected.body.error).toBe('BadJwtAudience')
  })
})
