import { randomBytes } from 'node:crypto'
import { describe, expect, it, onTestFinished } from 'vitest'
import { ids, publishVideo } from '@framewright/lexicons'
import { createUser, feedUri, serviceAuth, stack, type TestUser, waitFor, xrpc } from './helpers/network'
import { makeVideo, putPrefs } from './helpers/videos'

/**
 * A viewer steers the creation-first feed with the feed.prefs record in their own repo, and the
 * feed ends: muted tags, an instruction, and a daily limit, as the feed generator serves them.
 */

const creationFirst = () => feedUri('creation-first')
const unique = (word: string) => `${word}${randomBytes(3).toString('hex').replace(/s/g, 'x')}`

interface SkeletonItem {
  post: string
  feedContext?: string
}

/** One skeleton page, as the viewer's PDS-minted token (or nobody) asks for it. */
async function skeleton(viewer: TestUser | undefined, params: { limit?: number; cursor?: string } = {}) {
  const { feedGenerator } = stack().services
  const headers = viewer ? { authorization: `Bearer ${await serviceAuth(viewer, feedGenerator.did, ids.AppBskyFeedGetFeedSkeleton)}` } : undefined
  const res = await xrpc<{ feed: SkeletonItem[]; cursor?: string }>(feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, {
    params: { feed: creationFirst(), limit: params.limit ?? 100, cursor: params.cursor },
    headers,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}

const posts = (page: { feed: SkeletonItem[] }) => page.feed.map((i) => i.post)

describe('a feed the viewer steers', () => {
  it('muted tags leave a video out of that viewer’s feed only', async () => {
    const tag = unique('mutetag')
    const creator = await createUser('tagger')
    const video = await makeVideo(creator, { prompt: 'a lighthouse made of glass', tags: ['Seaside', tag] })
    const viewer = await createUser('muter')

    // Before any prefs, the signed-in viewer sees it like everyone else.
    await waitFor('the tagged video in the viewer’s feed', async () => posts(await skeleton(viewer)).includes(video.crosspost.uri))

    await putPrefs(viewer, { mutedTags: [tag.toUpperCase()] })
    await waitFor('the muted video to leave the viewer’s feed', async () => !posts(await skeleton(viewer)).includes(video.crosspost.uri))
    const mine = await skeleton(viewer)
    expect(mine.feed.length).toBeGreaterThan(0)
    expect(posts(await skeleton(undefined))).toContain(video.crosspost.uri)
  })

  it('an instruction lifts a video above a newer one, and its feedContext says why', async () => {
    const word = unique('quillwort')
    const creator = await createUser('steered')
    const older = await makeVideo(creator, { prompt: `a field of ${word} at dawn` })
    const newer = await makeVideo(creator, { prompt: 'a field of tulips at dawn' })
    const viewer = await createUser('steerer')

    const order = (page: { feed: SkeletonItem[] }): [number, number] => [posts(page).indexOf(older.crosspost.uri), posts(page).indexOf(newer.crosspost.uri)]
    const [o, n] = await waitFor('both videos in the anonymous feed', async () => {
      const [a, b] = order(await skeleton(undefined))
      return a >= 0 && b >= 0 ? [a, b] : undefined
    })
    expect(n).toBeLessThan(o)

    await putPrefs(viewer, { instruction: `More ${word}, less politics` })
    const page = await waitFor('the boosted video above the newer one', async () => {
      const p = await skeleton(viewer)
      const [a, b] = order(p)
      return a >= 0 && b >= 0 && a < b ? p : undefined
    })
    const item = page.feed.find((i) => i.post === older.crosspost.uri)!
    expect(item.feedContext).toBe(`Recent, from a new creator. Boosted: ${word} (your steering).`)
    expect(page.feed.find((i) => i.post === newer.crosspost.uri)!.feedContext).toBe('Recent, from a new creator.')
  })
})

describe('a feed that ends', () => {
  it('a daily limit of 3: paging ends with no cursor after 3 items, and nothing more that day', async () => {
    const viewer = await createUser('limited')
    await putPrefs(viewer, { dailyLimit: 3 })
    // The feed generator handles one repo's events in order: once the viewer's own video is in
    // the feed, their prefs (written before it) are indexed too.
    const marker = await makeVideo(viewer, { prompt: 'a small clock that says stop' })
    await waitFor('the viewer’s own video in the anonymous feed', async () => posts(await skeleton(undefined)).includes(marker.crosspost.uri))
    expect((await skeleton(undefined, { limit: 2 })).cursor).toBeDefined()

    const served: string[] = []
    let cursor: string | undefined
    const sizes: number[] = []
    for (let i = 0; i < 10; i++) {
      const page = await skeleton(viewer, { limit: 2, cursor })
      served.push(...posts(page))
      sizes.push(page.feed.length)
      cursor = page.cursor
      if (!cursor) break
    }
    expect(sizes).toEqual([2, 1])
    expect(cursor).toBeUndefined()
    expect(new Set(served).size).toBe(3)

    // Asking again the same day from the top: nothing new, and still the end.
    const again = await skeleton(viewer, { limit: 10 })
    expect(again.cursor).toBeUndefined()
    expect(posts(again).every((p) => served.includes(p))).toBe(true)
  })

  it('anonymous readers reach the end too, after the feed generator’s default depth of 100', async () => {
    // More videos than the depth, so that the depth ends the feed, not the index: one render,
    // published 101 times (the PDS keeps one blob).
    const creator = await createUser('prolific')
    const made = await makeVideo(creator, { prompt: 'a hundred paper boats' })
    const bytes = new Uint8Array(await (await fetch(made.job.result.videoUrl)).arrayBuffer())
    const all = [made]
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          const published = await publishVideo(creator.agent as never, {
            bytes,
            mimeType: made.job.result.mimeType,
            text: 'one more paper boat',
            aspectRatio: made.job.result.aspectRatio,
            durationMs: made.job.result.durationMs,
            generation: made.job.result.generation,
          })
          all.push({ ...made, ...published })
        }),
      )
    }
    const newest = all.at(-1)!
    // Taken down again afterwards, so that files run later do not find their videos pushed past the depth.
    onTestFinished(async () => {
      const rkey = (uri: string) => uri.split('/').pop()!
      const writes = all.flatMap((v) => [
        { $type: 'com.atproto.repo.applyWrites#delete' as const, collection: ids.AppFramewrightVideoPost, rkey: rkey(v.uri) },
        { $type: 'com.atproto.repo.applyWrites#delete' as const, collection: 'app.bsky.feed.post', rkey: rkey(v.crosspost.uri) },
      ])
      for (let i = 0; i < writes.length; i += 100) {
        await creator.agent.com.atproto.repo.applyWrites({ repo: creator.did, writes: writes.slice(i, i + 100) })
      }
    })
    // The feed generator handles one repo's events in order: once the newest is in Fresh, all are indexed.
    await waitFor('the last of them at the top of Fresh', async () => {
      const res = await xrpc<{ feed: SkeletonItem[] }>(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: feedUri('fresh'), limit: 10 } })
      return posts(res.body).includes(newest.crosspost.uri)
    })

    let cursor: string | undefined
    const served: string[] = []
    for (let i = 0; i < 200 && (i === 0 || cursor); i++) {
      const page = await skeleton(undefined, { limit: 7, cursor })
      served.push(...posts(page))
      cursor = page.cursor
    }
    expect(cursor).toBeUndefined()
    expect(served).toHaveLength(100)
    expect(new Set(served).size).toBe(100)
  })
})
