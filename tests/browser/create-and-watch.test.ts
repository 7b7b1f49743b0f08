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
    await page.getByTestId('create-generate').click()
    const progress = page.getByTestId('job-progress')
    await progress.waitFor({ state: 'visible', timeout: 15_000 })
    // Watch the progress bar until the draft appears.
    const seen: number[] = []
    const draft = page.getByTestId('draft-video')
    const deadline = Date.now() + 60_000
    while (!(await draft.isVisible()) && Date.now() < deadline) {
      const now = await progress.getAttribute('aria-valuenow', { timeout: 1_000 }).catch(() => null)
      if (now !== null) seen.push(Number(now))
      await page.waitForTimeout(50)
    }
    await draft.waitFor({ state: 'visible', timeout: 1_000 })
    await page.screenshot({ path: `${SHOTS}/create-draft.png` })
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((v) => v >= 0 && v <= 100)).toBe(true)

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
    const warning = page.getByTestId('label-warning').first()
    await warning.scrollIntoViewIfNeeded({ timeout: 20_000 })
    await expect.poll(() => warning.textContent()).toMatch(/likeness/i)
    const chips = await page.getByTestId('label-chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-val')))
    expect(chips).toContain('ai-video')
    await page.screenshot({ path: `${SHOTS}/feed-warning.png` })

    // Pressing a label asks the labeler why it applied it.
    const chip = page.locator('[data-testid="label-chip"][data-val="ai-video"]').first()
    await chip.scrollIntoViewIfNeeded()
    await chip.click()
    await expect.poll(() => page.getByTestId('label-reason').first().textContent(), { timeout: 10_000 }).toMatch(/Made with procedural/)
    await page.screenshot({ path: `${SHOTS}/label-reason.png` })
  })
})
