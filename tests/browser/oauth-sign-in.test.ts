import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { AtpAgent } from '@atproto/api'
import { ids } from '@framewright/lexicons'
import { browserPerFile, SHOTS } from '../helpers/browser'
import { createUser, stack, waitFor } from '../helpers/network'

const browser = browserPerFile()
let page: Page

beforeAll(async () => {
  page = await browser.freshPage()
})

describe('OAuth sign-in through the PDS’s own pages, in a real browser', () => {
  it('types a handle, signs in and consents on the PDS, comes back signed in and writes with the session', async () => {
    const me = await createUser('oauth')
    const client = new URL(stack().services.client.url)
    const pds = new URL(stack().services.pds.url)

    await page.goto(client.href)
    await page.getByTestId('open-login').click()
    await page.getByTestId('login-handle').fill(me.handle)
    await page.screenshot({ path: `${SHOTS}/oauth-1-dialog.png` })
    await page.getByTestId('oauth-submit').click()

    // The PDS's own sign-in page, on the PDS's origin: Framewright never sees the password.
    await page.waitForURL((url) => url.port === pds.port, { timeout: 45_000 })
    const password = page.locator('input[type="password"]')
    await password.waitFor({ state: 'visible', timeout: 45_000 })
    await page.screenshot({ path: `${SHOTS}/oauth-2-pds-sign-in.png` })
    await password.fill(me.password)
    await page.getByRole('button', { name: /^sign in$/i }).click()

    // The PDS's consent page names what the app asks for.
    const authorize = page.getByRole('button', { name: /^(authorize|accept|allow)$/i })
    await authorize.waitFor({ state: 'visible', timeout: 45_000 })
    await page.screenshot({ path: `${SHOTS}/oauth-3-pds-consent.png` })
    await authorize.click()

    // Back in the app, on its own origin, signed in as that account.
    await page.waitForURL((url) => url.port === client.port, { timeout: 45_000 })
    await page.getByTestId('session-handle').filter({ hasText: me.handle }).waitFor({ state: 'visible', timeout: 45_000 })
    expect(new URL(page.url()).search).toBe('')
    await page.screenshot({ path: `${SHOTS}/oauth-4-signed-in.png` })

    // A personal feed page needs a service token minted by the PDS under the OAuth session: a
    // refused one shows as an error instead of videos.
    const shown = page.locator('.screen:not([hidden])')
    await shown.locator('[data-testid="feed-item"], .error-note').first().waitFor({ state: 'attached', timeout: 60_000 })
    await page.screenshot({ path: `${SHOTS}/oauth-5-feed.png` })
    expect(await shown.locator('.error-note').allTextContents()).toEqual([])
    expect(await page.getByTestId('feed-item').count()).toBeGreaterThan(0)

    // Writing a record through the session: the feed settings land in the account's repository.
    await page.getByTestId('open-feed-settings').click()
    await page.getByTestId('prefs-daily-limit').fill('33')
    await page.getByTestId('prefs-save').click()
    await page.getByTestId('prefs-saved').waitFor({ state: 'visible', timeout: 15_000 })
    const saved = await me.agent.com.atproto.repo.getRecord({ repo: me.did, collection: ids.AppFramewrightFeedPrefs, rkey: 'self' })
    expect(saved.data.value).toMatchObject({ dailyLimit: 33 })
    await page.keyboard.press('Escape')

    // Preferences through the session: a feed added by its bsky.app link lands in the account's Bluesky preferences.
    const feed = stack().feeds[stack().feeds.length - 1]!
    const rkey = feed.uri.split('/').pop()!
    await page.getByTestId('open-feed-manager').click()
    await page.getByTestId('feed-add-input').fill(`https://bsky.app/profile/${stack().feedPublisher.handle}/feed/${rkey}`)
    await page.getByTestId('feed-add-submit').click()
    await page.locator(`[data-testid="saved-feed"][data-uri="${feed.uri}"]`).waitFor({ state: 'visible', timeout: 15_000 })
    const plain = new AtpAgent({ service: stack().services.pds.url })
    await plain.login({ identifier: me.handle, password: me.password })
    const prefs = await plain.getPreferences()
    expect(prefs.savedFeeds.filter((f) => f.type === 'feed')).toEqual([expect.objectContaining({ value: feed.uri, pinned: true })])
    await page.keyboard.press('Escape')

    // The session survives a reload (restored from the browser's storage, not signed in again).
    await page.reload()
    await page.getByTestId('session-handle').filter({ hasText: me.handle }).waitFor({ state: 'visible', timeout: 45_000 })

    // Logging out ends it: a reload stays logged out.
    await page.getByTestId('logout').click()
    await page.getByTestId('open-login').waitFor({ state: 'visible' })
    await page.reload()
    await page.getByTestId('open-login').waitFor({ state: 'visible', timeout: 45_000 })
    await waitFor('no session handle after logging out', async () => (await page.getByTestId('session-handle').count()) === 0)
  }, 240_000)

  it('moves a sign-in begun on localhost to 127.0.0.1, where the PDS will send the browser back', async () => {
    const me = await createUser('oauthlh')
    const client = new URL(stack().services.client.url)
    const fresh = await browser.freshPage()
    await fresh.goto(`http://localhost:${client.port}/`)
    await fresh.getByTestId('open-login').click()
    await fresh.getByTestId('login-handle').fill(me.handle)
    await fresh.getByTestId('oauth-submit').click()
    await fresh.waitForURL((url) => url.port === new URL(stack().services.pds.url).port, { timeout: 45_000 })
    const redirect = new URL(fresh.url()).searchParams
    // The PDS's page carries the request by reference; what matters is where it came from.
    expect(fresh.url()).toContain('/oauth/authorize')
    expect(redirect.get('client_id')).toMatch(/^http:\/\/localhost\?/)
    expect(decodeURIComponent(redirect.get('client_id')!)).toContain(`redirect_uri=http://127.0.0.1:${client.port}/`)
    await fresh.close()
  }, 120_000)
})
