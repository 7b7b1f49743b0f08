import { describe, expect, it } from 'vitest'
import { decode, decodeFirst } from '@atcute/cbor'
import { WebSocket } from 'ws'
import { IdResolver, getDidKeyFromMultibase } from '@atproto/identity'
import { ids } from '@framewright/lexicons'
import { verifyLabel, type SignedLabel } from '@framewright/service-kit'
import { createUser, stack, waitFor, xrpc } from './helpers/network'
import { makeVideo, putGrant } from './helpers/videos'

const labeler = () => stack().services.labeler

/** Current labels on a subject, from queryLabels. */
async function labelsOn(uri: string): Promise<SignedLabel[]> {
  const res = await xrpc(labeler().url, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: [uri] } })
  expect(res.status).toBe(200)
  return res.body.labels.map(fromJson)
}

/** JSON labels carry their signature as {$bytes: base64}. */
function fromJson(label: any): SignedLabel {
  return { ...label, sig: new Uint8Array(Buffer.from(label.sig.$bytes, 'base64')) }
}

/** The #atproto_label key, read from the labeler's DID document on the PLC directory. */
async function labelerKey(): Promise<string> {
  const doc = await new IdResolver({ plcUrl: stack().services.plc.url }).did.resolve(stack().labelerDid, true)
  const method = doc?.verificationMethod?.find((m) => m.id.endsWith('#atproto_label'))
  expect(method).toBeDefined()
  return getDidKeyFromMultibase({ type: method!.type, publicKeyMultibase: method!.publicKeyMultibase! })!
}

describe('labeler', () => {
  it('flags a video that depicts someone without consent, on the video and its companion post, with signatures that verify', async () => {
    const subject = await createUser('subject')
    const creator = await createUser('deepfaker')
    // The generation service would refuse to render the subject; the record claims them anyway.
    const video = await makeVideo(creator, { prompt: 'someone else, saying things they never said', claimDepicts: [subject.did] })

    const onVideo = await waitFor('likeness-unconsented on the video', async () => {
      const labels = await labelsOn(video.uri)
      return labels.some((l) => l.val === 'likeness-unconsented') ? labels : undefined
    })
    const onPost = await labelsOn(video.crosspost.uri)
    // provenance-verified comes from the scan of the file's own C2PA manifest, in its own time.
    const consentAndAi = (labels: { val: string }[]) => labels.map((l) => l.val).filter((v) => !v.startsWith('provenance-')).sort()
    expect(consentAndAi(onPost)).toEqual(['ai-video', 'likeness-unconsented'])
    expect(consentAndAi(onVideo)).toEqual(['ai-video', 'likeness-unconsented'])

    const key = await labelerKey()
    for (const label of [...onVideo, ...onPost]) {
      expect(label.src).toBe(stack().labelerDid)
      expect(await verifyLabel(label, key)).toBe(true)
      expect(await verifyLabel({ ...label, val: 'likeness-consented' }, key)).toBe(false)
    }

    const explained = await xrpc(labeler().url, ids.AppFramewrightLabelerExplainLabel, { params: { uri: video.uri, val: 'likeness-unconsented' } })
    expect(explained.body.explanations).toHaveLength(1)
    expect(explained.body.explanations[0]).toMatchObject({
      detector: 'consent-graph',
      reason: expect.stringContaining('has not allowed anyone to use their likeness: they have no likeness grant'),
      evidence: { creator: creator.did, depictions: [expect.objectContaining({ subject: subject.did, reason: 'no-grant' })] },
    })
  })

  it('re-labels retroactively when a grant is given and then revoked', async () => {
    const subject = await createUser('granter')
    const creator = await createUser('friend')
    const video = await makeVideo(creator, { prompt: 'my friend as a lighthouse keeper', claimDepicts: [subject.did] })
    const vals = async () => (await labelsOn(video.uri)).map((l) => l.val).sort()
    await waitFor('unconsented before any grant', async () => (await vals()).includes('likeness-unconsented'))
    expect(await vals()).not.toContain('likeness-revoked') // never consented: nothing was revoked

    await putGrant(subject, { audience: 'approved', approved: [creator.did] })
    await waitFor('consented once the grant covers the creator', async () => {
      const v = await vals()
      return v.includes('likeness-consented') && !v.includes('likeness-unconsented')
    })

    await putGrant(subject, { audience: 'self' })
    await waitFor('unconsented and revoked after the grant is narrowed', async () => {
      const v = await vals()
      return v.includes('likeness-unconsented') && v.includes('likeness-revoked') && !v.includes('likeness-consented')
    })
    const why = await xrpc(labeler().url, ids.AppFramewrightLabelerExplainLabel, { params: { uri: video.uri, val: 'likeness-unconsented' } })
    expect(why.body.explanations[0].reason).toMatch(/has not allowed anyone else to use their likeness/)
    const revoked = await xrpc(labeler().url, ids.AppFramewrightLabelerExplainLabel, { params: { uri: video.uri, val: 'likeness-revoked' } })
    expect(revoked.body.explanations[0].reason).toMatch(/had consented to this video and has since withdrawn it/)

    // Consent given back: the revocation is over, and its label is negated.
    await putGrant(subject, { audience: 'everyone' })
    await waitFor('consented again, no longer revoked', async () => {
      const v = await vals()
      return v.includes('likeness-consented') && !v.includes('likeness-revoked') && !v.includes('likeness-unconsented')
    })
  })

  it('the seeded world has one unconsented video: carol depicting bob', async () => {
    const carol = stack().accounts.find((a) => a.handle === 'carol.test')!
    const labels = await xrpc(labeler().url, ids.ComAtprotoLabelQueryLabels, {
      params: { uriPatterns: [`at://${carol.did}/app.framewright.video.post/*`] },
    })
    expect(labels.body.labels.filter((l: any) => l.val === 'likeness-unconsented')).toHaveLength(1)
    const alice = stack().accounts.find((a) => a.handle === 'alice.test')!
    const aliceLabels = await xrpc(labeler().url, ids.ComAtprotoLabelQueryLabels, {
      params: { uriPatterns: [`at://${alice.did}/app.framewright.video.post/*`] },
    })
    expect(aliceLabels.body.labels.map((l: any) => l.val)).toContain('likeness-consented')
    expect(aliceLabels.body.labels.map((l: any) => l.val)).not.toContain('likeness-unconsented')

    // Creation First leaves the unconsented video out; Fresh lists everything and lets labels speak.
    const postLabels = await xrpc(labeler().url, ids.ComAtprotoLabelQueryLabels, {
      params: { uriPatterns: [`at://${carol.did}/app.bsky.feed.post/*`] },
    })
    const unconsented = postLabels.body.labels.find((l: any) => l.val === 'likeness-unconsented')
    const skeleton = async (rkey: string) =>
      (await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, {
        params: { feed: stack().feeds.find((f) => f.uri.endsWith(`/${rkey}`))!.uri, limit: 100 },
      })).body.feed.map((i: any) => i.post)
    expect(unconsented).toBeDefined()
    expect(await skeleton('creation-first')).not.toContain(unconsented.uri)
    // Fresh lists everything, newest first, as deep as an anonymous page goes (100): when this file runs
    // late, the run's newer videos fill that page; then only what is there can be checked.
    const fresh = await skeleton('fresh')
    if (fresh.length < 100) expect(fresh).toContain(unconsented.uri)
    else expect(fresh).toHaveLength(100)
  })

  it('subscribeLabels replays from a cursor with verifiable labels, and refuses a future cursor', async () => {
    const key = await labelerKey()
    const wsUrl = labeler().url.replace(/^http/, 'ws') + '/xrpc/com.atproto.label.subscribeLabels'
    const frames = await new Promise<{ header: any; body: any }[]>((resolve, reject) => {
      const ws = new WebSocket(`${wsUrl}?cursor=0`)
      const got: { header: any; body: any }[] = []
      ws.on('message', (data: Buffer) => {
        const [header, rest] = decodeFirst(new Uint8Array(data))
        got.push({ header, body: decode(rest) })
        if (got.length >= 5) {
          ws.close()
          resolve(got.slice(0, 5))
        }
      })
      ws.on('error', reject)
    })
    expect(frames.map((f) => f.header)).toEqual(Array(5).fill({ op: 1, t: '#labels' }))
    const seqs = frames.map((f) => f.body.seq)
    expect(seqs).toEqual([1, 2, 3, 4, 5])
    for (const f of frames) {
      const label = f.body.labels[0]
      expect(await verifyLabel({ ...label, sig: label.sig.buf ?? label.sig }, key)).toBe(true)
    }

    const future = await new Promise<{ header: any; body: any }>((resolve, reject) => {
      const ws = new WebSocket(`${wsUrl}?cursor=999999999`)
      ws.on('message', (data: Buffer) => {
        const [header, rest] = decodeFirst(new Uint8Array(data))
        resolve({ header, body: decode(rest) })
      })
      ws.on('error', reject)
    })
    expect(future.header).toEqual({ op: -1 })
    expect(future.body.error).toBe('FutureCursor')
  })

  it('queryLabels: prefix patterns are literal, cursors are checked', async () => {
    const none = await xrpc(labeler().url, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: ['at://did:plc:%_/*'] } })
    expect(none.body.labels).toEqual([])
    const bad = await xrpc(labeler().url, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: ['*'], cursor: 'not-a-cursor' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toBe('BadCursor')
    const mid = await xrpc(labeler().url, ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: ['at://*/x'] } })
    expect(mid.status).toBe(400)
  })
})
