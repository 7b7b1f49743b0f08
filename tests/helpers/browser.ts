import { mkdirSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
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

/** What a page opened by freshPage looks like: its viewport, and whether it asks for reduced motion. */
export interface PageOptions {
  width?: number
  height?: number
  reducedMotion?: 'reduce' | 'no-preference'
}

/** One test file's Chromium. */
export interface FileBrowser {
  /** The browser itself, launched before the file's first hook or test. */
  readonly browser: Browser
  /**
   * A page in a browser context of its own (its own storage, so its own session), 1280×900 unless
   * asked otherwise. One opened in a test is closed after that test; one opened in a beforeAll
   * lives as long as the file.
   */
  freshPage(opts?: PageOptions): Promise<Page>
}

/**
 * Launches Chromium once for the calling test file and closes it after the file, with every
 * context still open. Call it at the top of the file, before other hooks, so that the browser is
 * up before they run and closed after theirs.
 */
export function browserPerFile(): FileBrowser {
  let browser: Browser | undefined
  let inTest = false
  const testContexts: BrowserContext[] = []

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  beforeEach(() => {
    inTest = true
  })
  afterEach(async () => {
    inTest = false
    await Promise.all(testContexts.splice(0).map((c) => c.close()))
  })
  afterAll(async () => {
    await browser?.close()
  })

  const launched = (): Browser => {
    if (!browser) throw new Error('browserPerFile(): the browser is launched in beforeAll; use it from a hook or a test')
    return browser
  }
  return {
    get browser() {
      return launched()
    },
    async freshPage(opts = {}) {
      const context = await launched().newContext({
        viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
        ...(opts.reducedMotion ? { reducedMotion: opts.reducedMotion } : {}),
      })
      if (inTest) testContexts.push(context)
      return context.newPage()
    },
  }
}
