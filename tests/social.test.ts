import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AtpAgent } from '@atproto/api'
import { describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { createUser, serviceAuth, stack, waitFor, xrpc, type TestUser } from './helpers/network'
import { putGrant, putProfile, quickVideo } from './helpers/videos'

const appview = () => stack().services.appview

/** An appview method called as a signed-in client calls it: with a service JWT minted by the user's PDS. */
async function asUser(user: TestUser, nsid: string, opts: { params?: Record<string, string | number | string[] | undefined>; body?: unknown } = {}) {
  const token = await serviceAuth(user, appview().did, nsid)
  return xrpc(appview().url, nsid, { ...opts, headers: { authorization: `Bearer ${token}` } })
}

async function notifications(user: TestUser): Promise<any[]> {
  const res = await asUser(user, ids.AppFramewrightNotificationListNotifications)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.notifications
}

async function waitForNotification(user: TestUser, reason: string, uri: string) {
  return waitFor(`${user.handle} to be told "${reason}" about ${uri}`, async () => (await notifications(user)).find((n) => n.reason === reason && n.uri === uri))
}

describe('comments and likes: Bluesky replies to and likes of the companion post', () => {
  it('shows a reply written by a plain Bluesky agent under the video, tells the creator, and forgets it when deleted', async () => {
    const creator = await createUser('maker')
    const commenter = await createUser('replier')
    const video = await quickVideo(creator, { prompt: 'a lighthouse made of glass' })
    await waitFor('the appview to index the video', async () => (await xrpc(appview().url, ids.AppFramewrightVideoGetThread, { params: { video: video.uri } })).status === 200)

    // As the Bluesky app would: a plain agent, app.bsky.feed.post with reply refs to the companion post.
    const plain = new AtpAgent({ service: stack().services.pds.url })
    await plain.login({ identifier: commenter.handle, password: commenter.password })
    const reply = await plain.post({ text: 'the refraction at dusk is lovely', reply: { root: video.crosspost, parent: video.crosspost } })

    const thread = await waitFor('the reply to show under the video', async () => {
      const res = await xrpc(appview().url, ids.AppFramewrightVideoGetThread, { params: { video: video.uri } })
      return res.body.comments?.length === 1 ? res.body : undefined
    })
    expect(thread.companion).toEqual({ uri: video.crosspost.uri, cid: video.crosspost.cid })
    expect(thread.comments[0]).toMatchObject({ uri: reply.uri, text: 'the refraction at dusk is lovely', author: { did: commenter.did, handle: commenter.handle }, parent: video.crosspost.uri })
    // The companion post's URI finds the same thread.
    const byPost = await xrpc(appview().url, ids.AppFramewrightVideoGetThread, { params: { video: video.crosspost.uri } })
    expect(byPost.body.comments.map((c: any) => c.uri)).toEqual([reply.uri])

    const told = await waitForNotification(creator, 'replied', reply.uri)
    expect(told).toMatchObject({ author: { did: commenter.did }, reasonSubject: video.uri, text: 'the refraction at dusk is lovely', isRead: false })

    // A reply to something else is not a comment here.
    const elsewhere = await plain.post({ text: 'unrelated' })
    await plain.post({ text: 'also unrelated', reply: { root: elsewhere, parent: elsewhere } })

    await plain.deletePost(reply.uri)
    await waitFor('the deleted reply to leave the video', async () => (await xrpc(appview().url, ids.AppFramewrightVideoGetThread, { params: { video: video.uri } })).body.comments.length === 0)
    await waitFor('the deleted reply to leave the notifications', async () => !(await notifications(creator)).some((n) => n.uri === reply.uri))
  })

  it('gives the viewer their own like of the companion post, and no count to anyone', async () => {
    const creator = await createUser('liked')
    const fan = await createUser('fan')
    const video = await quickVideo(creator, { prompt: 'a paper boat in a storm drain' })
    await waitFor('the appview to index the video', async () => (await xrpc(appview().url, ids.AppFramewrightVideoGetThread, { params: { video: video.uri } })).status === 200)
    const like = await fan.agent.like(video.crosspost.uri, video.crosspost.cid)
    const thread = await waitFor('the like to be known', async () => {
      const res = await asUser(fan, ids.AppFramewrightVideoGetThread, { params: { video: video.uri } })
      return res.body.viewer?.like ? res.body : undefined
    })
    expect(thread.viewer).toEqual({ like: like.uri })
    expect(JSON.stringify(thread)).not.toMatch(/likeCount|count/i)
    // Someone else sees no like of theirs; anonymous viewers get no viewer state.
    expect((await asUser(creator, ids.AppFramewrightVideoGetThread, { params: { video: video.uri } })).body.viewer).toEqual({})
    expect((await xrpc(appview().url, ids.AppFramewrightVideoGetThread, { params: { video: video.uri } })).body.viewer).toBeUndefined()
    await fan.agent.deleteLike(like.uri)
    await waitFor('the unlike to be known', async () => (await asUser(fan, ids.AppFramewrightVideoGetThread, { params: { video: video.uri } })).body.viewer?.like === undefined)
  })

  it('threads replies under their top-level comment, one level deep, and pages by top-level comment', async () => {
    const creator = await createUser('threaded')
    const a = await createUser('talker')
    const b = await createUser('answerer')
    const video = await quickVideo(creator, { prompt: 'a kite caught in a willow' })
    await waitFor('the appview to index the video', async () => (await xrpc(appview().url, ids.AppFramewrightVideoGetThread, { params: { video: video.uri } })).status === 200)
    const root = video.crosspost
    const page = (cursor?: string, limit = 2) => xrpc(appview().url, ids.AppFramewrightVideoGetThread, { params: { video: video.uri, limit, cursor } })
    let written = 0
    // One at a time, each indexed before the next is written, so "oldest first" is well defined
    // (comments indexed in one batch can share a millisecond and then sort by URI).
    const comment = async (user: TestUser, text: string, parent: { uri: string; cid: string }) => {
      const posted = await user.agent.post({ text, reply: { root, parent } })
      written++
      await waitFor(`"${text}" to be indexed`, async () => {
        const all = (await page(undefined, 100)).body.comments?.flatMap((c: any) => [c, ...(c.replies ?? [])]) ?? []
        return all.length === written
      })
      return posted
    }
    const first = await comment(a, 'first', root)
    const answer = await comment(b, 'answer to first', first)
    const deeper = await comment(a, 'answer to the answer', answer)
    const second = await comment(b, 'second', root)
    const third = await comment(creator, 'third', root)

    const one = (await page()).body
    expect(one.comments.map((c: any) => c.uri)).toEqual([first.uri, second.uri])
    // The reply to a reply is flattened under the top comment, still saying what it answers.
    expect(one.comments[0].replies.map((r: any) => [r.uri, r.parent, r.replies])).toEqual([
      [answer.uri, first.uri, undefined],
      [deeper.uri, answer.uri, undefined],
    ])
    expect(one.comments[1].replies).toBeUndefined()
    expect(one.cursor).toEqual(expect.any(String))
    const two = (await page(one.cursor)).body
    expect(two.comments.map((c: any) => c.uri)).toEqual([third.uri])
    expect(two.cursor).toBeUndefined()

    // Deleting a top-level comment leaves the replies under it standing.
    await a.agent.deletePost(first.uri)
    const after = await waitFor('the replies to stand on their own', async () => {
      const res = await xrpc(appview().url, ids.AppFramewrightVideoGetThread, { params: { video: video.uri } })
      return res.body.comments.length === 4 ? res.body : undefined
    })
    expect(after.comments.map((c: any) => c.uri)).toEqual([answer.uri, deeper.uri, second.uri, third.uri])
  })

  it('names unknown videos and bad cursors', async () => {
    const missing = await xrpc(appview().url, ids.AppFramewrightVideoGetThread, { params: { video: 'at://did:plc:nobodyhere/app.framewright.video.post/3kzzzzzzzzzzz' } })
    expect(missing).toMatchObject({ status: 400, body: { error: 'VideoNotFound' } })
    const creator = await createUser('cursed')
    const video = await quickVideo(creator, { prompt: 'a spoon in the sink' })
    const bad = await waitFor('the appview to index the video', async () => {
      const res = await xrpc(appview().url, ids.AppFramewrightVideoGetThread, { params: { video: video.uri, cursor: 'not-a-cursor' } })
      return res.status === 404 || res.body?.error === 'VideoNotFound' ? undefined : res
    })
    expect(bad).toMatchObject({ status: 400, body: { error: 'BadCursor' } })
  })
})

describe('notifications', () => {
  it('tells people they were depicted, remixed and followed; counts unread until seen', async () => {
    const creator = await createUser('notified')
    const subject = await createUser('depicted')
    const remixer = await createUser('remixer')
    const follower = await createUser('follower')
    await putGrant(subject, { audience: 'everyone' })
    const original = await quickVideo(creator, { prompt: 'a heron fishing', depicts: [subject.did] })
    const depicted = await waitForNotification(subject, 'depicted', original.uri)
    expect(depicted).toMatchObject({ author: { did: creator.did, handle: creator.handle }, text: 'a heron fishing' })

    const remix = await quickVideo(remixer, { prompt: 'the heron, in snow', remixOf: { uri: original.uri, cid: original.cid } })
    const remixed = await waitForNotification(creator, 'remixed', remix.uri)
    expect(remixed).toMatchObject({ author: { did: remixer.did }, reasonSubject: original.uri })

    const follow = await follower.agent.follow(creator.did)
    await waitForNotification(creator, 'followed', follow.uri)
    // Someone with no videos is told too, once they have asked for notifications.
    expect(await notifications(follower)).toEqual([])
    const back = await creator.agent.follow(follower.did)
    await waitForNotification(follower, 'followed', back.uri)

    const unread = await asUser(creator, ids.AppFramewrightNotificationGetUnreadCount)
    expect(unread.body.count).toBeGreaterThanOrEqual(2)
    const seen = await asUser(creator, ids.AppFramewrightNotificationUpdateSeen, { body: { seenAt: new Date().toISOString() } })
    expect(seen.status, JSON.stringify(seen.body)).toBe(200)
    expect((await asUser(creator, ids.AppFramewrightNotificationGetUnreadCount)).body.count).toBe(0)
    expect((await notifications(creator)).every((n) => n.isRead)).toBe(true)

    // An unfollow takes its notification back.
    await follower.agent.deleteFollow(follow.uri)
    await waitFor('the unfollow to remove the notification', async () => !(await notifications(creator)).some((n) => n.uri === follow.uri))
  })

  it('needs a service JWT for this appview and method', async () => {
    const user = await createUser('nojwt')
    expect((await xrpc(appview().url, ids.AppFramewrightNotificationListNotifications)).status).toBe(401)
    const wrongMethod = await serviceAuth(user, appview().did, ids.AppFramewrightNotificationGetUnreadCount)
    const res = await xrpc(appview().url, ids.AppFramewrightNotificationListNotifications, { headers: { authorization: `Bearer ${wrongMethod}` } })
    expect(res.status).toBe(401)
  })
})

describe('profiles', () => {
  it('shows a person by handle with their videos, the videos they allowed others to make of them, and whether the viewer follows them', async () => {
    const person = await createUser('profiled')
    const friend = await createUser('friend')
    const stranger = await createUser('stranger')
    await putProfile(person, 'Profiled Person')
    const own = await quickVideo(person, { prompt: 'my own kite' })
    const allowed = await quickVideo(friend, { prompt: 'my friend flying a kite', depicts: [person.did] })
    const notAllowed = await quickVideo(stranger, { prompt: 'that person again', depicts: [person.did] })
    await putGrant(person, { audience: 'approved', approved: [friend.did] })

    const profile = await waitFor('the profile to count the video', async () => {
      const res = await xrpc(appview().url, ids.AppFramewrightActorGetProfile, { params: { actor: person.handle } })
      return res.body.videoCount === 1 ? res.body : undefined
    })
    expect(profile).toMatchObject({ did: person.did, handle: person.handle, displayName: 'Profiled Person' })
    expect(profile.viewer).toBeUndefined()

    const made = await xrpc(appview().url, ids.AppFramewrightVideoGetAuthorVideos, { params: { actor: person.did } })
    expect(made.body.videos.map((v: any) => v.uri)).toEqual([own.uri])
    const depicted = await waitFor('only the allowed video to show as one they are in', async () => {
      const res = await xrpc(appview().url, ids.AppFramewrightVideoGetAuthorVideos, { params: { actor: person.did, filter: 'depicted' } })
      const uris = res.body.videos.map((v: any) => v.uri)
      return uris.includes(allowed.uri) ? uris : undefined
    })
    expect(depicted).toEqual([allowed.uri])
    expect(depicted).not.toContain(notAllowed.uri)

    const before = await asUser(friend, ids.AppFramewrightActorGetProfile, { params: { actor: person.did } })
    expect(before.body.viewer).toEqual({})
    const follow = await friend.agent.follow(person.did)
    await waitFor('the follow to show on the profile', async () => (await asUser(friend, ids.AppFramewrightActorGetProfile, { params: { actor: person.did } })).body.viewer?.following === follow.uri)
  })

  it('names a malformed handle and one nobody has', async () => {
    const bad = await xrpc(appview().url, ids.AppFramewrightActorGetProfile, { params: { actor: 'not a handle!' } })
    expect(bad).toMatchObject({ status: 400, body: { error: 'InvalidHandle' } })
    const nobody = await xrpc(appview().url, ids.AppFramewrightActorGetProfile, { params: { actor: 'nobody-at-all.test' } })
    expect(nobody).toMatchObject({ status: 400, body: { error: 'ActorNotFound' } })
    const filter = await xrpc(appview().url, ids.AppFramewrightVideoGetAuthorVideos, { params: { actor: 'did:plc:abc', filter: 'liked' } })
    expect(filter).toMatchObject({ status: 400, body: { error: 'UnknownFilter' } })
  })
})

describe('report outcomes', () => {
  it('tells the reporter, and only them, what became of their report', async () => {
    const creator = await createUser('reported')
    const reporter = await createUser('reporter')
    const video = await quickVideo(creator, { prompt: 'a video someone objects to' })
    const { data: report } = await reporter.agent.withProxy('atproto_labeler', stack().labelerDid).com.atproto.moderation.createReport({
      reasonType: 'com.atproto.moderation.defs#reasonMisleading',
      subject: { $type: 'com.atproto.repo.strongRef', uri: video.uri, cid: video.cid },
    })
    const mine = async (user: TestUser) => {
      const token = await serviceAuth(user, stack().labelerDid, ids.AppFramewrightLabelerListMyReports)
      const res = await xrpc(stack().services.labeler.url, ids.AppFramewrightLabelerListMyReports, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return res.body.reports as any[]
    }
    expect(await mine(reporter)).toEqual([expect.objectContaining({ id: report.id, subject: video.uri, status: 'open', decision: [] })])
    expect(await mine(creator)).toEqual([])

    // The local stack's moderator decides it.
    const { handle, did } = stack().feedPublisher
    const password: string = JSON.parse(readFileSync(join(stack().dataDir, 'secrets.json'), 'utf8')).passwords[handle]
    const agent = new AtpAgent({ service: stack().services.pds.url })
    await agent.login({ identifier: handle, password })
    const moderator: TestUser = { handle, did, password, agent }
    const token = await serviceAuth(moderator, stack().labelerDid, ids.AppFramewrightLabelerEmitLabel)
    const emitted = await xrpc(stack().services.labeler.url, ids.AppFramewrightLabelerEmitLabel, {
      headers: { authorization: `Bearer ${token}` },
      body: { subject: { uri: video.uri, cid: video.cid }, val: '!hide', reason: 'Misleading.', resolveReports: [report.id] },
    })
    expect(emitted.status, JSON.stringify(emitted.body)).toBe(200)
    const [decided] = await mine(reporter)
    expect(decided).toMatchObject({ id: report.id, status: 'resolved', decision: ['!hide'] })
    expect(Date.parse(decided.resolvedAt)).not.toBeNaN()
    expect((await xrpc(stack().services.labeler.url, ids.AppFramewrightLabelerListMyReports)).status).toBe(401)
  })
})
