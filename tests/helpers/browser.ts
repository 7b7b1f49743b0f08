import { mkdirSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { stack } from './network'

/** The Debian chromium the browser tests drive; FRAMEWRIGHT_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.FRAMEWRIGHT_CHROMIUM ?? '/usr/bin/chromium'
/** Where screenshots land (not committed). */
export const SHOTS = 'test-results'

/** Launches headless chromium the way every browser test does, and makes sure SHOTS exists. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  })
}

/** Opens the web client and logs in through its dialog, as a person would. */
export async function logInThroughClient(page: Page, user: { handle: string; password: string }): Promise<void> {
  await page.goto(stack().services.client.url)
  await page.getByTestId('open-login').click()
  await page.getByTestId('login-handle').fill(user.handle)
  await page.getByTestId('login-password').fill(user.password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('session-handle').filter({ hasText: user.handle }).waitFor({ state: 'visible', timeout: 15_000 })
}
