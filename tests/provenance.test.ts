import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { AtpAgent } from '@atproto/api'
import { ids } from '@framewright/lexicons'
import { defaultFfmpegPaths, readC2pa } from '@framewright/service-kit'
import { createUser, serviceAuth, serviceDatabase, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { makeVideo } from './helpers/videos'

const secrets = () => JSON.parse(readFileSync(join(stack().dataDir, 'secrets.json'), 'utf8'))

/** The video blob exactly as the creator's PDS serves it to anyone (com.atproto.sync.getBlob). */
async function publishedBytes(user: TestUser, videoUri: string): Promise<Uint8Array> {
  const rkey = videoUri.split('/').pop()!
  const { data } = await user.agent.com.atproto.repo.getRecord({ repo: user.did, collection: ids.AppFramewrightVideoPost, rkey })
  const cid = String((data.value as { video: { ref: unknown } }).video.ref)
  const url = new URL('/xrpc/com.atproto.sync.getBlob', stack().services.pds.url)
  url.search = new URLSearchParams({ did: user.did, cid }).toString()
  const res = await fetch(url)
  expect(res.status).toBe(200)
  return new Uint8Array(await res.arrayBuffer())
}

async function moderator(): Promise<TestUser> {
  const { handle, did } = stack().feedPublisher
  const password: string = secrets().passwords[handle]
  const agent = new AtpAgent({ service: stack().services.pds.url })
  await agent.login({ identifier: handle, password })
  return { handle, did, password, agent }
}

async function emit(user: TestUser, body: Record<string, unknown>) {
  const token = await serviceAuth(user, stack().labelerDid, ids.AppFramewrightLabelerEmitLabel)
  return xrpc(stack().services.labeler.url, ids.AppFramewrightLabelerEmitLabel, { body, headers: { authorization: `Bearer ${token}` } })
}

/** The labeler's known-fingerprint row of a source (read-only; the labeler serves no method for it). */
async function knownFingerprint(sourceUri: string, val: string): Promise<{ status: string; frames: string; error: string | null } | undefined> {
  const database = serviceDatabase('labeler')
  try {
    return await database.db.selectFrom('known_fingerprint').select(['status', 'frames', 'error']).where('sourceUri', '=', sourceUri).where('val', '=', val).executeTakeFirst()
  } finally {
    await database.close()
  }
}

describe('provenance', () => {
  it('a procedural video, read back from the PDS, carries a valid C2PA manifest naming an AI source', async () => {
    const creator = await createUser('signed')
    const video = await makeVideo(creator, { prompt: 'a paper boat in a storm drain' })
    const bytes = await publishedBytes(creator, video.uri)
    const chain: string = secrets().c2pa.certChainPem
    const operatorCa = chain.slice(chain.lastIndexOf('-----BEGIN CERTIFICATE-----'))
    const facts = await readC2pa(bytes, { trustAnchorsPem: operatorCa })
    expect(facts).toMatchObject({
      present: true,
      state: 'trusted',
      failures: [],
      aiSource: true,
      digitalSourceTypes: ['http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia'],
      claimGenerator: expect.stringMatching(/^Framewright procedural provider/),
      signer: { issuer: expect.stringMatching(/^Framewright on /) },
    })
    // Without the operator's CA it still validates, as a signer nobody vouched for.
    expect(await readC2pa(bytes)).toMatchObject({ state: 'valid', failures: [], aiSource: true })
  })

  it('a moderator\'s known-deepfake stores the video\'s fingerprint, and lifting it forgets it', async () => {
    const creator = await createUser('faker')
    const video = await makeVideo(creator, { prompt: 'a mayor confessing on a rooftop' })
    const mod = await moderator()
    const applied = await emit(mod, { subject: { uri: video.uri }, val: 'known-deepfake', reason: 'Reviewed: a fabricated confession.' })
    expect(applied.status).toBe(200)
    const row = await waitFor('the fingerprint is made', async () => {
      const r = await knownFingerprint(video.uri, 'known-deepfake')
      return r?.status === 'ready' ? r : undefined
    }, 60_000)
    // Densely sampled (four frames a second), four hashes per frame: `atMs:hash` each.
    const hashes = row.frames.split(' ')
    expect(hashes.length).toBeGreaterThanOrEqual(8 * 4)
    for (const h of hashes) expect(h).toMatch(/^\d+:[0-9a-f]{16}$/)

    // Naming the companion post lifts the same original.
    const lifted = await emit(mod, { subject: { uri: video.crosspost.uri }, val: 'known-deepfake', neg: true, reason: 'On appeal: a parody, clearly labelled.' })
    expect(lifted.status).toBe(200)
    expect(await knownFingerprint(video.uri, 'known-deepfake')).toBeUndefined()
  })

  it('the labeler reads each scanned file\'s own manifest: verified on the video, AI on a plain re-post, tampered on an altered copy', async () => {
    const creator = await createUser('credited')
    const reposter = await createUser('reposter')
    const video = await makeVideo(creator, { prompt: 'a lighthouse keeper waving' })
    const labelsOn = async (uri: string) => {
      const res = await xrpc(stack().services.labeler.url, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: [uri] } })
      return (res.body.labels as { val: string; neg?: boolean }[]).filter((l) => !l.neg).map((l) => l.val)
    }
    await waitFor('provenance-verified on the video and its companion post', async () =>
      (await labelsOn(video.uri)).includes('provenance-verified') && (await labelsOn(video.crosspost.uri)).includes('provenance-verified'),
    60_000)
    const bytes = await publishedBytes(creator, video.uri)
    const post = async (body: Uint8Array) => {
      const { data } = await reposter.agent.com.atproto.repo.uploadBlob(body, { encoding: 'video/mp4' })
      const { data: created } = await reposter.agent.com.atproto.repo.createRecord({
        repo: reposter.did,
        collection: 'app.bsky.feed.post',
        record: { $type: 'app.bsky.feed.post', text: 'found this', embed: { $type: 'app.bsky.embed.video', video: data.blob }, createdAt: new Date().toISOString() },
      })
      return created.uri
    }
    const same = await post(bytes)
    const tampered = Buffer.from(bytes)
    const mdat = findBox(tampered, 'mdat')
    tampered[mdat.offset + Math.floor(mdat.size / 2)]! ^= 0x55
    const altered = await post(tampered)
    const onSame = await waitFor('the manifest read on the plain re-post', async () => {
      const vals = await labelsOn(same)
      return vals.includes('provenance-verified') ? vals : undefined
    }, 60_000)
    expect(onSame).toContain('ai-video')
    const onAltered = await waitFor('the altered copy marked tampered', async () => {
      const vals = await labelsOn(altered)
      return vals.includes('provenance-tampered') ? vals : undefined
    }, 60_000)
    // A manifest that fails validation proves nothing: no ai-video from it.
    expect(onAltered).not.toContain('ai-video')
    expect(onAltered).not.toContain('provenance-verified')
  })

  it('a mirrored, re-encoded copy of a known deepfake, posted plainly later, is found by the scan and labelled alike', async () => {
    const creator = await createUser('faker2')
    const copier = await createUser('copier2')
    const video = await makeVideo(creator, { prompt: 'a senator dancing on a desk' })
    const mod = await moderator()
    expect((await emit(mod, { subject: { uri: video.uri }, val: 'known-deepfake', reason: 'Reviewed: fabricated.' })).status).toBe(200)
    await waitFor('the fingerprint is made', async () => (await knownFingerprint(video.uri, 'known-deepfake'))?.status === 'ready', 60_000)
    const dir = mkdtempSync(join(tmpdir(), 'copy-'))
    let copy: Buffer
    try {
      writeFileSync(join(dir, 'in.mp4'), await publishedBytes(creator, video.uri))
      await promisify(execFile)(defaultFfmpegPaths().ffmpeg, ['-v', 'error', '-i', join(dir, 'in.mp4'), '-vf', 'hflip,scale=iw*3/4:-2', '-c:v', 'libx264', '-crf', '30', '-threads', '1', join(dir, 'out.mp4')])
      copy = readFileSync(join(dir, 'out.mp4'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const { data } = await copier.agent.com.atproto.repo.uploadBlob(copy, { encoding: 'video/mp4' })
    const { data: post } = await copier.agent.com.atproto.repo.createRecord({
      repo: copier.did,
      collection: 'app.bsky.feed.post',
      record: { $type: 'app.bsky.feed.post', text: 'lol', embed: { $type: 'app.bsky.embed.video', video: data.blob }, createdAt: new Date().toISOString() },
    })
    await waitFor('known-deepfake on the copy', async () => {
      const res = await xrpc(stack().services.labeler.url, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: [post.uri] } })
      return (res.body.labels as { val: string; neg?: boolean }[]).some((l) => l.val === 'known-deepfake' && !l.neg)
    }, 60_000)
    const why = await xrpc(stack().services.labeler.url, ids.AppFramewrightLabelerExplainLabel, { params: { uri: post.uri, val: 'known-deepfake' } })
    expect(why.body.explanations[0].evidence).toMatchObject({ original: video.uri, mirrored: true })
  })
})

/** The offset and size of the first top-level MP4 box of a type. */
function findBox(file: Uint8Array, type: string): { offset: number; size: number } {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.length)
  for (let offset = 0; offset + 8 <= buf.length; ) {
    let size = buf.readUInt32BE(offset)
    if (size === 1) size = Number(buf.readBigUInt64BE(offset + 8))
    if (size === 0) size = buf.length - offset
    if (buf.toString('latin1', offset + 4, offset + 8) === type) return { offset, size }
    offset += size
  }
  throw new Error(`no ${type} box`)
}
