import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ids } from '@framewright/lexicons'
import { browserPerFile, logInThroughClient, SHOTS } from '../helpers/browser'
import { createUser, feedUri, serviceAuth, stack, waitFor, xrpc } from '../helpers/network'
import { makeVideo } from '../helpers/videos'

const browser = browserPerFile()
let page: Page

beforeAll(async () => {
  page = await browser.freshPage()
})

const creationFirst = () => feedUri('creation-first')

/** Scrolls the feed until the card of a video is on the page (the feed loads pages as it goes). */
async function findCard(uri: string) {
  const card = page.locator(`[data-testid="feed-item"][data-uri="${uri}"]`)
  await waitFor('the card in the feed', async () => {
    if ((await card.count()) > 0) return true
    await page.getByTestId('feed-item').last().scrollIntoViewIfNeeded()
    return false
  })
  await card.scrollIntoViewIfNeeded()
  return card
}

describe('less like this, in a real browser', () => {
  it('the card goes at once, a confirmation shows, and the feed generator leaves it out from then on', async () => {
    const maker = await createUser('meh')
    const video = await makeVideo(maker, { prompt: 'a grey cube rotating slowly' })
    await waitFor('the video in the skeleton', async () => {
      const res = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: creationFirst(), limit: 100 } })
      return res.body.feed.some((i: { post: string }) => i.post === video.crosspost.uri)
    })

    const me = await createUser('picky')
    await logInThroughClient(page, me)
    const card = await findCard(video.uri)
    await card.getByTestId('less-like-this').click()
    await expect.poll(() => card.count()).toBe(0)
    const note = page.getByTestId('less-like-this-note')
    await note.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await note.textContent()).toBe(`Got it: less like this, and less from @${maker.handle}.`)
    await page.screenshot({ path: `${SHOTS}/less-like-this.png` })

    // The generator heard it: the viewer's own skeleton no longer lists the video.
    const token = await serviceAuth(me, stack().services.feedGenerator.did, ids.AppBskyFeedGetFeedSkeleton)
    const mine = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, {
      params: { feed: creationFirst(), limit: 100 },
      headers: { authorization: `Bearer ${token}` },
    })
    expect(mine.status).toBe(200)
    expect(mine.body.feed.map((i: { post: string }) => i.post)).not.toContain(video.crosspost.uri)
  })
})
