import { describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { createUser, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { putGrant, quickVideo } from './helpers/videos'

const appview = () => stack().services.appview

/** getDepictionViews as a client calls it, asserting it succeeded. */
async function depictionViews(actor: string, uris: string[], headers: Record<string, string> = {}) {
  const res = await xrpc(appview().url, ids.AppFramewrightLikenessGetDepictionViews, { params: { actor, uris }, headers })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.videos as any[]
}

/** The depiction of `actor` in the view of `uri`, as getDepictionViews shows it. */
async function foundDepiction(actor: string, uri: string) {
  const [view] = await depictionViews(actor, [uri])
  return view?.depicts.find((d: any) => d.subject.did === actor)
}

async function writeReview(user: TestUser, video: { uri: string; cid: string }, verdict: 'approve' | 'reject') {
  const { data } = await user.agent.com.atproto.repo.createRecord({
    repo: user.did,
    collection: ids.AppFramewrightLikenessReview,
    record: { $type: ids.AppFramewrightLikenessReview, subject: { uri: video.uri, cid: video.cid }, verdict, createdAt: new Date().toISOString() },
  })
  return data
}

describe('app.framewright.likeness.getDepictionViews', () => {
  it('hydrates found videos for the person found in them: undeclared, with the consent rule and their review', async () => {
    const subject = await createUser('found')
    const creator = await createUser('faker')
    const undeclared = await quickVideo(creator, { prompt: 'someone who looks a lot like my neighbour' })
    const declared = await quickVideo(creator, { prompt: 'my neighbour, declared', depicts: [subject.did] })
    await waitFor('the appview to index both videos', async () => (await depictionViews(subject.did, [undeclared.uri, declared.uri])).length === 2)

    // Companion posts stand for their videos; unknown subjects are left out; each video comes once, in the order asked.
    const unknown = `at://${creator.did}/app.bsky.feed.post/3zzzzzzzzzzzz`
    const views = await depictionViews(subject.did, [unknown, undeclared.crosspost.uri, declared.uri, undeclared.uri])
    expect(views.map((v) => v.uri)).toEqual([undeclared.uri, declared.uri])

    const [found, named] = views
    expect(found.creator).toMatchObject({ did: creator.did, handle: creator.handle })
    expect(found.crosspost).toMatchObject({ uri: undeclared.crosspost.uri })
    expect(found.depicts).toEqual([
      { subject: { did: subject.did, handle: subject.handle }, consent: { consented: false, reason: 'no-grant' }, undeclared: true },
    ])
    // A declared person is not marked, and is not added twice.
    expect(named.depicts).toEqual([{ subject: { did: subject.did, handle: subject.handle }, consent: { consented: false, reason: 'no-grant' } }])

    // The same consent rule as for declared people: the grant covers the creator, then the person's own rejection wins.
    await putGrant(subject, { audience: 'everyone' })
    await waitFor('the grant to cover the found video', async () => (await foundDepiction(subject.did, undeclared.uri))?.consent.reason === 'grant-everyone')
    const review = await writeReview(subject, undeclared, 'reject')
    const rejected = await waitFor('the rejection to show on the found video', async () => {
      const d = await foundDepiction(subject.did, undeclared.uri)
      return d?.review?.uri === review.uri ? d : undefined
    })
    expect(rejected).toMatchObject({ consent: { consented: false, reason: 'rejected-by-subject', rejected: true }, review: { verdict: 'reject' }, undeclared: true })

    // Someone else asking about the same video sees the subject's verdict only where the record names them.
    const [asOther] = await depictionViews(creator.did, [undeclared.uri])
    expect(asOther.depicts).toEqual([{ subject: { did: creator.did, handle: creator.handle }, consent: { consented: true, reason: 'self' }, undeclared: true }])
  })

  it('carries the labels of the labelers the viewer accepts, and none of the others', async () => {
    const subject = await createUser('labelled')
    const creator = await createUser('labelmaker')
    const video = await quickVideo(creator, { prompt: 'an undeclared face in the crowd' })
    const labelerDid = stack().labelerDid
    const withOurs = await waitFor('the labeler to label the video at the appview', async () => {
      const [view] = await depictionViews(subject.did, [video.uri], { 'atproto-accept-labelers': labelerDid })
      return view?.labels?.some((l: any) => l.val === 'ai-video') ? view : undefined
    })
    expect(withOurs.labels.every((l: any) => l.src === labelerDid)).toBe(true)
    const [without] = await depictionViews(subject.did, [video.uri], { 'atproto-accept-labelers': 'did:plc:someotherlabelerxxxxxxxxx' })
    expect(without.labels).toEqual([])
  })
})

describe('the consent view of a rejected video', () => {
  it('says rejected even when the grant did not cover the creator anyway (getDepicting)', async () => {
    const subject = await createUser('disputer')
    const creator = await createUser('uncovered')
    const video = await quickVideo(creator, { prompt: 'a video nobody allowed', depicts: [subject.did] })
    await waitFor('the video in getDepicting', async () => {
      const res = await xrpc(appview().url, ids.AppFramewrightLikenessGetDepicting, { params: { actor: subject.did } })
      return res.body.videos?.length === 1
    })
    const review = await writeReview(subject, video, 'reject')
    const depiction = await waitFor('the rejection in getDepicting', async () => {
      const res = await xrpc(appview().url, ids.AppFramewrightLikenessGetDepicting, { params: { actor: subject.did } })
      const d = res.body.videos?.[0]?.depicts.find((x: any) => x.subject.did === subject.did)
      return d?.review?.uri === review.uri ? d : undefined
    })
    // No grant is the reason; the rejection is carried beside it, so a client can show the dispute.
    expect(depiction.consent).toEqual({ consented: false, reason: 'no-grant', rejected: true })
  })
})
