import { describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { createUser, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { makeVideo, putGrant } from './helpers/videos'

const appview = () => stack().services.appview

/** One page of getDepicting, asserting it succeeded. */
async function depicting(actor: string, params: { limit?: number; cursor?: string } = {}) {
  const res = await xrpc(appview().url, ids.AppFramewrightLikenessGetDepicting, { params: { actor, ...params } })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body as { cursor?: string; videos: any[] }
}

/** The depiction of `subject` in the video at `uri`, as getDepicting shows it. */
async function depictionIn(subject: string, uri: string) {
  const { videos } = await depicting(subject)
  return videos.find((v) => v.uri === uri)?.depicts.find((d: any) => d.subject.did === subject)
}

async function writeReview(user: TestUser, video: { uri: string; cid: string }, verdict: 'approve' | 'reject') {
  const { data } = await user.agent.com.atproto.repo.createRecord({
    repo: user.did,
    collection: ids.AppFramewrightLikenessReview,
    record: { $type: ids.AppFramewrightLikenessReview, subject: { uri: video.uri, cid: video.cid }, verdict, createdAt: new Date().toISOString() },
  })
  return data
}

describe('app.framewright.likeness.getDepicting', () => {
  it('lists the videos of a person with their consent state, which follows their grant and reviews', async () => {
    const subject = await createUser('depicted')
    const creator = await createUser('painter')
    const video = await makeVideo(creator, { prompt: 'a friend reading by a rainy window', claimDepicts: [subject.did] })

    const before = await waitFor('the video in getDepicting', async () => depictionIn(subject.did, video.uri))
    expect(before).toMatchObject({ subject: { did: subject.did, handle: subject.handle }, consent: { consented: false, reason: 'no-grant' } })
    expect(before.review).toBeUndefined()
    const listed = (await depicting(subject.did)).videos
    expect(listed.map((v) => v.uri)).toEqual([video.uri])
    expect(listed[0]).toMatchObject({ creator: { did: creator.did }, playback: { url: expect.stringContaining('/video/') } })

    await putGrant(subject, { audience: 'approved', approved: [creator.did] })
    await waitFor('consented once the grant covers the creator', async () => {
      const d = await depictionIn(subject.did, video.uri)
      return d?.consent.consented === true && d.consent.reason === 'grant-approved'
    })

    const review = await writeReview(subject, video, 'reject')
    const rejected = await waitFor('unconsented after the subject rejects it', async () => {
      const d = await depictionIn(subject.did, video.uri)
      return d?.consent.consented === false ? d : undefined
    })
    expect(rejected.consent.reason).toBe('rejected-by-subject')
    expect(rejected.review).toMatchObject({ uri: review.uri, verdict: 'reject' })

    // The other people in the video see the same verdict through any view of it.
    const viaGetVideos = await xrpc(appview().url, ids.AppFramewrightVideoGetVideos, { params: { uris: [video.uri] } })
    expect(viaGetVideos.body.videos[0].depicts[0]).toMatchObject({ consent: { reason: 'rejected-by-subject' }, review: { verdict: 'reject' } })
  })

  it('pages newest first with a cursor that returns each video once', async () => {
    const subject = await createUser('muse')
    const creator = await createUser('prolific')
    const made: string[] = []
    for (let i = 0; i < 3; i++) {
      made.push((await makeVideo(creator, { prompt: `portrait number ${i}`, seed: i, claimDepicts: [subject.did] })).uri)
    }
    // Someone else's video, not of this subject, must not appear.
    await makeVideo(creator, { prompt: 'an empty street at dawn' })
    await waitFor('all three indexed', async () => (await depicting(subject.did)).videos.length === 3)

    const all = (await depicting(subject.did)).videos
    expect(new Set(all.map((v) => v.uri))).toEqual(new Set(made))
    const sortKeys = all.map((v) => `${v.createdAt < v.indexedAt ? v.createdAt : v.indexedAt} ${v.uri}`)
    expect(sortKeys).toEqual([...sortKeys].sort().reverse())

    const paged: string[] = []
    let cursor: string | undefined
    for (let pages = 0; pages < 10; pages++) {
      const page = await depicting(subject.did, { limit: 1, cursor })
      paged.push(...page.videos.map((v) => v.uri))
      cursor = page.cursor
      if (!cursor) break
    }
    expect(paged).toEqual(all.map((v) => v.uri))
  })

  it('answers an empty list for someone nobody depicts', async () => {
    const nobody = await createUser('undepicted')
    expect(await depicting(nobody.did)).toEqual({ videos: [] })
  })

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['base64 of nonsense', Buffer.from('hello').toString('base64url')],
    ['a feed generator rank cursor', Buffer.from('12345::at://did:plc:x/app.framewright.video.post/y').toString('base64url')],
  ])('rejects a malformed cursor (%s) as BadCursor with 400', async (_, cursor) => {
    const res = await xrpc(appview().url, ids.AppFramewrightLikenessGetDepicting, { params: { actor: stack().accounts[0]!.did, cursor } })
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('BadCursor')
  })

  it('rejects a missing or malformed actor with 400, not 500', async () => {
    const missing = await xrpc(appview().url, ids.AppFramewrightLikenessGetDepicting)
    expect(missing.status).toBe(400)
    const notDid = await xrpc(appview().url, ids.AppFramewrightLikenessGetDepicting, { params: { actor: 'alice.test' } })
    expect(notDid.status).toBe(400)
    expect(notDid.body.error).toBe('InvalidRequest')
  })
})
