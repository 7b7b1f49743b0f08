import { describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { createUser, feedUri, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { putGrant, quickVideo } from './helpers/videos'

const fresh = async () => {
  const res = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: feedUri('fresh'), limit: 100 } })
  return (res.body.feed as { post: string }[]).map((i) => i.post)
}
const creationFirst = async () => {
  const res = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: feedUri('creation-first'), limit: 100 } })
  return (res.body.feed as { post: string }[]).map((i) => i.post)
}
const views = async (uri: string) => {
  const res = await xrpc(stack().services.appview.url, ids.AppFramewrightVideoGetVideos, { params: { uris: [uri] } })
  return (res.body.videos as { uri: string }[]).map((v) => v.uri)
}
const depicting = async (actor: string) => {
  const res = await xrpc(stack().services.appview.url, ids.AppFramewrightLikenessGetDepicting, { params: { actor } })
  return res.body.videos as { uri: string; depicts: { subject: { did: string }; consent: { consented: boolean; reason: string } }[] }[]
}
const labels = async (uri: string) => {
  const res = await xrpc(stack().services.labeler.url, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: [uri] } })
  return (res.body.labels as { val: string }[]).map((l) => l.val).sort()
}

async function follow(from: TestUser, to: TestUser) {
  await from.agent.com.atproto.repo.createRecord({
    repo: from.did,
    collection: 'app.bsky.graph.follow',
    record: { $type: 'app.bsky.graph.follow', subject: to.did, createdAt: new Date().toISOString() },
  })
}

describe('accounts and identities, live', () => {
  it('a deactivated account’s videos leave every feed and view, and come back when it is reactivated', async () => {
    const subject = await createUser('pictured')
    const creator = await createUser('dormant')
    await putGrant(subject, { audience: 'everyone' })
    const video = await quickVideo(creator, { prompt: 'soon to go quiet', depicts: [subject.did] })
    const everywhere = async () =>
      (await fresh()).includes(video.crosspost.uri) && (await views(video.uri)).includes(video.uri) && (await depicting(subject.did)).some((v) => v.uri === video.uri)
    await waitFor('the video in the feed, the appview and getDepicting', everywhere)
    await waitFor('its labels', async () => (await labels(video.uri)).includes('ai-video'))

    await creator.agent.com.atproto.server.deactivateAccount({})
    await waitFor('the video gone from the feed', async () => !(await fresh()).includes(video.crosspost.uri))
    await waitFor('the video gone from the appview', async () => (await views(video.uri)).length === 0)
    await waitFor('the video gone from getDepicting', async () => !(await depicting(subject.did)).some((v) => v.uri === video.uri))
    // Labels describe the video, not its availability: they stay, for when it comes back.
    expect(await labels(video.uri)).toContain('ai-video')

    await creator.agent.com.atproto.server.activateAccount()
    await waitFor('the video back everywhere', everywhere)
  })

  it('mutuals: follows made before anyone here cared are fetched, and the video is consented', async () => {
    const subject = await createUser('mutual')
    const creator = await createUser('friendly')
    // Both follows happen before the subject holds a grant: no service keeps them from the stream.
    await follow(subject, creator)
    await follow(creator, subject)
    await putGrant(subject, { audience: 'mutuals' })
    const video = await quickVideo(creator, { prompt: 'two friends on a bridge', depicts: [subject.did] })

    const consent = await waitFor('the appview to find them mutuals', async () => {
      const found = (await depicting(subject.did)).find((v) => v.uri === video.uri)?.depicts[0]?.consent
      return found?.consented ? found : undefined
    })
    expect(consent.reason).toBe('grant-mutuals')
    await waitFor('likeness-consented from the labeler', async () => (await labels(video.uri)).includes('likeness-consented'))
    expect(await labels(video.uri)).not.toContain('likeness-unconsented')
    await waitFor('the video in the consented-only feed', async () => (await creationFirst()).includes(video.crosspost.uri))

    // And they stay right afterwards: an unfollow (now followed live) takes the consent away.
    const { data: follows } = await subject.agent.com.atproto.repo.listRecords({ repo: subject.did, collection: 'app.bsky.graph.follow' })
    await subject.agent.com.atproto.repo.deleteRecord({ repo: subject.did, collection: 'app.bsky.graph.follow', rkey: follows.records[0]!.uri.split('/').pop()! })
    await waitFor('likeness-unconsented once they are no longer mutuals', async () => (await labels(video.uri)).includes('likeness-unconsented'))
    const after = (await depicting(subject.did)).find((v) => v.uri === video.uri)?.depicts[0]?.consent
    expect(after).toMatchObject({ consented: false, reason: 'not-mutuals' })
  })
})
