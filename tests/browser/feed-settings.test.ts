import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ids } from '@framewright/lexicons'
import { browserPerFile, logInThroughClient, SHOTS } from '../helpers/browser'
import { createUser, feedUri, stack, waitFor, xrpc } from '../helpers/network'
import { makeVideo } from '../helpers/videos'

const browser = browserPerFile()
let page: Page

beforeAll(async () => {
  page = await browser.freshPage()
})

const creationFirst = () => feedUri('creation-first')

describe('steering and the end of the feed, in a real browser', () => {
  it('saves feed settings to the viewer’s own repository', async () => {
    const me = await createUser('panel')
    await logInThroughClient(page, me)
    await page.getByTestId('open-feed-settings').click()
    await page.getByTestId('feed-settings').waitFor({ state: 'visible' })

    // A bad number is named, and nothing is written.
    await page.getByTestId('prefs-daily-limit').fill('0')
    await page.getByTestId('prefs-save').click()
    await expect.poll(() => page.getByTestId('prefs-error').textContent()).toMatch(/Videos per day must be a whole number from 1 to 1000/)

    await page.getByTestId('prefs-instruction').fill('more animation, less politics, no horror')
    await page.getByTestId('prefs-muted-tags').fill('#Politics, true crime')
    await page.getByTestId('prefs-daily-limit').fill('25')
    await page.getByTestId('prefs-break-minutes').fill('20')
    await page.getByTestId('prefs-save').click()
    await page.getByTestId('prefs-saved').waitFor({ state: 'visible', timeout: 15_000 })
    await page.screenshot({ path: `${SHOTS}/feed-settings.png` })

    const saved = await me.agent.com.atproto.repo.getRecord({ repo: me.did, collection: ids.AppFramewrightFeedPrefs, rkey: 'self' })
    expect(saved.data.value).toMatchObject({
      $type: ids.AppFramewrightFeedPrefs,
      instruction: 'more animation, less politics, no horror',
      mutedTags: ['Politics', 'true crime'],
      dailyLimit: 25,
      breakReminderMinutes: 20,
    })

    // Opening the panel again shows what is saved.
    await page.getByTestId('feed-settings').getByRole('button', { name: 'Close' }).first().click()
    await page.getByTestId('open-feed-settings').click()
    await expect.poll(() => page.getByTestId('prefs-muted-tags').inputValue()).toBe('Politics, true crime')
    await page.keyboard.press('Escape')
    await page.getByTestId('logout').click()
  })

  it('a viewer with a daily limit of 2 sees two videos, then the end of the feed', async () => {
    // A page of its own: nobody is logged in there yet.
    page = await browser.freshPage()
    const me = await createUser('ender')
    await me.agent.com.atproto.repo.putRecord({
      repo: me.did,
      collection: ids.AppFramewrightFeedPrefs,
      rkey: 'self',
      record: { $type: ids.AppFramewrightFeedPrefs, dailyLimit: 2, mutedTags: [], createdAt: new Date().toISOString() },
    })
    // The feed generator reads one repo's events in order: once this video of theirs is listed,
    // their prefs (written before it) are read too.
    const marker = await makeVideo(me, { prompt: 'an hourglass running out of sand' })
    await waitFor('the marker video in the feed', async () => {
      const res = await xrpc(stack().services.feedGenerator.url, ids.AppBskyFeedGetFeedSkeleton, { params: { feed: creationFirst(), limit: 100 } })
      return res.body.feed.some((i: { post: string }) => i.post === marker.crosspost.uri)
    })

    await logInThroughClient(page, me)
    const end = page.getByTestId('feed-end')
    await end.waitFor({ state: 'attached', timeout: 20_000 })
    expect(await page.getByTestId('feed-item').count()).toBe(2)
    await end.scrollIntoViewIfNeeded()
    await expect.poll(() => end.locator('h2').textContent()).toBe("That's all for today")
    expect(await end.textContent()).toContain("You've watched 2 videos today, your daily limit of 2")
    await page.screenshot({ path: `${SHOTS}/feed-end.png` })

    await page.getByTestId('feed-end-create').click()
    await expect.poll(() => page.getByTestId('nav-create').getAttribute('aria-current')).toBe('page')
  })
})
