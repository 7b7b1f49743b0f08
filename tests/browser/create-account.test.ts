import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { AtpAgent } from '@atproto/api'
import { browserPerFile, SHOTS } from '../helpers/browser'
import { stack } from '../helpers/network'

const browser = browserPerFile()
let page: Page

beforeAll(async () => {
  page = await browser.freshPage()
})

describe('Create account, in a real browser', () => {
  it('a newcomer makes an account on the local PDS from the client and is signed in as it', async () => {
    const name = `new${randomBytes(4).toString('hex')}`
    const password = randomBytes(9).toString('hex')
    await page.goto(stack().services.client.url)
    await page.getByTestId('open-login').click()
    await page.getByTestId('show-create-account').click()
    await page.getByTestId('create-account-form').waitFor({ state: 'visible' })

    // The PDS's handle rules are checked before anything is sent.
    await page.getByTestId('signup-handle').fill('ab')
    await page.getByTestId('signup-email').fill(`${name}@example.test`)
    await page.getByTestId('signup-password').fill(password)
    await expect.poll(() => page.getByTestId('signup-submit').isEnabled(), { timeout: 30_000 }).toBe(true)
    await page.getByTestId('signup-submit').click()
    await expect.poll(() => page.getByTestId('create-account-form').locator('.error-note').textContent()).toMatch(/at least 3 characters/)

    await page.getByTestId('signup-handle').fill(name)
    await page.screenshot({ path: `${SHOTS}/create-account.png` })
    await page.getByTestId('signup-submit').click()
    await page.getByTestId('session-handle').filter({ hasText: `${name}.test` }).waitFor({ state: 'visible', timeout: 45_000 })

    // The account is real: a plain agent logs in to it on the PDS.
    const agent = new AtpAgent({ service: stack().services.pds.url })
    await agent.login({ identifier: `${name}.test`, password })
    expect(agent.session?.handle).toBe(`${name}.test`)
  }, 180_000)
})
