import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { createUser, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { makeVideo } from './helpers/videos'

const freshFeed = () => stack().feeds.find((f) => f.uri.endsWith('/fresh'))!.uri

async function skeletonPosts(): Promise<string[]> {
  const res = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: freshFeed(), limit: 100 } })
  return res.body.feed.map((i: { post: string }) => i.post)
}

async function labelsOn(uri: string): Promise<string[]> {
  const res = await xrpc(stack().services.labeler.url, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: [uri] } })
  return res.body.labels.map((l: { val: string }) => l.val)
}

/** Which detector each label in force on a subject came from (val → detector). */
async function detectorsOn(uri: string): Promise<Record<string, string>> {
  const res = await xrpc(stack().services.labeler.url, ids.AppFramewrightLabelerExplainLabel, { params: { uri } })
  const inForce = res.body.explanations.filter((e: { label: { neg?: boolean } }) => !e.label.neg)
  return Object.fromEntries(inForce.map((e: { label: { val: string }; detector: string }) => [e.label.val, e.detector]))
}

/**
 * A companion post whose video is gone is a plain Bluesky video post: what the video's detectors put
 * there is withdrawn, and it gets what any post of the same bytes gets (their C2PA manifest says an
 * AI made them), whether or not it was scanned before its video arrived.
 */
async function judgedAsPlainPost(postUri: string): Promise<void> {
  const plain = { 'ai-video': 'c2pa-post', 'provenance-verified': 'c2pa-post' }
  // Compared as maps: the explanations come in no promised order.
  await waitFor('the former companion post judged by its own bytes', async () => isDeepStrictEqual(await detectorsOn(postUri), plain), 40_000)
  expect((await labelsOn(postUri)).sort()).toEqual(Object.keys(plain))
}

/** Writes a record straight to the PDS, skipping every check our client would make. */
async function rawVideoRecord(user: TestUser, record: Record<string, unknown>): Promise<{ uri: string; cid: string }> {
  const { data } = await user.agent.com.atproto.repo.createRecord({
    repo: user.did,
    collection: ids.AppFramewrightVideoPost,
    record: { $type: ids.AppFramewrightVideoPost, createdAt: new Date().toISOString(), ...record },
    validate: false,
  })
  return data
}

describe('hostile records on the firehose', () => {
  it('invalid video records are not indexed, and ingestion goes on past them', async () => {
    const user = await createUser('hostile')
    const { data: text } = await user.agent.com.atproto.repo.uploadBlob(new TextEncoder().encode('definitely not a video'), { encoding: 'text/plain' })
    const generation = { provider: 'procedural', model: 'm', prompt: 'p', generatedAt: new Date().toISOString(), sourceType: 'ai-generated' }
    const wrongMime = await rawVideoRecord(user, { video: text.blob, generation })
    const noGeneration = await rawVideoRecord(user, { video: text.blob })
    const valid = await makeVideo(user, { prompt: 'written after two broken records' })

    await waitFor('the valid video after the broken ones', async () => (await skeletonPosts()).includes(valid.crosspost.uri))
    const posts = await skeletonPosts()
    expect(posts).not.toContain(wrongMime.uri)
    expect(posts).not.toContain(noGeneration.uri)
    await waitFor('labels on the valid video', async () => (await labelsOn(valid.uri)).includes('ai-video'))
    expect(await labelsOn(wrongMime.uri)).toEqual([])
    const views = await xrpc(stack().services.appview.url, ids.AppFramewrightVideoGetVideos, { params: { uris: [wrongMime.uri, valid.uri] } })
    expect(views.body.videos.map((v: { uri: string }) => v.uri)).toEqual([valid.uri])
  })

  it('a video that becomes invalid leaves the feeds and loses its labels', async () => {
    const user = await createUser('mutate')
    const video = await makeVideo(user, { prompt: 'about to be vandalised' })
    await waitFor('the video labeled', async () => (await labelsOn(video.uri)).includes('ai-video'))
    const rkey = video.uri.split('/').pop()!
    const { data: current } = await user.agent.com.atproto.repo.getRecord({ repo: user.did, collection: ids.AppFramewrightVideoPost, rkey })
    await user.agent.com.atproto.repo.putRecord({
      repo: user.did,
      collection: ids.AppFramewrightVideoPost,
      rkey,
      record: { ...(current.value as object), generation: 'not an object' },
      validate: false,
    })
    await waitFor('the video to leave the feed', async () => !(await skeletonPosts()).includes(video.crosspost.uri))
    await waitFor('its labels negated', async () => (await labelsOn(video.uri)).length === 0)
    // On the companion post, the video's labels go (Bluesky clients must not show them for a video gone).
    await judgedAsPlainPost(video.crosspost.uri)
  })

  it('a deleted video takes its labels off its companion post too', async () => {
    const user = await createUser('regret')
    const video = await makeVideo(user, { prompt: 'posted in haste' })
    await waitFor('the companion post labeled', async () => (await labelsOn(video.crosspost.uri)).includes('ai-video'))
    await user.agent.com.atproto.repo.deleteRecord({ repo: user.did, collection: ids.AppFramewrightVideoPost, rkey: video.uri.split('/').pop()! })
    await judgedAsPlainPost(video.crosspost.uri)
    expect(await labelsOn(video.uri)).toEqual([])
  })

  it('a companion post in someone else\'s repo is ignored: our labels never land on a stranger\'s post', async () => {
    const victim = await createUser('victim')
    const { data: victimPost } = await victim.agent.com.atproto.repo.createRecord({
      repo: victim.did,
      collection: 'app.bsky.feed.post',
      record: { $type: 'app.bsky.feed.post', text: 'just a normal post', createdAt: new Date().toISOString() },
    })
    const attacker = await createUser('attacker')
    const real = await makeVideo(attacker, { prompt: 'a video whose record points at a stranger' })
    const rkey = real.uri.split('/').pop()!
    const { data: current } = await attacker.agent.com.atproto.repo.getRecord({ repo: attacker.did, collection: ids.AppFramewrightVideoPost, rkey })
    await attacker.agent.com.atproto.repo.putRecord({
      repo: attacker.did,
      collection: ids.AppFramewrightVideoPost,
      rkey,
      record: { ...(current.value as object), crosspost: { uri: victimPost.uri, cid: victimPost.cid } },
    })
    // The video leaves the feed (it has no companion post of its own for Bluesky appviews to show),
    // and the stranger's post is never listed in its place.
    await waitFor('the video to leave the feed', async () => !(await skeletonPosts()).includes(real.crosspost.uri))
    const posts = await skeletonPosts()
    expect(posts).not.toContain(victimPost.uri)
    expect(posts).not.toContain(real.uri)
    expect(await labelsOn(victimPost.uri)).toEqual([])
  })

  it('a likeness grant under another record key is ignored', async () => {
    const subject = await createUser('sneaky')
    const creator = await createUser('hopeful')
    await subject.agent.com.atproto.repo.createRecord({
      repo: subject.did,
      collection: ids.AppFramewrightLikenessGrant,
      rkey: 'not-self',
      record: { $type: ids.AppFramewrightLikenessGrant, audience: 'everyone', createdAt: new Date().toISOString() },
    })
    const video = await makeVideo(creator, { prompt: 'hoping the odd grant counts', claimDepicts: [subject.did] })
    await waitFor('the unconsented label', async () => (await labelsOn(video.uri)).includes('likeness-unconsented'))
  })
})
