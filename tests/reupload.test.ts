import { describe, expect, it } from 'vitest'
import { IdResolver, getDidKeyFromMultibase } from '@atproto/identity'
import { ids, publishVideo } from '@framewright/lexicons'
import { verifyLabel, type SignedLabel } from '@framewright/service-kit'
import { createUser, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { generate, makeVideo } from './helpers/videos'

const labeler = () => stack().services.labeler

/** Current labels on a subject, from queryLabels, with their signatures as bytes. */
async function labelsOn(uri: string): Promise<SignedLabel[]> {
  const res = await xrpc(labeler().url, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: [uri] } })
  expect(res.status).toBe(200)
  return res.body.labels.map((l: any) => ({ ...l, sig: new Uint8Array(Buffer.from(l.sig.$bytes, 'base64')) }))
}
const valsOn = async (uri: string) => (await labelsOn(uri)).map((l) => l.val).sort()
/** What the scan reads from the file's own C2PA manifest, which lands on any re-post of a signed video in its own time. */
const FROM_THE_FILE = ['ai-video', 'provenance-verified', 'provenance-tampered']
/** A plain post's labels other than those: what re-upload detection decided. */
const reuploadValsOn = async (uri: string) => (await valsOn(uri)).filter((v) => !FROM_THE_FILE.includes(v))

async function labelerKey(): Promise<string> {
  const doc = await new IdResolver({ plcUrl: stack().services.plc.url }).did.resolve(stack().labelerDid, true)
  const method = doc?.verificationMethod?.find((m) => m.id.endsWith('#atproto_label'))
  return getDidKeyFromMultibase({ type: method!.type, publicKeyMultibase: method!.publicKeyMultibase! })!
}

/** The bytes a finished job produced, as anyone who saved the video would have them. */
async function download(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer())
}

/** Uploads bytes to the user's own PDS and writes a plain Bluesky post embedding them, with no disclosure. */
async function plainVideoPost(user: TestUser, bytes: Uint8Array, opts: { quote?: { uri: string; cid: string } } = {}) {
  const { data } = await user.agent.com.atproto.repo.uploadBlob(bytes, { encoding: 'video/mp4' })
  const video = { $type: 'app.bsky.embed.video', video: data.blob }
  const embed = opts.quote
    ? { $type: 'app.bsky.embed.recordWithMedia', record: { $type: 'app.bsky.embed.record', record: opts.quote }, media: video }
    : video
  const { data: post } = await user.agent.com.atproto.repo.createRecord({
    repo: user.did,
    collection: 'app.bsky.feed.post',
    record: { $type: 'app.bsky.feed.post', text: 'look what I made', embed, createdAt: new Date().toISOString() },
  })
  return { ...post, blobCid: data.blob.ref.toString() }
}

async function blobOfVideo(user: TestUser, uri: string): Promise<string> {
  const { data } = await user.agent.com.atproto.repo.getRecord({ repo: user.did, collection: ids.AppFramewrightVideoPost, rkey: uri.split('/').pop()! })
  return (data.value as any).video.ref.toString()
}

async function explain(uri: string) {
  const res = await xrpc(labeler().url, ids.AppFramewrightLabelerExplainLabel, { params: { uri, val: 'ai-undisclosed' } })
  expect(res.status).toBe(200)
  return res.body.explanations[0]
}

describe('AI video re-posted without its disclosure', () => {
  it('labels the re-post, explains which video it is, spares the companion, and goes when the re-post does', async () => {
    const alice = await createUser('maker')
    const bob = await createUser('copier')
    const original = await makeVideo(alice, { prompt: 'a paper boat in a storm drain', seed: 7 })
    const bytes = await download(original.job.result.videoUrl)
    const other = await generate(alice, { prompt: 'a different video nobody published', seed: 8 })

    // Same DID, so the firehose hands these to the labeler in this order: once the last is labeled,
    // the ones before it have been judged.
    const unrelated = await plainVideoPost(bob, await download(other.result.videoUrl))
    const quoting = await plainVideoPost(bob, bytes, { quote: original.crosspost })
    const repost = await plainVideoPost(bob, bytes)
    expect(repost.blobCid).toBe(await blobOfVideo(alice, original.uri)) // content-addressed: same bytes, same CID
    expect(unrelated.blobCid).not.toBe(repost.blobCid)

    const labels = await waitFor('ai-undisclosed on the re-post', async () => {
      const found = await labelsOn(repost.uri)
      return found.some((l) => l.val === 'ai-undisclosed') ? found : undefined
    })
    expect(labels.map((l) => l.val).filter((v) => !FROM_THE_FILE.includes(v))).toEqual(['ai-undisclosed'])
    const key = await labelerKey()
    const undisclosed = labels.find((l) => l.val === 'ai-undisclosed')!
    expect(undisclosed.src).toBe(stack().labelerDid)
    expect(await verifyLabel(undisclosed, key)).toBe(true)
    expect(await verifyLabel({ ...labels[0]!, uri: original.crosspost.uri }, key)).toBe(false)

    const why = await explain(repost.uri)
    expect(why.detector).toBe('reupload')
    expect(why.reason).toBe(
      `This is the AI video ${original.uri} by @${alice.handle}, generated with ${original.job.result.generation.provider}/${original.job.result.generation.model}, posted again without its disclosure.`,
    )
    expect(why.evidence).toMatchObject({ original: { uri: original.uri, cid: original.cid, creator: alice.did }, provider: 'procedural' })

    expect(await reuploadValsOn(quoting.uri)).toEqual(['ai-undisclosed']) // recordWithMedia: its media is the video
    expect(await reuploadValsOn(unrelated.uri)).toEqual([])
    const companion = await valsOn(original.crosspost.uri)
    expect(companion).toContain('ai-video')
    expect(companion).not.toContain('ai-undisclosed')
    expect(await valsOn(original.uri)).not.toContain('ai-undisclosed')

    await bob.agent.com.atproto.repo.deleteRecord({ repo: bob.did, collection: 'app.bsky.feed.post', rkey: repost.uri.split('/').pop()! })
    await waitFor('the label to go with the deleted re-post', async () => (await valsOn(repost.uri)).length === 0)
    expect((await explain(repost.uri)).reason).toBe('The post was deleted.')
    // Nothing else was withdrawn with it.
    expect(await reuploadValsOn(quoting.uri)).toEqual(['ai-undisclosed'])
    expect(await valsOn(original.crosspost.uri)).toContain('ai-video')
  })

  it('a re-post seen before its original is labeled when the original is published', async () => {
    const alice = await createUser('slow')
    const bob = await createUser('early')
    const job = await generate(alice, { prompt: 'a lighthouse blinking in fog', seed: 3 })
    const bytes = await download(job.result.videoUrl)
    const repost = await plainVideoPost(bob, bytes)
    // A marker after the re-post in bob's repo: once it is labeled, the re-post has been judged.
    const marker = await makeVideo(bob, { prompt: 'bob publishes something of his own', seed: 4 })
    await waitFor('bob\'s own video labeled', async () => (await valsOn(marker.uri)).includes('ai-video'))
    expect(await reuploadValsOn(repost.uri)).toEqual([])

    const published = await publishVideo(alice.agent as never, {
      bytes,
      mimeType: job.result.mimeType,
      text: 'my lighthouse',
      aspectRatio: job.result.aspectRatio,
      durationMs: job.result.durationMs,
      generation: job.result.generation,
    })
    await waitFor('ai-undisclosed once the original arrives', async () => (await valsOn(repost.uri)).includes('ai-undisclosed'))
    expect((await explain(repost.uri)).evidence.original.uri).toBe(published.uri)
  })

  it('a post cannot claim bytes it never uploaded', async () => {
    const alice = await createUser('owner')
    const mallory = await createUser('claimer')
    const original = await makeVideo(alice, { prompt: 'a kite over a beach', seed: 11 })
    const cid = await blobOfVideo(alice, original.uri)
    const post = (video: unknown) => ({
      repo: mallory.did,
      collection: 'app.bsky.feed.post',
      record: { $type: 'app.bsky.feed.post', text: 'not mine', embed: { $type: 'app.bsky.embed.video', video }, createdAt: new Date().toISOString() },
      validate: false,
    })
    // A real blob ref to bytes this repo never uploaded: the PDS refuses the write, validation or not.
    await expect(mallory.agent.com.atproto.repo.createRecord(post({ $type: 'blob', ref: { $link: cid }, mimeType: 'video/mp4', size: 1000 }))).rejects.toThrow(
      /Could not find blob/,
    )
    // What the PDS does allow (validate: false): an object that merely holds the CID, which is not a
    // blob, so the PDS checks nothing. The labeler does not take it for a video either.
    const { data: fake } = await mallory.agent.com.atproto.repo.createRecord(post({ ref: { $link: cid }, mimeType: 'video/mp4', size: 1000 }))
    const marker = await plainVideoPost(mallory, await download(original.job.result.videoUrl))
    await waitFor('the honest re-post after it labeled', async () => (await valsOn(marker.uri)).includes('ai-undisclosed'))
    expect(await valsOn(fake.uri)).toEqual([])
  })
})
