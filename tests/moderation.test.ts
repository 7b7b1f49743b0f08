import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AtpAgent } from '@atproto/api'
import { IdResolver, getDidKeyFromMultibase } from '@atproto/identity'
import { ids } from '@framewright/lexicons'
import { verifyLabel, type SignedLabel } from '@framewright/service-kit'
import { createUser, serviceAuth, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { makeVideo, putGrant, quickVideo } from './helpers/videos'

const LIST = ids.AppFramewrightLabelerListReports
const EMIT = ids.AppFramewrightLabelerEmitLabel
const RESOLVE = ids.AppFramewrightLabelerResolveReports
const labelerUrl = () => stack().services.labeler.url

/** The local stack's moderator: the feed publisher account, whose password is in the stack's secrets. */
async function moderatorUser(): Promise<TestUser> {
  const { handle, did } = stack().feedPublisher
  const secrets = JSON.parse(readFileSync(join(stack().dataDir, 'secrets.json'), 'utf8'))
  const password: string = secrets.passwords[handle]
  const agent = new AtpAgent({ service: stack().services.pds.url })
  await agent.login({ identifier: handle, password })
  return { handle, did, password, agent }
}

/** Calls a moderator method with a service JWT the caller's PDS minted for that method and the labeler. */
async function asModerator(user: TestUser, nsid: string, opts: { params?: Record<string, any>; body?: unknown }) {
  const token = await serviceAuth(user, stack().labelerDid, nsid)
  return xrpc(labelerUrl(), nsid, { ...opts, headers: { authorization: `Bearer ${token}` } })
}

async function labelsOn(uri: string): Promise<SignedLabel[]> {
  const res = await xrpc(labelerUrl(), ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: [uri] } })
  expect(res.status).toBe(200)
  return res.body.labels.map((l: any) => ({ ...l, sig: new Uint8Array(Buffer.from(l.sig.$bytes, 'base64')) }))
}
const valsOn = async (uri: string) => (await labelsOn(uri)).map((l) => l.val).sort()

async function labelerKey(): Promise<string> {
  const doc = await new IdResolver({ plcUrl: stack().services.plc.url }).did.resolve(stack().labelerDid, true)
  const method = doc!.verificationMethod!.find((m) => m.id.endsWith('#atproto_label'))!
  return getDidKeyFromMultibase({ type: method.type, publicKeyMultibase: method.publicKeyMultibase! })!
}

/** The video as the appview serves it to a viewer who accepts our labeler with this header value. */
async function servedVideo(uri: string, acceptLabelers: string) {
  const res = await xrpc(stack().services.appview.url, ids.AppFramewrightVideoGetVideos, {
    params: { uris: [uri] },
    headers: { 'atproto-accept-labelers': acceptLabelers },
  })
  expect(res.status).toBe(200)
  return res.body.videos.find((v: any) => v.uri === uri) as { uri: string; labels: { src: string; val: string }[] } | undefined
}

describe('moderators', () => {
  it('review a report, label a deepfake on the video and its companion post, and no detector undoes it', async () => {
    const subject = await createUser('depicted')
    const creator = await createUser('faker')
    const video = await makeVideo(creator, { prompt: 'a politician confessing to a crime', claimDepicts: [subject.did] })
    await waitFor('the detectors have seen the video', async () => (await valsOn(video.uri)).includes('likeness-unconsented'))

    // The depicted person reports it through their own PDS, as any Bluesky client would.
    const { data: report } = await subject.agent.withProxy('atproto_labeler', stack().labelerDid).com.atproto.moderation.createReport({
      reasonType: 'com.atproto.moderation.defs#reasonMisleading',
      reason: 'this is a deepfake of me',
      subject: { $type: 'com.atproto.repo.strongRef', uri: video.uri, cid: video.cid },
    })

    const moderator = await moderatorUser()
    const listed = await asModerator(moderator, LIST, { params: { limit: 100 } })
    expect(listed.status).toBe(200)
    expect(listed.body.reports[0].id).toBe(report.id) // newest first
    expect(listed.body.reports[0]).toMatchObject({
      subject: { uri: video.uri, cid: video.cid },
      subjectType: 'record',
      reasonType: 'com.atproto.moderation.defs#reasonMisleading',
      reason: 'this is a deepfake of me',
      reportedBy: subject.did,
      status: 'open',
    })
    // provenance-verified comes from the scan of the file's own manifest, in its own time.
    expect(listed.body.reports[0].labels.map((l: any) => l.val).filter((v: string) => !v.startsWith('provenance-')).sort()).toEqual(['ai-video', 'likeness-unconsented'])

    // Moderators never fight the detectors: their values are not a moderator's to set.
    const detectorValue = await asModerator(moderator, EMIT, { body: { subject: { uri: video.uri }, val: 'ai-video', neg: true, reason: 'not AI, I swear' } })
    expect(detectorValue.status).toBe(400)
    expect(detectorValue.body.error).toBe('NotModeratorLabel')

    const reason = 'Reviewed: a fabricated confession using a real person\'s face, reported by that person.'
    const emitted = await asModerator(moderator, EMIT, {
      body: { subject: { uri: video.uri, cid: video.cid }, val: 'known-deepfake', reason, resolveReports: [report.id] },
    })
    expect(emitted.status).toBe(200)
    expect(emitted.body.resolvedReports).toEqual([report.id])
    expect(emitted.body.labels.map((l: any) => l.uri).sort()).toEqual([video.crosspost.uri, video.uri].sort())

    const key = await labelerKey()
    for (const uri of [video.uri, video.crosspost.uri]) {
      const label = (await labelsOn(uri)).find((l) => l.val === 'known-deepfake')
      expect(label, uri).toBeDefined()
      expect(label!.src).toBe(stack().labelerDid)
      expect(await verifyLabel(label!, key)).toBe(true)
    }
    expect((await labelsOn(video.uri)).find((l) => l.val === 'known-deepfake')!.cid).toBe(video.cid)

    const explained = await xrpc(labelerUrl(), ids.AppFramewrightLabelerExplainLabel, { params: { uri: video.crosspost.uri, val: 'known-deepfake' } })
    expect(explained.body.explanations).toEqual([
      expect.objectContaining({ detector: 'moderator', reason, evidence: { moderator: moderator.did, reports: [report.id] } }),
    ])

    const after = await asModerator(moderator, LIST, { params: { limit: 100 } })
    expect(after.body.reports.map((r: any) => r.id)).not.toContain(report.id)

    // The subject consents after all: the detectors re-evaluate the video, and leave the moderator's label alone.
    await putGrant(subject, { audience: 'everyone' })
    await waitFor('re-evaluated as consented', async () => {
      const vals = await valsOn(video.uri)
      return vals.includes('likeness-consented') && !vals.includes('likeness-unconsented')
    })
    expect(await valsOn(video.uri)).toContain('known-deepfake')
    expect(await valsOn(video.crosspost.uri)).toContain('known-deepfake')
  })

  it('take a video down for viewers who accept the labeler with ;redact, and bring it back', async () => {
    const creator = await createUser('takedown')
    const video = await makeVideo(creator, { prompt: 'a storm over a glass city' })
    const moderator = await moderatorUser()
    const labeler = stack().labelerDid
    const shown = (v: Awaited<ReturnType<typeof servedVideo>>) => v?.labels.filter((l) => l.src === labeler).map((l) => l.val) ?? []
    await waitFor('the appview serves the video with its ai-video label', async () => shown(await servedVideo(video.uri, labeler)).includes('ai-video'))
    expect(await servedVideo(video.uri, `${labeler};redact`)).toBeDefined() // nothing to redact yet

    const down = await asModerator(moderator, EMIT, { body: { subject: { uri: video.uri }, val: '!takedown', reason: 'Violates the rules on impersonation.' } })
    expect(down.status).toBe(200)
    expect(await valsOn(video.crosspost.uri)).toContain('!takedown')
    await waitFor('the appview has the takedown label', async () => shown(await servedVideo(video.uri, labeler)).includes('!takedown'))
    expect(await servedVideo(video.uri, `${labeler};redact`)).toBeUndefined()

    const again = await asModerator(moderator, EMIT, { body: { subject: { uri: video.uri }, val: '!takedown', reason: 'Again.' } })
    expect(again.body.labels).toEqual([]) // already in force: nothing new to sign

    const up = await asModerator(moderator, EMIT, { body: { subject: { uri: video.uri }, val: '!takedown', neg: true, reason: 'Appeal upheld: the creator is the person depicted.' } })
    expect(up.status).toBe(200)
    expect(up.body.labels.map((l: any) => l.neg)).toEqual([true, true])
    await waitFor('the takedown is lifted at the appview', async () => !shown(await servedVideo(video.uri, labeler)).includes('!takedown'))
    expect(await servedVideo(video.uri, `${labeler};redact`)).toBeDefined()
    const why = await xrpc(labelerUrl(), ids.AppFramewrightLabelerExplainLabel, { params: { uri: video.uri, val: '!takedown' } })
    expect(why.body.explanations[0]).toMatchObject({ detector: 'moderator', reason: 'Appeal upheld: the creator is the person depicted.', label: { neg: true } })
  })

  it('take away the notifications about what they took down, for viewers who accept the labeler with ;redact', async () => {
    const recipient = await createUser('toldof')
    const remixer = await createUser('remixbad')
    const commenter = await createUser('replybad')
    const moderator = await moderatorUser()
    const labeler = stack().labelerDid
    const appview = stack().services.appview
    const asRecipient = async (nsid: string, accept: string) => {
      const token = await serviceAuth(recipient, appview.did, nsid)
      const res = await xrpc(appview.url, nsid, { headers: { authorization: `Bearer ${token}`, 'atproto-accept-labelers': accept } })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body
    }
    const reasons = async (accept: string) => ((await asRecipient(ids.AppFramewrightNotificationListNotifications, accept)).notifications as any[]).map((n) => `${n.reason} ${n.uri}`).sort()
    const unread = async (accept: string) => (await asRecipient(ids.AppFramewrightNotificationGetUnreadCount, accept)).count as number
    const redact = `${labeler};redact`

    const original = await quickVideo(recipient, { prompt: 'a lantern on a jetty' })
    const remix = await quickVideo(remixer, { prompt: 'the lantern, burning the jetty', remixOf: { uri: original.uri, cid: original.cid } })
    const reply = await commenter.agent.post({ text: 'spam spam spam', reply: { root: original.crosspost, parent: original.crosspost } })
    const both = [`remixed ${remix.uri}`, `replied ${reply.uri}`]
    await waitFor('both notifications', async () => JSON.stringify(await reasons(redact)) === JSON.stringify(both))
    expect(await unread(redact)).toBe(2)

    // The remix is taken down: its "remixed your video" goes, for the count as for the list.
    expect((await asModerator(moderator, EMIT, { body: { subject: { uri: remix.uri }, val: '!takedown', reason: 'Harassment.' } })).status).toBe(200)
    await waitFor('the remix notification to go', async () => JSON.stringify(await reasons(redact)) === JSON.stringify([`replied ${reply.uri}`]))
    expect(await unread(redact)).toBe(1)
    // A viewer who accepts the labeler without ;redact is only shown labels, so still sees it (as in feeds).
    expect(await reasons(labeler)).toEqual(both)

    // The commenter's account is taken down: their reply's notification goes too.
    expect((await asModerator(moderator, EMIT, { body: { subject: { uri: commenter.did }, val: '!takedown', reason: 'A spam account.' } })).status).toBe(200)
    await waitFor('the reply notification to go', async () => (await reasons(redact)).length === 0)
    expect(await unread(redact)).toBe(0)

    // Lifting the takedown brings the remix notification back.
    expect((await asModerator(moderator, EMIT, { body: { subject: { uri: remix.uri }, val: '!takedown', neg: true, reason: 'Appeal upheld.' } })).status).toBe(200)
    await waitFor('the remix notification to return', async () => JSON.stringify(await reasons(redact)) === JSON.stringify([`remixed ${remix.uri}`]))
  })

  it('only moderators, with a token for the method, may list reports or emit labels', async () => {
    const moderator = await moderatorUser()
    const someone = await createUser('notmod')
    const list = (authorization?: string) => xrpc(labelerUrl(), LIST, { headers: authorization ? { authorization } : {} })

    const anonymous = await list()
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error).toBe('AuthMissing')
    const notModerator = await list(`Bearer ${await serviceAuth(someone, stack().labelerDid, LIST)}`)
    expect(notModerator.status).toBe(403)
    expect(notModerator.body.error).toBe('NotModerator')
    const emitBySomeone = await asModerator(someone, EMIT, { body: { subject: { uri: someone.did }, val: '!hide', reason: 'x' } })
    expect(emitBySomeone.status).toBe(403)
    expect(emitBySomeone.body.error).toBe('NotModerator')
    const wrongMethod = await list(`Bearer ${await serviceAuth(moderator, stack().labelerDid, EMIT)}`)
    expect(wrongMethod.status).toBe(401)
    expect(wrongMethod.body.error).toBe('BadJwtLexiconMethod')
    const wrongAudience = await list(`Bearer ${await serviceAuth(moderator, stack().services.appview.did, LIST)}`)
    expect(wrongAudience.status).toBe(401)
    expect(wrongAudience.body.error).toBe('BadJwtAudience')
  })

  it('resolve a report without action: it leaves the queue and no label changes', async () => {
    const moderator = await moderatorUser()
    const reporter = await createUser('noaction')
    const { data: report } = await reporter.agent.withProxy('atproto_labeler', stack().labelerDid).com.atproto.moderation.createReport({
      reasonType: 'com.atproto.moderation.defs#reasonOther',
      reason: 'I just do not like them',
      subject: { $type: 'com.atproto.admin.defs#repoRef', did: reporter.did },
    })

    const bySomeone = await asModerator(reporter, RESOLVE, { body: { ids: [report.id] } })
    expect([bySomeone.status, bySomeone.body.error]).toEqual([403, 'NotModerator'])
    const unknown = await asModerator(moderator, RESOLVE, { body: { ids: [report.id, 987654321] } })
    expect([unknown.status, unknown.body.error]).toEqual([400, 'ReportNotFound'])
    const listed = await asModerator(moderator, LIST, { params: { limit: 100 } })
    expect(listed.body.reports.map((r: any) => r.id)).toContain(report.id)

    const resolved = await asModerator(moderator, RESOLVE, { body: { ids: [report.id, report.id] } })
    expect(resolved.status).toBe(200)
    expect(resolved.body.resolvedReports).toEqual([report.id])
    const after = await asModerator(moderator, LIST, { params: { limit: 100 } })
    expect(after.body.reports.map((r: any) => r.id)).not.toContain(report.id)
    expect(await valsOn(reporter.did)).toEqual([])
  })

  it('pages open reports newest first with a cursor, and answers bad input with named errors', async () => {
    const moderator = await moderatorUser()
    const reporter = await createUser('pager')
    const proxied = reporter.agent.withProxy('atproto_labeler', stack().labelerDid)
    const made: number[] = []
    // Three reasons: a repeat of the same open report (same subject and reason type) files nothing new.
    const send = (reason: string, reasonType: string) =>
      proxied.com.atproto.moderation.createReport({ reasonType, reason, subject: { $type: 'com.atproto.admin.defs#repoRef', did: reporter.did } })
    for (const [reason, type] of [['first', 'reasonOther'], ['second', 'reasonSpam'], ['third', 'reasonRude']] as const) {
      made.push((await send(reason, `com.atproto.moderation.defs#${type}`)).data.id)
    }
    const repeat = await send('first, again', 'com.atproto.moderation.defs#reasonOther')
    expect(repeat.data).toMatchObject({ id: made[0], reason: 'first' })
    const first = await asModerator(moderator, LIST, { params: { limit: 2 } })
    expect(first.body.reports.map((r: any) => r.id)).toEqual([made[2], made[1]])
    expect(first.body.cursor).toEqual(expect.any(String))
    const second = await asModerator(moderator, LIST, { params: { limit: 2, cursor: first.body.cursor } })
    expect(second.body.reports[0]).toMatchObject({ id: made[0], subject: { uri: reporter.did }, subjectType: 'account', reason: 'first' })

    const badCursor = await asModerator(moderator, LIST, { params: { cursor: 'not-ours' } })
    expect(badCursor.status).toBe(400)
    expect(badCursor.body.error).toBe('BadCursor')

    const emit = (body: Record<string, unknown>) => asModerator(moderator, EMIT, { body: { subject: { uri: reporter.did }, val: '!hide', reason: 'r', ...body } })
    const cases: [Record<string, unknown>, string][] = [
      [{ val: 'porn' }, 'UnknownLabelValue'],
      [{ val: 'likeness-consented' }, 'NotModeratorLabel'],
      [{ reason: '   ' }, 'ReasonRequired'],
      [{ subject: { uri: `at://${reporter.handle}/app.framewright.video.post/3kxyz` } }, 'InvalidSubject'],
      [{ resolveReports: [made[0], 987654321] }, 'ReportNotFound'],
      [{ val: undefined }, 'InvalidRequest'],
    ]
    for (const [body, error] of cases) {
      const res = await emit(body)
      expect([res.status, res.body.error], JSON.stringify(body)).toEqual([400, error])
    }
    // A refused decision changes nothing: no label, and the report is still open.
    expect(await valsOn(reporter.did)).toEqual([])
    const still = await asModerator(moderator, LIST, { params: { limit: 3 } })
    expect(still.body.reports.map((r: any) => r.id)).toContain(made[0])
  })
})
