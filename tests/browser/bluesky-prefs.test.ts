import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserPerFile, logInThroughClient, SHOTS } from '../helpers/browser'
import { createUser, stack, type TestUser } from '../helpers/network'

const browser = browserPerFile()
let page: Page

beforeAll(async () => {
  page = await browser.freshPage()
})

const savedFeed = (uri: string) => page.locator(`[data-testid="saved-feed"][data-uri="${uri}"]`)
const labeler = (did: string) => page.locator(`[data-testid="labeler"][data-did="${did}"]`)

/** The account's per-labeler label choices, read back as the Bluesky app would: [label, visibility] of one labeler's contentLabelPrefs. */
async function contentLabelPrefs(user: TestUser, labelerDid: string): Promise<[string, string][]> {
  const { data } = await user.agent.app.bsky.actor.getPreferences()
  return (data.preferences as { $type: string; labelerDid?: string; label?: string; visibility?: string }[])
    .filter((p) => p.$type === 'app.bsky.actor.defs#contentLabelPref' && p.labelerDid === labelerDid)
    .map((p) => [p.label!, p.visibility!])
}

describe('the Bluesky account as it is: saved feeds and labelers in its preferences', () => {
  it('shows choices made in the Bluesky preferences, and keeps choices made here there', async () => {
    const me = await createUser('prefs')
    const elsewhere = await createUser('lblone')
    const byHandle = await createUser('lbltwo')
    const [first, second] = stack().feeds
    // As the Bluesky app would have written them.
    await me.agent.addSavedFeeds([{ type: 'feed', value: first!.uri, pinned: true }])
    await me.agent.addLabeler(elsewhere.did)

    await logInThroughClient(page, me)
    await page.getByTestId('open-feed-manager').click()
    await savedFeed(first!.uri).waitFor({ state: 'visible', timeout: 30_000 })
    expect(await page.getByTestId('feeds-kept-in').textContent()).toMatch(/Bluesky account/)

    // Add a feed by its at:// URI written with the publisher's handle; unpin the other.
    const rkey = second!.uri.split('/').pop()
    await page.getByTestId('feed-add-input').fill(`at://${stack().feedPublisher.handle}/app.bsky.feed.generator/${rkey}`)
    await page.getByTestId('feed-add-submit').click()
    await savedFeed(second!.uri).waitFor({ state: 'visible', timeout: 30_000 })
    await savedFeed(first!.uri).getByTestId('saved-feed-pin').click()
    await page.locator(`[data-testid="saved-feed"][data-uri="${first!.uri}"][data-pinned="false"]`).waitFor({ timeout: 30_000 })
    // A link that names no feed gets a sentence, and nothing is saved.
    await page.getByTestId('feed-add-input').fill('https://bsky.app/profile/alice.test/post/3kabc')
    await page.getByTestId('feed-add-submit').click()
    await expect.poll(() => page.getByTestId('feed-add-error').textContent()).toMatch(/not a feed/)
    await page.screenshot({ path: `${SHOTS}/feed-manager.png` })
    await page.keyboard.press('Escape')

    // The labeler chosen in the Bluesky preferences is accepted here; one is added by handle.
    await page.getByTestId('nav-labels').click()
    await labeler(elsewhere.did).waitFor({ state: 'visible', timeout: 30_000 })
    await labeler(stack().labelerDid).waitFor({ state: 'visible' })
    await page.getByTestId('labeler-add-input').fill(`@${byHandle.handle}`)
    await page.getByTestId('labeler-add-submit').click()
    await labeler(byHandle.did).waitFor({ state: 'visible', timeout: 30_000 })
    await page.getByTestId('labeler-add-input').fill('not a handle!')
    await page.getByTestId('labeler-add-submit').click()
    await expect.poll(() => page.locator('.add-labeler .error-note').textContent()).toMatch(/neither a handle/)
    await page.screenshot({ path: `${SHOTS}/labels-from-bluesky-prefs.png` })

    // Read back with a plain @atproto/api agent, as the Bluesky app would.
    const prefs = await me.agent.getPreferences()
    expect(prefs.savedFeeds.filter((f) => f.type === 'feed').map((f) => [f.value, f.pinned])).toEqual([
      [second!.uri, true],
      [first!.uri, false],
    ])
    expect(prefs.moderationPrefs.labelers.map((l) => l.did)).toEqual(expect.arrayContaining([elsewhere.did, byHandle.did]))

    // Logged out, the browser's own list applies again: the account's labelers are not shown.
    await page.getByTestId('logout').click()
    await page.getByTestId('open-login').waitFor({ state: 'visible' })
    await labeler(stack().labelerDid).waitFor({ state: 'visible' })
    expect(await labeler(elsewhere.did).count()).toBe(0)
  }, 240_000)

  it('shows the label choices kept in the account, and keeps those made here there', async () => {
    const me = await createUser('lblpref')
    const ours = stack().labelerDid
    // As the Bluesky app would have written it: hide our labeler's ai-video label.
    await me.agent.setContentLabelPref('ai-video', 'hide', ours)

    const mine = await browser.freshPage()
    const setting = (val: string, to: string) => mine.locator(`[data-testid="label-def"][data-labeler="${ours}"][data-val="${val}"] [data-testid="label-setting-${to}"]`)
    await logInThroughClient(mine, me)
    await mine.getByTestId('nav-labels').click()
    await setting('ai-video', 'hide').waitFor({ state: 'attached', timeout: 30_000 })
    await expect.poll(() => setting('ai-video', 'hide').isChecked(), { timeout: 15_000 }).toBe(true)
    expect(await mine.getByTestId('labels-kept-in').textContent()).toMatch(/Bluesky account/)

    // A choice made here lands in the account; one set back to the labeler's default leaves it.
    await setting('likeness-consented', 'show').check()
    await expect.poll(() => contentLabelPrefs(me, ours), { timeout: 15_000 }).toEqual([
      ['ai-video', 'hide'],
      ['likeness-consented', 'ignore'],
    ])
    await setting('ai-video', 'warn').check()
    await expect.poll(() => contentLabelPrefs(me, ours), { timeout: 15_000 }).toEqual([['likeness-consented', 'ignore']])
    await mine.screenshot({ path: `${SHOTS}/labels-from-content-label-prefs.png` })

    // The same account in another browser shows what it holds, not what that browser had.
    const other = await browser.freshPage()
    const otherSetting = (val: string, to: string) => other.locator(`[data-testid="label-def"][data-labeler="${ours}"][data-val="${val}"] [data-testid="label-setting-${to}"]`)
    await logInThroughClient(other, me)
    await other.getByTestId('nav-labels').click()
    await otherSetting('likeness-consented', 'show').waitFor({ state: 'attached', timeout: 30_000 })
    await expect.poll(() => otherSetting('likeness-consented', 'show').isChecked(), { timeout: 15_000 }).toBe(true)
    expect(await otherSetting('ai-video', 'warn').isChecked()).toBe(true)
  }, 240_000)
})
