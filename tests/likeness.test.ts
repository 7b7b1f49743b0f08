import { beforeAll, describe, expect, it } from 'vitest'
import { ids, publishVideo } from '@framewright/lexicons'
import { createUser, serviceAuth, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { faceClip, facePhoto, groupPhoto, patternPhoto, type Transform } from './helpers/faces'
import { quickVideo } from './helpers/videos'

const labeler = () => stack().services.labeler

/** Calls a likeness method with a service JWT minted by the user's PDS for exactly that method. */
async function call(user: TestUser, nsid: string, opts: { params?: Record<string, string>; body?: Uint8Array; contentType?: string } = {}) {
  const token = await serviceAuth(user, labeler().did, nsid)
  const url = new URL(`/xrpc/${nsid}`, labeler().url)
  for (const [k, v] of Object.entries(opts.params ?? {})) url.searchParams.set(k, v)
  const post = nsid === ids.AppFramewrightLikenessEnroll || nsid === ids.AppFramewrightLikenessUnenroll
  const res = await fetch(url, {
    method: post ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, ...(opts.body ? { 'content-type': opts.contentType ?? 'application/octet-stream' } : {}) },
    body: opts.body,
  })
  return { status: res.status, body: (await res.json()) as any }
}

const enroll = (user: TestUser, bytes: Uint8Array, contentType = 'image/jpeg') => call(user, ids.AppFramewrightLikenessEnroll, { body: bytes, contentType })

async function labelVals(uri: string): Promise<string[]> {
  const res = await xrpc(labeler().url, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: [uri] } })
  return res.body.labels.filter((l: any) => !l.neg).map((l: any) => l.val).sort()
}

async function scanStats() {
  const res = await xrpc(labeler().url, ids.AppFramewrightLabelerGetScanStats)
  expect(res.status).toBe(200)
  return res.body
}

/** Publishes a clip as our video record, declaring nobody. */
async function publishClip(user: TestUser, bytes: Uint8Array) {
  return publishVideo(user.agent as never, {
    bytes,
    mimeType: 'video/mp4',
    text: 'just a clip',
    aspectRatio: { width: 360, height: 480 },
    durationMs: 2_000,
    generation: { provider: 'procedural', model: 'test', prompt: 'someone smiling', generatedAt: new Date().toISOString(), sourceType: 'ai-generated' },
    depicts: [],
  })
}

/** A plain Bluesky post embedding the clip (app.bsky.embed.video), as any Bluesky client writes one. */
async function plainVideoPost(user: TestUser, bytes: Uint8Array) {
  const { data } = await user.agent.com.atproto.repo.uploadBlob(bytes, { encoding: 'video/mp4' })
  const { data: post } = await user.agent.com.atproto.repo.createRecord({
    repo: user.did,
    collection: 'app.bsky.feed.post',
    record: { $type: 'app.bsky.feed.post', text: 'guess who', embed: { $type: 'app.bsky.embed.video', video: data.blob }, createdAt: new Date().toISOString() },
  })
  return post
}

/** Waits until the scan pipeline has scanned `n` more videos than `before` counted. */
async function scannedPast(before: { scanned: number; failed: number }, n: number) {
  await waitFor(`${n} more scans`, async () => {
    const s = await scanStats()
    return s.scanned + s.failed >= before.scanned + before.failed + n ? s : undefined
  }, 60_000)
}

describe('likeness enrolment', () => {
  let dana: TestUser
  beforeAll(async () => {
    dana = await createUser('dana')
  })

  it('refuses media without exactly one face, or that is not a photo or clip, by name', async () => {
    const none = await enroll(dana, await patternPhoto(), 'image/png')
    expect(none.status).toBe(400)
    expect(none.body.error).toBe('NoFaceFound')
    const group = await enroll(dana, await groupPhoto(1))
    expect(group.status).toBe(400)
    expect(group.body.error).toBe('MultipleFaces')
    const text = await enroll(dana, new TextEncoder().encode('not a picture at all'), 'text/plain')
    expect(text.status).toBe(400)
    expect(text.body.error).toBe('UnsupportedMediaType')
    const status = await call(dana, ids.AppFramewrightLikenessGetEnrollment)
    expect(status.body).toEqual({ enrolled: false, templates: 0 })
  })

  it('needs a service JWT minted for the method itself', async () => {
    const anonymous = await fetch(new URL(`/xrpc/${ids.AppFramewrightLikenessGetEnrollment}`, labeler().url))
    expect(anonymous.status).toBe(401)
    const wrongLxm = await serviceAuth(dana, labeler().did, ids.AppFramewrightLikenessUnenroll)
    const res = await fetch(new URL(`/xrpc/${ids.AppFramewrightLikenessGetEnrollment}`, labeler().url), { headers: { authorization: `Bearer ${wrongLxm}` } })
    expect(res.status).toBe(401)
  })

  it('keeps templates only, reports them to their owner alone, and forgets them on unenroll', async () => {
    const photo = await enroll(dana, await facePhoto('s2-a'))
    expect(photo.status).toBe(200)
    expect(photo.body).toMatchObject({ enrolled: true, templates: 1 })
    const clip = await enroll(dana, await faceClip('s2-a', 'plain'), 'video/mp4')
    expect(clip.status).toBe(200)
    expect(clip.body.templates).toBeGreaterThan(1)
    const other = await createUser('erin')
    expect((await call(other, ids.AppFramewrightLikenessGetEnrollment)).body.enrolled).toBe(false)
    const removed = await call(dana, ids.AppFramewrightLikenessUnenroll)
    expect(removed.body.removed).toBe(clip.body.templates)
    expect((await call(dana, ids.AppFramewrightLikenessGetEnrollment)).body).toEqual({ enrolled: false, templates: 0 })
    // Two enrolments, nine SSD passes between them (a photo and its two variants, six frames of a clip):
    // on two shared cores under load that outlasts the default minute.
  }, 180_000)
})

describe('finding enrolled faces in undeclared videos', () => {
  let bob: TestUser
  let carol: TestUser
  beforeAll(async () => {
    bob = await createUser('bob')
    carol = await createUser('carol')
    expect((await enroll(bob, await facePhoto('s1-a'))).status).toBe(200)
  })

  const clipOf = (person: string, t: Transform) => faceClip(person, t)

  it('labels an undeclared clip of an enrolled person likeness-undeclared within 30 s, with evidence and no template', async () => {
    const video = await publishClip(carol, await clipOf('s1-a', 'zoom-pan'))
    const vals = await waitFor('likeness-undeclared on the clip', async () => {
      const v = await labelVals(video.uri)
      return v.includes('likeness-undeclared') ? v : undefined
    }, 30_000)
    expect(vals).toContain('likeness-unconsented')
    const res = await xrpc(labeler().url, ids.AppFramewrightLabelerExplainLabel, { params: { uri: video.uri, val: 'likeness-undeclared' } })
    const explanation = res.body.explanations[0]
    expect(explanation.detector).toBe('face-match')
    expect(explanation.reason).toContain('found by face match')
    const found = explanation.evidence.found[0]
    expect(found.subject).toBe(bob.did)
    expect(found.similarityPercent).toBeGreaterThan(50)
    expect(found.frameMs).toBeGreaterThanOrEqual(0)
    expect(JSON.stringify(res.body)).not.toMatch(/descriptor|sealed|template/)
    // Bob sees it among the videos he was found in.
    const listed = await call(bob, ids.AppFramewrightLikenessListFound)
    expect(listed.body.found.map((f: any) => f.subject)).toContain(video.uri)
    expect(listed.body.found[0]).toMatchObject({ method: 'face-match', declared: false, author: carol.did })
    // Carol does not.
    expect((await call(carol, ids.AppFramewrightLikenessListFound)).body.found).toEqual([])
  })

  it('labels a plain Bluesky video post of the enrolled person too (mirrored)', async () => {
    const post = await plainVideoPost(carol, await clipOf('s1-a', 'mirrored'))
    const vals = await waitFor('likeness labels on the post', async () => {
      const v = await labelVals(post.uri)
      return v.includes('likeness-undeclared') ? v : undefined
    }, 30_000)
    expect(vals).toContain('likeness-unconsented')
  })

  it('leaves another person and a procedural video alone, and counts what it scanned', async () => {
    const before = await scanStats()
    const stranger = await publishClip(carol, await clipOf('s3-a', 'plain'))
    const procedural = await quickVideo(carol, { prompt: 'colour bars' })
    await scannedPast(before, 2)
    expect(await labelVals(stranger.uri)).not.toContain('likeness-undeclared')
    expect(await labelVals(procedural.uri)).not.toContain('likeness-undeclared')
    const after = await scanStats()
    expect(after.seen).toBeGreaterThanOrEqual(before.seen + 2)
    expect(after.enrolled).toBeGreaterThanOrEqual(1)
    expect(after.coverage).toBeGreaterThan(0)
  })

  it('after unenroll, the next clip of the same face is not labelled', async () => {
    // Someone else stays enrolled, so the scan still runs the face model on the clip.
    const frank = await createUser('frank')
    expect((await enroll(frank, await facePhoto('s5-e'))).status).toBe(200)
    const removed = await call(bob, ids.AppFramewrightLikenessUnenroll)
    expect(removed.body.removed).toBeGreaterThan(0)
    const before = await scanStats()
    const video = await publishClip(carol, await clipOf('s1-a', 'colour'))
    await scannedPast(before, 1)
    expect(await labelVals(video.uri)).not.toContain('likeness-undeclared')
    expect((await call(bob, ids.AppFramewrightLikenessListFound)).body.found.map((f: any) => f.subject)).not.toContain(video.uri)
  })
})
