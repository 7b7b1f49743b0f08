import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { AtpAgent } from '@atproto/api'
import { ids } from '@framewright/lexicons'
import { browserPerFile, logInThroughClient, SHOTS } from '../helpers/browser'
import { createUser, feedUri, serviceAuth, stack, waitFor, xrpc, type TestUser } from '../helpers/network'
import { quickVideo } from '../helpers/videos'

const browser = browserPerFile()

async function moderatorUser(): Promise<TestUser> {
  const { handle, did } = stack().feedPublisher
  const secrets = JSON.parse(readFileSync(join(stack().dataDir, 'secrets.json'), 'utf8'))
  const password: string = secrets.passwords[handle]
  const agent = new AtpAgent({ service: stack().services.pds.url })
  await agent.login({ identifier: handle, password })
  return { handle, did, password, agent }
}

async function emitLabel(body: Record<string, unknown>) {
  const token = await serviceAuth(await moderatorUser(), stack().labelerDid, ids.AppFramewrightLabelerEmitLabel)
  const res = await xrpc(stack().services.labeler.url, ids.AppFramewrightLabelerEmitLabel, { body, headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
}

/** Waits until the feed generator lists a video in Fresh (so that the test's browser will find it). */
async function listedInFresh(video: { crosspost: { uri: string } }) {
  await waitFor('the video in Fresh', async () => {
    const res = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: feedUri('fresh'), limit: 30 } })
    return res.body.feed.some((i: { post: string }) => i.post === video.crosspost.uri)
  }, 90_000)
}

const card = (page: Page, uri: string) => page.locator(`[data-testid="feed-item"][data-uri="${uri}"]`)

/** Writes a feed.prefs record and waits until the feed generator ranks by it. */
async function putPrefsIndexed(user: TestUser, prefs: Record<string, unknown>) {
  const res = await user.agent.com.atproto.repo.putRecord({
    repo: user.did,
    collection: ids.AppFramewrightFeedPrefs,
    rkey: 'self',
    record: { $type: ids.AppFramewrightFeedPrefs, mutedTags: [], createdAt: new Date().toISOString(), ...prefs },
  })
  const token = () => serviceAuth(user, stack().services.feedGenerator.did, ids.AppBskyFeedGetFeedSkeleton)
  await waitFor('the generator ranks by the new prefs', async () => {
    const page = await fetch(`${stack().services.feedGenerator.url}/xrpc/${ids.AppBskyFeedGetFeedSkeleton}?feed=${encodeURIComponent(feedUri('following'))}&limit=1`, {
      headers: { authorization: `Bearer ${await token()}` },
    })
    return page.headers.get('framewright-viewer-prefs') === res.data.cid
  }, 90_000)
}

describe('moderation that holds, in a real browser', () => {
  it('a takedown removes the video for another viewer, already watching and logged out, within 10 s', { timeout: 240_000 }, async () => {
    const creator = await createUser('downed')
    const video = await quickVideo(creator, { prompt: 'a lighthouse made of paper, folding itself in the wind' })
    await listedInFresh(video)

    const page = await browser.freshPage()
    await page.goto(stack().services.client.url)
    await page.getByRole('button', { name: 'Fresh', exact: true }).click()
    await card(page, video.uri).waitFor({ state: 'attached', timeout: 20_000 })

    await emitLabel({ subject: { uri: video.uri }, val: '!takedown', reason: 'Taken down in a test.' })
    // No reload, no click: the feed on screen must drop it by itself, within 10 s of the decision.
    await card(page, video.uri).waitFor({ state: 'detached', timeout: 10_000 })
    await page.screenshot({ path: `${SHOTS}/takedown-after.png` })

    // A viewer who opens the app afresh, logged in, does not get it either (the appview redacts it).
    const other = await createUser('afterdown')
    const page2 = await browser.freshPage()
    await logInThroughClient(page2, other)
    await page2.getByRole('button', { name: 'Fresh', exact: true }).click()
    await page2.getByTestId('feed-item').first().waitFor({ state: 'attached', timeout: 20_000 })
    expect(await card(page2, video.uri).count()).toBe(0)
  })

  // Its video must not look like the one taken down above: the known-copy detector would take it down too
  // (quickVideo renders a different picture each time). hiddenReasons.test.ts covers the wording.
  it('!hide hides with the right reason: moderators, not the viewer’s label settings', { timeout: 240_000 }, async () => {
    const creator = await createUser('hidden')
    const video = await quickVideo(creator, { prompt: 'a quiet snowfield under a violet sky' })
    await listedInFresh(video)
    const page = await browser.freshPage()
    await page.goto(stack().services.client.url)
    await page.getByRole('button', { name: 'Fresh', exact: true }).click()
    await card(page, video.uri).waitFor({ state: 'attached', timeout: 20_000 })
    await emitLabel({ subject: { uri: video.uri }, val: '!hide', reason: 'Hidden in a test.' })
    // The labels of what is on screen are asked for again every few seconds: no reload. Other tests'
    // videos on this page come and go, and may be hidden for either reason: the note names which.
    const hiddenAs = async (attr: string) => {
      const note = page.getByTestId('hidden-note')
      return (await note.count()) > 0 ? ((await note.getAttribute(attr)) ?? '').split(' ') : []
    }
    await expect.poll(() => hiddenAs('data-removed-by-moderators'), { timeout: 30_000 }).toContain(video.uri)
    expect(await hiddenAs('data-hidden-by-settings')).not.toContain(video.uri)
    expect(hiddenCounts(await noteText(page)).byModerators).toBeGreaterThanOrEqual(1)
    expect(await card(page, video.uri).count()).toBe(0)
  })
})

describe('a finite feed that tells the truth, in a real browser', () => {
  it('the daily limit counts across feeds: switching to Fresh does not dodge it, and the end card says so', { timeout: 240_000 }, async () => {
    const me = await createUser('limited')
    await putPrefsIndexed(me, { dailyLimit: 2 })
    const page = await browser.freshPage()
    await logInThroughClient(page, me)
    const end = page.getByTestId('feed-end')
    await end.waitFor({ state: 'attached', timeout: 20_000 })
    expect(await page.getByTestId('feed-item').count()).toBe(2)
    await expect.poll(() => end.getAttribute('data-end')).toBe('dailyLimit')
    expect(await end.textContent()).toContain("You've watched 2 videos today, your daily limit of 2")
    expect(await end.textContent()).toMatch(/start again at .+\(in /)
    expect(await end.textContent()).not.toContain('make the first one')
    await end.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/feed-end-daily-limit.png` })

    const served = await page.getByTestId('feed-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-uri')))
    await page.getByRole('button', { name: 'Fresh', exact: true }).click()
    await expect.poll(() => page.getByTestId('feed-end').getAttribute('data-end'), { timeout: 20_000 }).toBe('dailyLimit')
    // Only what was already served today may show again; nothing new.
    const inFresh = await page.getByTestId('feed-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-uri')))
    for (const uri of inFresh) expect(served).toContain(uri)
  })

  it('saved settings apply to the feed without a reload', { timeout: 240_000 }, async () => {
    const me = await createUser('steerer')
    const page = await browser.freshPage()
    await logInThroughClient(page, me)
    await page.getByTestId('feed-item').first().waitFor({ state: 'attached', timeout: 20_000 })
    // With the default limit, whatever the first feed shows, it is not the daily limit's end.
    if ((await page.getByTestId('feed-end').count()) > 0) expect(await page.getByTestId('feed-end').getAttribute('data-end')).not.toBe('dailyLimit')
    await page.getByTestId('open-feed-settings').click()
    await page.getByTestId('feed-settings').waitFor({ state: 'visible' })
    await page.getByTestId('prefs-daily-limit').fill('1')
    await page.getByTestId('prefs-save').click()
    await page.getByTestId('prefs-saved').waitFor({ state: 'visible', timeout: 15_000 })
    await page.keyboard.press('Escape')
    // No reload: the feed reloads by itself once the generator ranks by the new settings.
    await expect.poll(() => page.getByTestId('feed-end').getAttribute('data-end'), { timeout: 20_000 }).toBe('dailyLimit')
    expect(await page.getByTestId('feed-end').textContent()).toContain('your daily limit of 1')
  })

  it('a logged-out Following tab asks you to log in, not to create', async () => {
    const page = await browser.freshPage()
    await page.goto(stack().services.client.url)
    await page.getByRole('button', { name: 'Following', exact: true }).click()
    const end = page.getByTestId('feed-end')
    await expect.poll(() => end.getAttribute('data-end'), { timeout: 20_000 }).toBe('authRequired')
    expect(await end.locator('h2').textContent()).toBe('Log in to see Following')
    expect(await end.textContent()).not.toContain('make the first one')
    await page.screenshot({ path: `${SHOTS}/feed-end-login.png` })
    await page.getByTestId('feed-end-login').click()
    await page.getByTestId('login-handle').waitFor({ state: 'visible' })
  })
})

/** The Fresh page's note on hidden videos ('' when nothing is hidden). */
async function noteText(page: Page): Promise<string> {
  const note = page.getByTestId('hidden-note')
  return (await note.count()) > 0 ? ((await note.textContent()) ?? '') : ''
}

/** The two counts the note gives (see client/src/labels/hiddenReasons.ts). */
function hiddenCounts(text: string): { byModerators: number; bySettings: number } {
  const count = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0)
  return { byModerators: count(/(\d+) videos? removed by moderators/), bySettings: count(/(\d+) videos? hidden by your label settings/) }
}
