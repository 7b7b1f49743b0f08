import { describe, expect, it } from 'vitest'
import { decode, decodeFirst } from '@atcute/cbor'
import { WebSocket } from 'ws'
import { ids } from '@framewright/lexicons'
import { createUser, serviceAuth, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { makeVideo, putGrant, waitForCoverage } from './helpers/videos'

/**
 * Expiry is a time, not an event: a grant stops covering at its expiresAt, and the feed generator
 * and the labeler notice on their own. A consent label that rests on an expiring grant says when
 * it ends (`exp`). And a subject's rejection disputes a video whether or not it was ever consented.
 */

const labeler = () => stack().services.labeler

async function labelsOn(uri: string): Promise<{ val: string; exp?: string; cts: string }[]> {
  const res = await xrpc(labeler().url, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: [uri] } })
  expect(res.status).toBe(200)
  return res.body.labels
}
const vals = async (uri: string) => (await labelsOn(uri)).map((l) => l.val).filter((v) => v.startsWith('likeness-')).sort()

/** Every label subscribeLabels replays from the start of the log about one subject, until `done` says enough. */
async function replayedLabelsOf(uri: string, done: (labels: { val: string; exp?: string; neg?: boolean }[]) => boolean) {
  const wsUrl = `${labeler().url.replace(/^http/, 'ws')}/xrpc/com.atproto.label.subscribeLabels?cursor=0`
  return new Promise<{ val: string; exp?: string; neg?: boolean }[]>((resolve, reject) => {
    const ws = new WebSocket(wsUrl)
    const seen: { val: string; exp?: string; neg?: boolean }[] = []
    const timer = setTimeout(() => {
      ws.close()
      reject(new Error(`subscribeLabels replayed only ${JSON.stringify(seen)} for ${uri}`))
    }, 20_000)
    ws.on('message', (data: Buffer) => {
      const [, rest] = decodeFirst(new Uint8Array(data))
      const body = decode(rest) as { labels?: { uri: string; val: string; exp?: string; neg?: boolean }[] }
      seen.push(...(body.labels ?? []).filter((l) => l.uri === uri))
      if (done(seen)) {
        clearTimeout(timer)
        ws.close()
        resolve(seen)
      }
    })
    ws.on('error', reject)
  })
}

/** The posts of the subject's own friends-cameos feed ("a cameo: you appear in it, with your consent"). */
async function cameosOf(viewer: TestUser): Promise<string[]> {
  const { feedGenerator } = stack().services
  const feed = stack().feeds.find((f) => f.uri.endsWith('/app.bsky.feed.generator/friends-cameos'))!.uri
  const token = await serviceAuth(viewer, feedGenerator.did, ids.AppBskyFeedGetFeedSkeleton)
  const res = await xrpc(feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed, limit: 100 }, headers: { authorization: `Bearer ${token}` } })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.feed.map((i: { post: string }) => i.post)
}

describe('grants expire on time', () => {
  it('the consent label carries the grant’s expiry; at expiry the feed drops the video and the labeler revokes it, with no new event', async () => {
    const subject = await createUser('fleeting')
    const creator = await createUser('timely')
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString()
    await putGrant(subject, { audience: 'everyone', expiresAt: inAnHour })
    await waitForCoverage(creator, subject)
    const video = await makeVideo(creator, { prompt: 'my friend flying a kite on a windy hill', depicts: [subject.did] })

    const consented = await waitFor('likeness-consented with the grant’s expiry', async () => (await labelsOn(video.uri)).find((l) => l.val === 'likeness-consented'))
    expect(consented.exp).toBe(inAnHour)
    expect((await labelsOn(video.crosspost.uri)).find((l) => l.val === 'likeness-consented')?.exp).toBe(inAnHour)
    await waitFor('the video in the subject’s friends-cameos', async () => (await cameosOf(subject)).includes(video.crosspost.uri))

    // The last event: the grant now runs out in a few seconds. Nothing is written after this.
    const soon = new Date(Date.now() + 8_000).toISOString()
    await putGrant(subject, { audience: 'everyone', expiresAt: soon })
    const reissued = await waitFor('the consent label re-issued with the nearer expiry', async () =>
      (await labelsOn(video.uri)).find((l) => l.val === 'likeness-consented' && l.exp === soon),
    )
    expect(Date.parse(reissued.cts)).toBeLessThan(Date.parse(soon))
    expect(await cameosOf(subject)).toContain(video.crosspost.uri)

    await waitFor('the video to leave the consented feed', async () => !(await cameosOf(subject)).includes(video.crosspost.uri), 30_000)
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(soon))
    await waitFor('likeness-unconsented and likeness-revoked, and the consent no longer in force', async () => {
      const now = await vals(video.uri)
      return now.join() === 'likeness-revoked,likeness-unconsented'
    }, 30_000)
    const explained = await xrpc(labeler().url, ids.AppFramewrightLabelerExplainLabel, { params: { uri: video.uri, val: 'likeness-revoked' } })
    expect(explained.body.explanations[0].reason).toMatch(/had consented to this video until their grant expired: .*likeness grant expired on/)
    // Reasons name people by marker when signed, by handle when read.
    expect(explained.body.explanations[0].reason).toContain(`@${subject.handle} had consented`)
    expect(explained.body.explanations[0].reason).not.toContain('@{')

    // The appview serves what is in force: the expired consent is gone, the new labels are there.
    const view = await waitFor('the appview to carry the new labels', async () => {
      const res = await xrpc(stack().services.appview.url, ids.AppFramewrightVideoGetVideos, { params: { uris: [video.uri] } })
      const v = res.body.videos?.[0]
      return v?.labels.some((l: { val: string }) => l.val === 'likeness-revoked') ? v : undefined
    })
    const served = view.labels.map((l: { val: string }) => l.val)
    expect(served).not.toContain('likeness-consented')
    expect(served).toContain('likeness-unconsented')
    expect(view.depicts[0].consent).toEqual({ consented: false, reason: 'grant-expired' })

    // A subscriber replaying the log gets the expiring consent with its exp, so it never keeps an
    // older version of that label in force.
    const replayed = await replayedLabelsOf(video.uri, (labels) => labels.some((l) => l.val === 'likeness-revoked'))
    expect(replayed.filter((l) => l.val === 'likeness-consented').map((l) => l.exp)).toEqual([inAnHour, soon])
  })
})

describe('rejections', () => {
  it('a subject’s reject of a video that was never consented still adds likeness-disputed', async () => {
    const subject = await createUser('unwilling')
    const creator = await createUser('presumer')
    const video = await makeVideo(creator, { prompt: 'my coworker doing a silly dance', claimDepicts: [subject.did] })
    await waitFor('likeness-unconsented', async () => (await vals(video.uri)).includes('likeness-unconsented'))
    await subject.agent.com.atproto.repo.createRecord({
      repo: subject.did,
      collection: ids.AppFramewrightLikenessReview,
      record: { $type: ids.AppFramewrightLikenessReview, subject: { uri: video.uri, cid: video.cid }, verdict: 'reject', createdAt: new Date().toISOString() },
    })
    await waitFor('likeness-disputed beside likeness-unconsented', async () => (await vals(video.uri)).join() === 'likeness-disputed,likeness-unconsented')
    const explained = await xrpc(labeler().url, ids.AppFramewrightLabelerExplainLabel, { params: { uri: video.uri, val: 'likeness-disputed' } })
    expect(explained.body.explanations[0].reason).toMatch(/rejected this video/)
  })
})
