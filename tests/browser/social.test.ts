import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AtpAgent } from '@atproto/api'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ids } from '@framewright/lexicons'
import { browserPerFile, logInThroughClient, SHOTS, type PageOptions } from '../helpers/browser'
import { createUser, feedUri, serviceAuth, stack, waitFor, xrpc, type TestUser } from '../helpers/network'
import { putProfile, quickVideo } from '../helpers/videos'

const browser = browserPerFile()

/** Browser tests drive several pages through a real network on a shared 2-core machine. */
const SLOW = 300_000

/** A fresh browser profile (its own storage, so its own session), 1280×800 unless asked otherwise. */
const newPage = (viewport: PageOptions = { width: 1280, height: 800 }): Promise<Page> => browser.freshPage(viewport)

const client = () => stack().services.client.url
/** A feed's tab in the picker the layout shows. */
const feedTab = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).first()
const rkeyOf = (uri: string) => uri.split('/').pop()!

/** Waits for the appview to hold a video (its thread answers). */
async function indexed(uri: string) {
  await waitFor('the appview to index the video', async () => (await xrpc(stack().services.appview.url, ids.AppFramewrightVideoGetThread, { params: { video: uri } })).status === 200)
}

async function plainAgent(user: TestUser): Promise<AtpAgent> {
  const agent = new AtpAgent({ service: stack().services.pds.url })
  await agent.login({ identifier: user.handle, password: user.password })
  return agent
}

describe('profiles and follow, in a real browser', () => {
  it('a handle on a card leads to the profile with the person’s videos; Follow fills the Following tab', async () => {
    const maker = await createUser('followed')
    await putProfile(maker, 'Followed Maker')
    const video = await quickVideo(maker, { prompt: 'origami cranes taking flight' })
    await indexed(video.uri)
    await waitFor('the feed generator to hold the video', async () => {
      const res = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: feedUri('fresh'), limit: 100 } })
      return res.body.feed?.some((i: { post: string }) => i.post === video.crosspost.uri)
    })

    const viewer = await createUser('follows')
    const page = await newPage()
    await logInThroughClient(page, viewer)

    // Following is empty before: nobody is followed yet.
    await feedTab(page, 'Following').click()
    await page.locator('.end-card, [data-testid="feed-item"]').first().waitFor({ timeout: 20_000 })
    expect(await page.locator(`[data-testid="feed-item"][data-uri="${video.uri}"]`).count()).toBe(0)

    // The video page, then its creator's handle, as a person would get there from a shared link.
    await page.goto(`${client()}/video/${maker.did}/${rkeyOf(video.uri)}`)
    await page.getByTestId('video-page').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('video-page').getAttribute('data-uri')).toBe(video.uri)
    await page.getByTestId('video-page').getByTestId('creator-link').click()
    await page.waitForURL(`${client()}/profile/${maker.handle}`)
    const profile = page.getByTestId('profile-page')
    await profile.waitFor({ timeout: 20_000 })
    expect(await profile.getAttribute('data-did')).toBe(maker.did)
    expect(await page.locator('#profile-name').textContent()).toBe('Followed Maker')
    await page.locator(`[data-testid="profile-video"][data-uri="${video.uri}"]`).waitFor({ timeout: 20_000 })
    await page.screenshot({ path: `${SHOTS}/social-profile-1280.png` })

    const follow = page.getByTestId('follow')
    expect(await follow.textContent()).toBe('Follow')
    await follow.click()
    await page.getByTestId('follow').filter({ hasText: 'Following' }).waitFor({ timeout: 15_000 })

    // The follow is an app.bsky.graph.follow record in the viewer's own repo.
    const { data } = await viewer.agent.com.atproto.repo.listRecords({ repo: viewer.did, collection: 'app.bsky.graph.follow' })
    expect(data.records.map((r) => (r.value as { subject: string }).subject)).toEqual([maker.did])

    // It reaches the feed generator, and the Following tab fills.
    const token = () => serviceAuth(viewer, stack().services.feedGenerator.did, ids.AppBskyFeedGetFeedSkeleton)
    await waitFor('the follow to reach the Following feed', async () => {
      const res = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: feedUri('following') }, headers: { authorization: `Bearer ${await token()}` } })
      return res.body.feed?.some((i: { post: string }) => i.post === video.crosspost.uri)
    })
    await page.getByTestId('nav-feed').click()
    await page.waitForURL(`${client()}/#/`)
    await feedTab(page, 'Fresh').click()
    await feedTab(page, 'Following').click()
    await page.locator(`[data-testid="feed-item"][data-uri="${video.uri}"]`).waitFor({ timeout: 20_000 })
    await page.screenshot({ path: `${SHOTS}/social-following-1280.png` })

    // Reload keeps the profile route; the follow shows as Following from the appview's index.
    await page.goto(`${client()}/profile/${maker.handle}`)
    await page.getByTestId('follow').filter({ hasText: 'Following' }).waitFor({ timeout: 20_000 })
  }, SLOW)
})

describe('video pages, comments and notifications, in a real browser', () => {
  it('opens the right video, shares its links, shows a reply written by a plain Bluesky agent, and tells the creator', async () => {
    const creator = await createUser('commented')
    const commenter = await createUser('commenter')
    const video = await quickVideo(creator, { prompt: 'a tide pool at night, bioluminescent' })
    const other = await quickVideo(creator, { prompt: 'a different video entirely' })
    await indexed(video.uri)
    await indexed(other.uri)

    // As the Bluesky app would write it.
    const agent = await plainAgent(commenter)
    const reply = await agent.post({ text: 'the glow looks real', reply: { root: video.crosspost, parent: video.crosspost } })
    await commenter.agent.follow(creator.did)

    const page = await newPage()
    await logInThroughClient(page, creator)
    await page.goto(`${client()}/video/${creator.did}/${rkeyOf(video.uri)}`)
    const videoPage = page.getByTestId('video-page')
    await videoPage.waitFor({ timeout: 20_000 })
    expect(await videoPage.getAttribute('data-uri')).toBe(video.uri)
    expect(await videoPage.locator('.caption').textContent()).toBe('a tide pool at night, bioluminescent')
    expect(await videoPage.locator('video').count()).toBe(1)
    const comment = page.locator(`[data-testid="comment"][data-uri="${reply.uri}"]`)
    await waitFor('the reply under the video', async () => {
      if ((await comment.count()) > 0) return true
      await page.reload()
      await videoPage.waitFor({ timeout: 20_000 })
      return false
    }, 30_000)
    expect(await comment.textContent()).toContain('the glow looks real')
    expect(await comment.textContent()).toContain(`@${commenter.handle}`)

    // Share: this page's own link, and the companion post on bsky.app.
    expect(await page.getByTestId('share-link').inputValue()).toBe(`${client()}/video/${encodeURIComponent(creator.did)}/${rkeyOf(video.uri)}`)
    expect(await page.getByTestId('share-bsky').getAttribute('href')).toBe(`https://bsky.app/profile/${creator.did}/post/${rkeyOf(video.crosspost.uri)}`)

    // A like is a record of the viewer's, with no count anywhere.
    await page.getByTestId('like').click()
    await page.getByTestId('like').filter({ hasText: 'Liked' }).waitFor({ timeout: 15_000 })
    const likes = await creator.agent.com.atproto.repo.listRecords({ repo: creator.did, collection: 'app.bsky.feed.like' })
    expect(likes.data.records.map((r) => (r.value as { subject: { uri: string } }).subject.uri)).toEqual([video.crosspost.uri])

    // A comment written here is a Bluesky reply to the companion post.
    await page.getByTestId('comment-text').fill('thank you!')
    await page.getByTestId('comment-send').click()
    await page.getByTestId('comment').filter({ hasText: 'thank you!' }).waitFor({ timeout: 15_000 })
    const posts = await creator.agent.com.atproto.repo.listRecords({ repo: creator.did, collection: 'app.bsky.feed.post' })
    const mine = posts.data.records.find((r) => (r.value as { text: string }).text === 'thank you!')
    expect((mine?.value as { reply: { root: { uri: string } } }).reply.root.uri).toBe(video.crosspost.uri)
    await page.screenshot({ path: `${SHOTS}/social-video-1280.png` })

    // The creator's badge counts the reply and the follow; the list says what happened.
    const badge = page.getByTestId('unread-badge')
    await waitFor('the unread badge', async () => {
      if ((await badge.count()) > 0 && Number(await badge.textContent()) >= 2) return true
      await page.reload()
      await page.getByTestId('nav-notifications').waitFor({ timeout: 20_000 })
      return false
    }, 30_000)
    await page.getByTestId('nav-notifications').click()
    const list = page.getByTestId('notifications-page')
    await list.waitFor({ timeout: 15_000 })
    await page.locator('[data-testid="notification"][data-reason="replied"]').waitFor({ timeout: 15_000 })
    expect(await page.locator('[data-testid="notification"][data-reason="replied"]').first().textContent()).toContain(`@${commenter.handle} commented on your video`)
    expect(await page.locator('[data-testid="notification"][data-reason="followed"]').first().textContent()).toContain(`@${commenter.handle} followed you`)
    await expect.poll(() => badge.count(), { timeout: 15_000 }).toBe(0)
    await page.screenshot({ path: `${SHOTS}/social-notifications-1280.png` })

    // The same pages on a phone.
    const phone = await newPage({ width: 390, height: 844 })
    await logInThroughClient(phone, creator)
    await phone.goto(`${client()}/video/${creator.did}/${rkeyOf(video.uri)}`)
    await phone.getByTestId('comment').first().waitFor({ timeout: 20_000 })
    await phone.screenshot({ path: `${SHOTS}/social-video-390.png`, fullPage: true })
    await phone.goto(`${client()}/profile/${creator.handle}`)
    await phone.getByTestId('profile-video').first().waitFor({ timeout: 20_000 })
    await phone.screenshot({ path: `${SHOTS}/social-profile-390.png` })
    await phone.goto(`${client()}/#/notifications`)
    await phone.getByTestId('notification').first().waitFor({ timeout: 20_000 })
    await phone.screenshot({ path: `${SHOTS}/social-notifications-390.png` })
  }, SLOW)

  it('indents a reply under the comment it answers, flattens deeper ones, pages with More comments, and replies from here', async () => {
    const creator = await createUser('busyvideo')
    const talker = await createUser('talkative')
    const answerer = await createUser('answers')
    const video = await quickVideo(creator, { prompt: 'a crowded night market in the rain' })
    await indexed(video.uri)
    const root = video.crosspost
    // One more top-level comment than the client shows on a page (20), all from a plain Bluesky agent.
    const agent = await plainAgent(talker)
    const tops = []
    for (let i = 1; i <= 21; i++) tops.push(await agent.post({ text: `comment ${i}`, reply: { root, parent: root } }))
    const answerAgent = await plainAgent(answerer)
    const answer = await answerAgent.post({ text: 'an answer to the first', reply: { root, parent: tops[0]! } })
    const deeper = await agent.post({ text: 'an answer to the answer', reply: { root, parent: answer } })
    await waitFor('the appview to hold all 23 comments', async () => {
      const res = await xrpc(stack().services.appview.url, ids.AppFramewrightVideoGetThread, { params: { video: video.uri, limit: 100 } })
      return res.body.comments?.flatMap((c: any) => [c, ...(c.replies ?? [])]).length === 23
    })

    const viewer = await createUser('readsall')
    const page = await newPage()
    await logInThroughClient(page, viewer)
    await page.goto(`${client()}/video/${creator.did}/${rkeyOf(video.uri)}`)
    const topLevel = page.locator('.comment-list > [data-testid="comment"]')
    await topLevel.first().waitFor({ timeout: 20_000 })
    expect(await topLevel.count()).toBe(20)
    // The answer and the answer to it sit one level in, under the first comment.
    const first = topLevel.first()
    expect(await first.getAttribute('data-uri')).toBe(tops[0]!.uri)
    const nested = first.locator('.comment-replies > [data-testid="comment"]')
    expect(await nested.evaluateAll((els) => els.map((e) => e.getAttribute('data-uri')))).toEqual([answer.uri, deeper.uri])
    expect(await nested.nth(1).textContent()).toContain(`replying to @${answerer.handle}`)
    expect(await page.locator('.comment-replies .comment-replies').count()).toBe(0)
    const indent = await nested.first().evaluate((el) => el.getBoundingClientRect().left)
    expect(indent).toBeGreaterThan(await first.evaluate((el) => el.getBoundingClientRect().left))

    // The 21st comment is on the next page.
    expect(await page.locator(`[data-testid="comment"][data-uri="${tops[20]!.uri}"]`).count()).toBe(0)
    await page.getByTestId('comments-more').click()
    await page.locator(`[data-testid="comment"][data-uri="${tops[20]!.uri}"]`).waitFor({ timeout: 15_000 })
    expect(await topLevel.count()).toBe(21)
    await expect.poll(() => page.getByTestId('comments-more').count(), { timeout: 10_000 }).toBe(0)

    // Reply to the second comment from here: a Bluesky reply whose parent is that comment, shown under it.
    await topLevel.nth(1).getByTestId('comment-reply').first().click()
    expect(await page.getByTestId('comment-replying').textContent()).toContain(`@${talker.handle}`)
    await page.getByTestId('comment-text').fill('agreed, the second is best')
    await page.getByTestId('comment-send').click()
    await topLevel.nth(1).locator('.comment-replies [data-testid="comment"]').filter({ hasText: 'agreed, the second is best' }).waitFor({ timeout: 15_000 })
    const posts = await viewer.agent.com.atproto.repo.listRecords({ repo: viewer.did, collection: 'app.bsky.feed.post' })
    const mine = posts.data.records.find((r) => (r.value as { text: string }).text === 'agreed, the second is best')
    expect((mine?.value as { reply: { root: { uri: string }; parent: { uri: string } } }).reply).toMatchObject({ root: { uri: root.uri }, parent: { uri: tops[1]!.uri } })
    // And after a reload, from the appview's index.
    await waitFor('the reply to be indexed under the second comment', async () => {
      const res = await xrpc(stack().services.appview.url, ids.AppFramewrightVideoGetThread, { params: { video: video.uri, limit: 2 } })
      return res.body.comments?.[1]?.replies?.some((r: any) => r.uri === mine?.uri)
    })
    await page.reload()
    await topLevel.nth(1).locator(`.comment-replies [data-uri="${mine?.uri}"]`).waitFor({ timeout: 20_000 })
    await page.screenshot({ path: `${SHOTS}/social-threaded-comments-1280.png`, fullPage: true })
  }, SLOW)

  it('counts a decided report in the badge and marks its outcome new in the list, until the list is seen', async () => {
    const creator = await createUser('objected')
    const reporter = await createUser('objector')
    const video = await quickVideo(creator, { prompt: 'a billboard that insults a real person' })
    await indexed(video.uri)
    const { data: report } = await reporter.agent.withProxy('atproto_labeler', stack().labelerDid).com.atproto.moderation.createReport({
      reasonType: 'com.atproto.moderation.defs#reasonViolation',
      subject: { $type: 'com.atproto.repo.strongRef', uri: video.uri, cid: video.cid },
    })
    // The local stack's moderator takes it down, resolving the report.
    const { handle, did } = stack().feedPublisher
    const password: string = JSON.parse(readFileSync(join(stack().dataDir, 'secrets.json'), 'utf8')).passwords[handle]
    const moderatorAgent = new AtpAgent({ service: stack().services.pds.url })
    await moderatorAgent.login({ identifier: handle, password })
    const token = await serviceAuth({ handle, did, password, agent: moderatorAgent }, stack().labelerDid, ids.AppFramewrightLabelerEmitLabel)
    const emitted = await xrpc(stack().services.labeler.url, ids.AppFramewrightLabelerEmitLabel, {
      headers: { authorization: `Bearer ${token}` },
      body: { subject: { uri: video.uri, cid: video.cid }, val: '!takedown', reason: 'Harassment of a real person.', resolveReports: [report.id] },
    })
    expect(emitted.status, JSON.stringify(emitted.body)).toBe(200)

    // The reporter has no other news: the badge's one is the decision.
    const page = await newPage()
    await logInThroughClient(page, reporter)
    const badge = page.getByTestId('unread-badge')
    await badge.waitFor({ timeout: 20_000 })
    expect(await badge.textContent()).toBe('1')
    await page.getByTestId('nav-notifications').click()
    const outcome = page.getByTestId('report-outcome')
    await outcome.waitFor({ timeout: 20_000 })
    // New once the list says when the viewer last looked (the two load side by side).
    await expect.poll(() => outcome.getAttribute('data-new'), { timeout: 15_000 }).toBe('true')
    expect(await outcome.textContent()).toContain('decided: it was taken down')
    await expect.poll(() => badge.count(), { timeout: 15_000 }).toBe(0)
    await page.screenshot({ path: `${SHOTS}/social-report-outcome-1280.png` })

    // Seen: after a reload it is neither counted nor new.
    await page.reload()
    await page.getByTestId('report-outcome').waitFor({ timeout: 20_000 })
    await expect.poll(async () => page.getByTestId('report-outcome').getAttribute('data-new'), { timeout: 15_000 }).toBe('false')
    expect(await badge.count()).toBe(0)
  }, SLOW)

  it('says a video that does not exist is not available', async () => {
    const page = await newPage()
    await page.goto(`${client()}/video/did:plc:nobodyhere/3kzzzzzzzzzzz`, { timeout: 60_000 })
    await page.getByTestId('video-missing').waitFor({ timeout: 20_000 })
  }, SLOW)
})
