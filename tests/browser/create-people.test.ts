import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ids } from '@framewright/lexicons'
import { browserPerFile, logInThroughClient, SHOTS } from '../helpers/browser'
import { createUser, stack, waitFor, xrpc } from '../helpers/network'
import { putGrant, putProfile, waitForCoverage } from '../helpers/videos'

const browser = browserPerFile()
let page: Page

beforeAll(async () => {
  page = await browser.freshPage({ width: 1280, height: 800 })
})

describe('Create: who is in this video, in a real browser', () => {
  it('shows a covering grant with its terms, refuses someone it does not cover with why, and publishes the picked person in the record', async () => {
    const creator = await createUser('director')
    const friend = await createUser('friend')
    const shy = await createUser('shy')
    const name = `Juniper Vale ${Math.random().toString(36).slice(2, 6)}`
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString()
    await putProfile(friend, name)
    await putGrant(friend, { audience: 'approved', approved: [creator.did], restrictions: 'Nothing political, please.', expiresAt })
    await waitForCoverage(creator, friend)
    await waitFor('the appview to know the friend by name', async () => {
      const res = await xrpc(stack().services.appview.url, ids.AppFramewrightActorSearchTypeahead, { params: { q: name } })
      return res.body.actors?.some((a: { did: string }) => a.did === friend.did)
    })

    await logInThroughClient(page, creator)
    await page.getByTestId('nav-create').click()

    // Typeahead by display name; picking checks the grant and shows its terms.
    await page.getByTestId('people-input').fill(name.slice(0, 10))
    const suggestion = page.getByTestId('people-suggestion').filter({ hasText: `@${friend.handle}` })
    await suggestion.waitFor({ state: 'visible', timeout: 10_000 })
    await page.screenshot({ path: `${SHOTS}/create-people-typeahead.png` })
    await suggestion.click()
    const card = page.locator(`[data-testid="picked-person"][data-did="${friend.did}"]`)
    await card.waitFor({ state: 'visible', timeout: 10_000 })
    expect(await card.getAttribute('data-consented')).toBe('true')
    expect(await card.getByTestId('person-message').textContent()).toBe(`${friend.handle}'s likeness grant lists ${creator.handle} as approved until ${expiresAt.slice(0, 16).replace('T', ' ')} UTC.`)
    expect(await card.getByTestId('person-restrictions').textContent()).toContain('Nothing political, please.')
    expect(await card.getByTestId('person-expiry').textContent()).toMatch(/until .*\d{4}/)
    expect(await card.textContent()).toContain(name)

    // Someone who granted nothing cannot be picked, and the page says why.
    await page.getByTestId('people-input').fill(shy.handle)
    await page.getByTestId('people-input').press('Enter')
    await expect.poll(() => page.getByTestId('people-refusal').textContent(), { timeout: 10_000 }).toBe(
      `${shy.handle} has not allowed anyone to use their likeness: they have no likeness grant.`,
    )
    expect(await page.locator(`[data-testid="picked-person"][data-did="${shy.did}"]`).count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}/create-people-desktop.png`, fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByTestId('people-picker').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/create-people-mobile.png` })
    await page.setViewportSize({ width: 1280, height: 800 })

    // A prompt that names the refused person by handle is refused as a sentence, before anything runs.
    await page.getByTestId('create-prompt').fill(`@${shy.handle} dancing in the rain`)
    await page.getByTestId('create-generate').click()
    await expect.poll(() => page.getByTestId('create-refusal').textContent(), { timeout: 10_000 }).toBe(
      `Your prompt names @${shy.handle}. ${shy.handle} has not allowed anyone to use their likeness: they have no likeness grant.`,
    )
    expect(await page.getByTestId('job-progress').count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}/create-refused.png` })

    // With the friend picked: the job shows who is in it and their conditions, and the record names them.
    const prompt = `a quiet walk by the river ${Date.now()}`
    await page.getByTestId('create-prompt').fill(prompt)
    await page.getByTestId('create-generate').click()
    await page.getByTestId('job-people').waitFor({ state: 'visible', timeout: 15_000 })
    await expect.poll(() => page.getByTestId('job-people').textContent(), { timeout: 10_000 }).toContain(`@${friend.handle}`)
    expect(await page.getByTestId('job-restriction').textContent()).toContain('Nothing political, please.')
    await page.getByTestId('draft-video').waitFor({ state: 'visible', timeout: 60_000 })
    await page.screenshot({ path: `${SHOTS}/create-people-job.png`, fullPage: true })
    await page.getByTestId('create-caption').fill('By the river')
    await page.getByTestId('create-publish').click()

    const record = await waitFor('the published record', async () => {
      const { data } = await creator.agent.com.atproto.repo.listRecords({ repo: creator.did, collection: ids.AppFramewrightVideoPost })
      return data.records.find((r) => (r.value as { generation?: { prompt?: string } }).generation?.prompt === prompt)
    })
    expect((record.value as { depicts?: unknown }).depicts).toEqual([{ subject: friend.did }])
    expect((record.value as { generation: { params?: unknown } }).generation.params).toMatchObject({ negativePrompt: 'Nothing political, please.' })
  })
})
