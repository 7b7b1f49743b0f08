import { describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { browserPerFile, logInThroughClient, SHOTS } from '../helpers/browser'
import { createUser, stack, waitFor, xrpc } from '../helpers/network'
import { quickVideo } from '../helpers/videos'

const browser = browserPerFile()

describe('search, in a real browser', () => {
  // The appview is asked as the client asks it (with ;redact): a video it would leave out for the client, e.g. a
  // copy of one taken down earlier in the run, fails here by name rather than as a card that never shows.
  it('finds a video by a word of its prompt, and its creator by handle', { timeout: 180_000 }, async () => {
    const creator = await createUser('seeker')
    const word = `zq${Date.now().toString(36)}`
    const video = await quickVideo(creator, { prompt: `a kite called ${word} over the dunes` })
    await waitFor('the appview can search it', async () => {
      const res = await xrpc(stack().services.appview.url, ids.AppFramewrightVideoSearchVideos, { params: { q: word }, headers: { 'atproto-accept-labelers': `${stack().labelerDid};redact` } })
      return res.body.videos?.some((v: { uri: string }) => v.uri === video.uri)
    }, 60_000)

    const page = await browser.freshPage()
    await page.goto(stack().services.client.url)
    // The app has settled (its first feed page is in) before anything is typed.
    await page.locator('[data-testid="feed-item"], [data-testid="feed-end"]').first().waitFor({ state: 'attached', timeout: 30_000 })
    await page.getByTestId('nav-search').click()
    await page.getByTestId('search-input').fill(word)
    await page.locator(`[data-testid="search-video"][data-uri="${video.uri}"]`).waitFor({ state: 'visible', timeout: 20_000 })
    await page.screenshot({ path: `${SHOTS}/search-videos.png` })

    await page.getByTestId('search-input').fill(creator.handle)
    await page.locator(`[data-testid="search-person"][data-did="${creator.did}"]`).waitFor({ state: 'visible', timeout: 20_000 })

    await page.getByTestId('search-input').fill('qqqqxqqqqz')
    await expect.poll(() => page.getByTestId('search-no-videos').textContent(), { timeout: 20_000 }).toContain('No videos match')
  })
})

describe('errors in sentences, in a real browser', () => {
  it('a malformed handle in the approve field is named as such and never sent to the PDS', { timeout: 120_000 }, async () => {
    const me = await createUser('approver')
    const page = await browser.freshPage()
    const resolved: string[] = []
    page.on('request', (r) => r.url().includes('com.atproto.identity.resolveHandle') && resolved.push(r.url()))
    await logInThroughClient(page, me)
    await page.getByTestId('nav-consent').click()
    await page.getByTestId('grant-audience-approved').check()
    await page.getByTestId('grant-approved-input').fill('not a handle!!')
    await page.getByTestId('grant-approved-add').click()
    await expect.poll(() => page.getByTestId('grant-approved-error').textContent()).toMatch(/"not a handle!!" is not a handle: handles have no spaces\./)
    await page.getByTestId('grant-approved-input').fill('al!ce.test')
    await page.getByTestId('grant-approved-add').click()
    await expect.poll(() => page.getByTestId('grant-approved-error').textContent()).toMatch(/use only letters, digits and hyphens/)
    expect(resolved).toEqual([])
    expect(await page.getByTestId('grant-approved-error').textContent()).not.toMatch(/Internal Server Error/)
  })

  it('the prompt box counts characters and stops at the lexicon’s limit', { timeout: 60_000 }, async () => {
    const me = await createUser('longprompt')
    const page = await browser.freshPage()
    await logInThroughClient(page, me)
    await page.getByTestId('nav-create').click()
    await page.getByTestId('create-prompt').fill('x'.repeat(5000))
    expect((await page.getByTestId('create-prompt').inputValue()).length).toBe(2000)
    await expect.poll(() => page.getByTestId('prompt-counter').textContent()).toBe('2,000 / 2,000 — that is the limit')
    // Emoji count as one character each, as the appview counts them.
    await page.getByTestId('create-prompt').fill('👍🏽'.repeat(3))
    await expect.poll(() => page.getByTestId('prompt-counter').textContent()).toBe('3 / 2,000')
    await page.screenshot({ path: `${SHOTS}/prompt-counter.png` })
  })
})
