import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserPerFile, logInThroughClient, SHOTS } from '../helpers/browser'
import { ids } from '@framewright/lexicons'
import { createUser, stack, waitFor, xrpc } from '../helpers/network'
import { makeVideo } from '../helpers/videos'

const browser = browserPerFile()
let page: Page

beforeAll(async () => {
  page = await browser.freshPage()
})

describe('the web client, in a real browser', () => {
  it('logs in, generates with progress, publishes, and the new video plays in the feed', async () => {
    const alice = stack().accounts.find((a) => a.handle === 'alice.test')!
    const prompt = `a browser-made aurora over a glass city ${Date.now()}`
    const caption = `Made in the browser ${Date.now()}`

    await logInThroughClient(page, alice)
    await expect.poll(() => page.getByTestId('session-handle').textContent()).toContain('alice.test')

    await page.getByTestId('nav-create').click()
    await page.getByTestId('create-prompt').fill(prompt)
    // Every value the progress bar shows, as the page renders it: sampling the bar from here
    // would miss values, and a bar stuck at 0 would pass.
    await page.evaluate(`(() => {
      const shown = (window.progressShown = [])
      const note = () => {
        const value = document.querySelector('[data-testid="job-progress"]')?.getAttribute('aria-valuenow')
        if (value != null && Number(value) !== shown.at(-1)) shown.push(Number(value))
      }
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] })
    })()`)
    await page.getByTestId('create-generate').click()
    const progress = page.getByTestId('job-progress')
    await progress.waitFor({ state: 'visible', timeout: 15_000 })
    const draft = page.getByTestId('draft-video')
    await draft.waitFor({ state: 'visible', timeout: 60_000 })
    await page.screenshot({ path: `${SHOTS}/create-draft.png` })
    const shown = (await page.evaluate('window.progressShown')) as number[]
    // Never backwards, and full once the draft is there (how many values lie between depends on
    // how fast the render is next to the client's polling, so that is not asserted).
    expect([...shown].sort((a, b) => a - b)).toEqual(shown)
    expect(shown.at(-1)).toBe(100)
    expect(await progress.getAttribute('aria-valuenow')).toBe('100')
    expect(await progress.locator('.progress-fill').evaluate((el) => (el as unknown as { style: { width: string } }).style.width)).toBe('100%')

    await page.getByTestId('create-caption').fill(caption)
    await page.getByTestId('create-publish').click()

    const card = page.getByTestId('feed-item').filter({ hasText: caption })
    await card.first().waitFor({ state: 'visible', timeout: 30_000 })
    await card.first().scrollIntoViewIfNeeded()
    const video = card.first().locator('video')
    await expect
      .poll(async () => video.evaluate((v) => { const el = v as unknown as { readyState: number; currentTime: number; error: { code: number } | null }; return { ready: el.readyState, t: el.currentTime, err: el.error?.code ?? 0 } }), { timeout: 20_000 })
      .toMatchObject({ ready: 4, err: 0, t: expect.toSatisfy((t: number) => t > 0) })
    await page.screenshot({ path: `${SHOTS}/feed-playing.png` })
  })

  it('shows our labels, and blurs an unconsented video behind a warning in the Fresh feed', async () => {
    // A video of someone who granted nothing, made now so that it heads Fresh whatever other test
    // files published before this one (the seeded one can be pages down by then).
    const subject = await createUser('unasked')
    const maker = await createUser('asker')
    const video = await makeVideo(maker, { prompt: 'my neighbour juggling on a tightrope', claimDepicts: [subject.did] })
    await waitFor('the appview to carry the unconsented label', async () => {
      const res = await xrpc(stack().services.appview.url, ids.AppFramewrightVideoGetVideos, { params: { uris: [video.uri] } })
      return res.body.videos?.[0]?.labels?.some((l: { val: string }) => l.val === 'likeness-unconsented')
    })
    await page.getByTestId('nav-feed').click()
    await page.getByRole('button', { name: 'Fresh', exact: true }).click()
    // This video's card, not whichever warning or chip comes first on the page.
    const card = page.locator(`[data-testid="feed-item"][data-uri="${video.uri}"]`)
    await card.scrollIntoViewIfNeeded({ timeout: 20_000 })
    const warning = card.getByTestId('label-warning')
    await expect.poll(() => warning.textContent()).toMatch(/Unconsented likeness/)
    const filter = () => card.locator('video').evaluate((v) => (globalThis as unknown as { getComputedStyle(e: unknown): { filter: string } }).getComputedStyle(v).filter)
    await expect.poll(filter).toMatch(/blur\(32px\)/)
    const chips = () => card.getByTestId('label-chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-val')))
    expect(await chips()).toContain('ai-video')
    await page.screenshot({ path: `${SHOTS}/feed-warning.png` })

    // Past the warning, the video is no longer blurred.
    await warning.getByRole('button', { name: 'Show anyway' }).click()
    await expect.poll(() => warning.count()).toBe(0)
    // The filter eases out: poll until it has.
    await expect.poll(filter).toBe('none')

    // Pressing a label asks the labeler why it applied it.
    const chip = card.locator('[data-testid="label-chip"][data-val="ai-video"]')
    await chip.scrollIntoViewIfNeeded()
    await chip.click()
    await expect.poll(() => card.getByTestId('label-reason').textContent(), { timeout: 10_000 }).toMatch(/Made with procedural/)
    await page.screenshot({ path: `${SHOTS}/label-reason.png` })
  })
})
