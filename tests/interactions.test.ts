import { describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { createUser, serviceAuth, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { makeVideo, putGrant, putPrefs } from './helpers/videos'

/**
 * The viewer talks back (app.bsky.feed.sendInteractions: "less like this"), and the feeds of people
 * they know (following, friends-cameos), as the feed generator serves them to a signed-in viewer.
 */

const feed = (rkey: string) => stack().feeds.find((f) => f.uri.endsWith(`/app.bsky.feed.generator/${rkey}`))!.uri

interface SkeletonItem {
  post: string
  feedContext?: string
}

/** One skeleton page of a feed, as the viewer's PDS-minted token (or nobody) asks for it. */
async function skeleton(rkey: string, viewer: TestUser | undefined, params: { limit?: number; cursor?: string } = {}) {
  const { feedGenerator } = stack().services
  const headers = viewer ? { authorization: `Bearer ${await serviceAuth(viewer, feedGenerator.did, ids.AppBskyFeedGetFeedSkeleton)}` } : undefined
  const res = await xrpc<{ feed: SkeletonItem[]; cursor?: string }>(feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, {
    params: { feed: feed(rkey), limit: params.limit ?? 100, cursor: params.cursor },
    headers,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}

/** Every item of a feed for a viewer, page by page, to its end (or 10 pages). */
async function allItems(rkey: string, viewer: TestUser | undefined): Promise<SkeletonItem[]> {
  const items: SkeletonItem[] = []
  let cursor: string | undefined
  for (let i = 0; i < 10; i++) {
    const page = await skeleton(rkey, viewer, { cursor })
    items.push(...page.feed)
    cursor = page.cursor
    if (!cursor) break
  }
  return items
}

const posts = (items: SkeletonItem[]) => items.map((i) => i.post)

/** Sends interactions to the feed generator with a token from the viewer's PDS (or the given token). */
async function sendInteractions(viewer: TestUser, interactions: unknown[], token?: string) {
  const { feedGenerator } = stack().services
  const bearer = token ?? (await serviceAuth(viewer, feedGenerator.did, ids.AppBskyFeedSendInteractions))
  return xrpc(feedGenerator.url, ids.AppBskyFeedSendInteractions, {
    headers: { authorization: `Bearer ${bearer}` },
    body: { feed: feed('creation-first'), interactions },
  })
}

describe('less like this (sendInteractions)', () => {
  it('hides the item from that viewer, lowers its creator’s other video and says why; another viewer sees no change', async () => {
    const other = await createUser('bystander')
    const friend = await createUser('friend')
    const rival = await createUser('rival')
    const maker = await createUser('maker')
    const marker = await makeVideo(friend, { prompt: 'a friend waving from a hill' })
    const viewer = await createUser('dislikes')
    // A day's limit wide enough for a whole test run. The prefs are indexed before the viewer's
    // follow (one repo's events in order), and the follow shows in the following feed.
    await putPrefs(viewer, { dailyLimit: 1000 })
    await viewer.agent.follow(friend.did)
    await waitFor('the viewer’s prefs and follow indexed', async () => posts(await allItems('following', viewer)).includes(marker.crosspost.uri))

    const earlier = await makeVideo(rival, { prompt: 'a lantern floating over a pond' })
    const kept = await makeVideo(maker, { prompt: 'a copper robot watering tulips' })
    const disliked = await makeVideo(maker, { prompt: 'a copper robot juggling teacups' })
    const order = (items: SkeletonItem[]) => ({ disliked: posts(items).indexOf(disliked.crosspost.uri), kept: posts(items).indexOf(kept.crosspost.uri), earlier: posts(items).indexOf(earlier.crosspost.uri) })
    await waitFor('all three videos in the anonymous feed', async () => Object.values(order((await skeleton('creation-first', undefined)).feed)).every((i) => i >= 0))
    const before = order(await allItems('creation-first', viewer))
    // Newest first, as for everyone.
    expect(before.earlier).toBeGreaterThanOrEqual(0)
    expect(before.disliked).toBeLessThan(before.kept)
    expect(before.kept).toBeLessThan(before.earlier)

    // Other events are accepted and ignored: seen (never ranked by watch time) and unknown ones.
    const res = await sendInteractions(viewer, [
      { item: kept.crosspost.uri, event: 'app.bsky.feed.defs#interactionSeen' },
      { item: kept.crosspost.uri, event: 'com.example.feed#loveIt' },
      { item: disliked.crosspost.uri, event: 'app.bsky.feed.defs#requestLess', feedContext: 'Recent, from a new creator.' },
    ])
    expect(res.status, JSON.stringify(res.body)).toBe(200)

    const after = await allItems('creation-first', viewer)
    const now = order(after)
    expect(now.disliked).toBe(-1)
    // The maker's other video now ranks below the rival's older one.
    expect(now.earlier).toBeGreaterThanOrEqual(0)
    expect(now.kept).toBeGreaterThan(now.earlier)
    expect(after.find((i) => i.post === kept.crosspost.uri)!.feedContext).toBe(`Recent, from a new creator. Less like this: you asked for less from @${maker.handle}.`)
    // Hidden from the viewer's other feeds too.
    await viewer.agent.follow(maker.did)
    await waitFor('the maker’s kept video in the viewer’s following feed', async () => posts(await allItems('following', viewer)).includes(kept.crosspost.uri))
    expect(posts(await allItems('following', viewer))).not.toContain(disliked.crosspost.uri)
    expect(posts((await skeleton('fresh', viewer)).feed)).not.toContain(disliked.crosspost.uri)
    expect(posts((await skeleton('fresh', other)).feed)).toContain(disliked.crosspost.uri)

    // Someone else's feed is untouched.
    const theirs = await allItems('creation-first', other)
    const o = order(theirs)
    expect(o.disliked).toBeGreaterThanOrEqual(0)
    expect(o.disliked).toBeLessThan(o.kept)
    expect(o.kept).toBeLessThan(o.earlier)
    expect(theirs.find((i) => i.post === kept.crosspost.uri)!.feedContext).toBe('Recent, from a new creator.')
  })

  it('needs the viewer’s service JWT for exactly this method and this generator', async () => {
    const viewer = await createUser('tokens')
    const { feedGenerator, appview } = stack().services
    const item = { item: `at://${viewer.did}/app.bsky.feed.post/3kxyz`, event: 'app.bsky.feed.defs#requestLess' }
    const wrongLxm = await sendInteractions(viewer, [item], await serviceAuth(viewer, feedGenerator.did, ids.AppBskyFeedGetFeedSkeleton))
    expect(wrongLxm.status).toBe(401)
    expect(wrongLxm.body.error).toBe('BadJwtLexiconMethod')
    const wrongAud = await sendInteractions(viewer, [item], await serviceAuth(viewer, appview.did, ids.AppBskyFeedSendInteractions))
    expect(wrongAud.status).toBe(401)
    expect(wrongAud.body.error).toBe('BadJwtAudience')
    const garbage = await sendInteractions(viewer, [item], 'not-a-jwt')
    expect(garbage.status).toBe(401)
    const none = await xrpc(feedGenerator.url, ids.AppBskyFeedSendInteractions, { body: { interactions: [item] } })
    expect(none.status).toBe(401)
    expect(none.body.error).toBe('AuthMissing')
  })

  it('refuses a malformed item with a named error, and nothing is stored', async () => {
    const viewer = await createUser('malformed')
    const res = await sendInteractions(viewer, [{ item: `at://${viewer.did}/app.bsky.feed.post`, event: 'app.bsky.feed.defs#requestLess' }])
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('InvalidItem')
    const notUri = await sendInteractions(viewer, [{ item: 'https://example.com/x', event: 'app.bsky.feed.defs#requestLess' }])
    expect(notUri.status).toBe(400)
  })
})

describe('feeds of people you know', () => {
  it('following lists only videos by creators the viewer follows, newest first', async () => {
    const followed = await createUser('followed')
    const stranger = await createUser('stranger')
    const viewer = await createUser('follower')
    const first = await makeVideo(followed, { prompt: 'a paper crane unfolding' })
    const notFollowed = await makeVideo(stranger, { prompt: 'a stranger’s kite' })
    const second = await makeVideo(followed, { prompt: 'a paper crane flying home' })
    await viewer.agent.follow(followed.did)

    const items = await waitFor('both followed videos in the following feed', async () => {
      const all = await allItems('following', viewer)
      return posts(all).includes(first.crosspost.uri) && posts(all).includes(second.crosspost.uri) ? all : undefined
    })
    expect(posts(items)).toEqual([second.crosspost.uri, first.crosspost.uri])
    expect(posts(items)).not.toContain(notFollowed.crosspost.uri)
    expect(items[0]!.feedContext).toBe('From someone you follow, newest first.')

    // Pages with a keyset cursor, and ends.
    const page1 = await skeleton('following', viewer, { limit: 1 })
    expect(posts(page1.feed)).toEqual([second.crosspost.uri])
    const page2 = await skeleton('following', viewer, { limit: 1, cursor: page1.cursor })
    expect(posts(page2.feed)).toEqual([first.crosspost.uri])
    expect(page2.cursor).toBeUndefined()

    // Anonymous: an empty feed, not an error.
    expect(await skeleton('following', undefined)).toEqual({ feed: [] })
  })

  it('friends-cameos lists a consented video of someone the viewer follows, and not an unconsented one', async () => {
    const friend = await createUser('friend')
    const shy = await createUser('shy')
    const filmmaker = await createUser('filmmaker')
    const viewer = await createUser('fan')
    await putGrant(friend, { audience: 'everyone' })
    await viewer.agent.follow(friend.did)
    await viewer.agent.follow(shy.did)
    // shy has granted nothing: that video is unconsented and stays out.
    const unconsented = await makeVideo(filmmaker, { prompt: 'shy person at a party', claimDepicts: [shy.did] })
    const cameo = await makeVideo(filmmaker, { prompt: 'my friend surfing a giant wave', claimDepicts: [friend.did] })
    const elsewhere = await makeVideo(filmmaker, { prompt: 'an empty beach' })

    const items = await waitFor('the cameo in friends-cameos', async () => {
      const all = await allItems('friends-cameos', viewer)
      return posts(all).includes(cameo.crosspost.uri) ? all : undefined
    })
    expect(posts(items)).toEqual([cameo.crosspost.uri])
    expect(items[0]!.feedContext).toBe('A cameo of someone you follow, with their consent.')
    expect(posts(items)).not.toContain(unconsented.crosspost.uri)
    expect(posts(items)).not.toContain(elsewhere.crosspost.uri)
    expect(await skeleton('friends-cameos', undefined)).toEqual({ feed: [] })
  })
})
