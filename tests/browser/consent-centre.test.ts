import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ids } from '@framewright/lexicons'
import { browserPerFile, logInThroughClient, SHOTS } from '../helpers/browser'
import { createUser, stack, waitFor, xrpc } from '../helpers/network'
import { makeVideo } from '../helpers/videos'

const browser = browserPerFile()
let page: Page

beforeAll(async () => {
  // Tall enough that the grant and the video fit in one screenshot.
  page = await browser.freshPage({ width: 1280, height: 1500 })
})

describe('the consent centre, in a real browser', () => {
  it('shows a video of me as not consented, turns it consented by my grant, and unconsented by my rejection', async () => {
    const me = await createUser('face')
    const creator = await createUser('maker')
    const video = await makeVideo(creator, { prompt: 'my neighbour as a jazz pianist', caption: 'Jazz night', claimDepicts: [me.did] })
    // The appview indexes it through the firehose; the page must not race that.
    await waitFor('the appview to index the video', async () => {
      const res = await xrpc(stack().services.appview.url, ids.AppFramewrightLikenessGetDepicting, { params: { actor: me.did } })
      return res.body.videos?.length === 1
    })

    await logInThroughClient(page, me)
    await page.getByTestId('nav-consent').click()
    await expect.poll(() => page.getByTestId('grant-status').textContent()).toBe('No grant: only you')

    const card = page.locator(`[data-testid="depiction-card"][data-uri="${video.uri}"]`)
    await card.waitFor({ state: 'visible', timeout: 20_000 })
    await expect(card.getAttribute('data-consented')).resolves.toBe('false')
    expect(await card.getByTestId('depiction-reason').textContent()).toMatch(/no likeness grant/)
    expect(await card.getByTestId('depiction-creator').textContent()).toBe(`@${creator.handle}`)
    await page.screenshot({ path: `${SHOTS}/consent-before.png` })

    // Approving people goes by handle; a handle nobody has is named as such.
    await page.getByTestId('grant-audience-approved').check()
    await page.getByTestId('grant-approved-input').fill('nobody-at-all.test')
    await page.getByTestId('grant-approved-add').click()
    await expect.poll(() => page.getByTestId('grant-approved-error').textContent()).toMatch(/No account has the handle @nobody-at-all\.test/)
    await page.screenshot({ path: `${SHOTS}/consent-unknown-handle.png` })
    await page.getByTestId('grant-approved-input').fill(`@${creator.handle}`)
    await page.getByTestId('grant-approved-add').click()
    await expect.poll(() => page.getByTestId('grant-approved-item').allTextContents()).toEqual([expect.stringContaining(`@${creator.handle}`)])

    // …but this person opens up to everyone.
    await page.getByTestId('grant-audience-everyone').check()
    await page.getByTestId('grant-restrictions').fill('No political content')
    await page.getByTestId('grant-save').click()
    await expect.poll(() => page.getByTestId('grant-status').textContent()).toBe('Everyone')
    await expect.poll(() => card.getAttribute('data-consented'), { timeout: 20_000 }).toBe('true')
    expect(await card.getByTestId('depiction-reason').textContent()).toMatch(/lets everyone/)
    const saved = await me.agent.com.atproto.repo.getRecord({ repo: me.did, collection: ids.AppFramewrightLikenessGrant, rkey: 'self' })
    expect(saved.data.value).toMatchObject({ audience: 'everyone', restrictions: 'No political content' })
    expect((saved.data.value as { approved?: unknown }).approved).toBeUndefined()

    await card.getByTestId('review-reject').click()
    await expect.poll(() => card.getAttribute('data-consented'), { timeout: 20_000 }).toBe('false')
    expect(await card.getByTestId('depiction-reason').textContent()).toMatch(/You rejected this video/)
    await expect.poll(() => card.getByTestId('review-reject').textContent()).toContain('Rejected')
    await page.getByTestId('depicting-updating').waitFor({ state: 'hidden', timeout: 20_000 })
    await page.screenshot({ path: `${SHOTS}/consent-centre.png` })

    // Changing one's mind replaces the verdict: one review, now an approval.
    await card.getByTestId('review-approve').click()
    await expect.poll(() => card.getAttribute('data-consented'), { timeout: 20_000 }).toBe('true')
    const reviews = await me.agent.com.atproto.repo.listRecords({ repo: me.did, collection: ids.AppFramewrightLikenessReview })
    expect(reviews.data.records.map((r) => (r.value as { verdict: string }).verdict)).toEqual(['approve'])
  })
})
