import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ids } from '@framewright/lexicons'
import { browserPerFile, logInThroughClient, SHOTS, type PageOptions } from '../helpers/browser'
import { createUser, stack, waitFor, xrpc, type TestUser } from '../helpers/network'
import { layoutProblems, seriousAxeViolations } from '../helpers/screens'
import { makeVideo, quickVideo } from '../helpers/videos'

const browser = browserPerFile()

const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
  { name: 'small-phone', width: 320, height: 640 },
] as const

/** A page of its own (its own saved session), 1280×800 unless asked otherwise, not asking for reduced motion unless told to. */
const freshPage = (opts: PageOptions = {}): Promise<Page> => browser.freshPage({ width: 1280, height: 800, reducedMotion: 'no-preference', ...opts })

/** The local stack's moderator: the one account that sees every screen, Moderation included. */
function moderator(): { handle: string; password: string } {
  const { handle } = stack().feedPublisher
  const secrets = JSON.parse(readFileSync(join(stack().dataDir, 'secrets.json'), 'utf8'))
  return { handle, password: secrets.passwords[handle] }
}

/** Each screen, how to reach it by its URL, and what shows that it has loaded. */
function pages() {
  return [
    { name: 'watch', hash: '#/', ready: '[data-testid="feed-item"], [data-testid="feed-end"]' },
    { name: 'create', hash: '#/create', ready: '[data-testid="create-prompt"]' },
    { name: 'consent', hash: '#/consent', ready: '.page h1' },
    { name: 'labels', hash: '#/labels', ready: '.page h1, .page h2' },
    { name: 'moderation', hash: '#/moderation', ready: '.page h1' },
    { name: 'search', hash: '#/search', ready: '[data-testid="search-input"]' },
    { name: 'notifications', hash: '#/notifications', ready: '[data-testid="notifications-page"]' },
    // A path, not a hash: the moderator's own profile.
    { name: 'profile', hash: `profile/${moderator().handle}`, ready: '[data-testid="profile-page"]' },
  ]
}

async function openScreen(page: Page, hash: string, ready: string): Promise<void> {
  await page.goto(`${stack().services.client.url}/${hash}`, { timeout: 60_000 })
  await page.locator(ready).filter({ visible: true }).first().waitFor({ state: 'visible', timeout: 20_000 })
  // Fonts and the feed's first page settle the layout.
  await page.evaluate('document.fonts.ready.then(() => true)')
}

/** The card nearest the middle of the feed list: the one being watched. */
function currentCard(page: Page): Promise<string | null> {
  return page.evaluate(CURRENT_CARD) as Promise<string | null>
}

// Run in the page (kept as text: the tests are compiled without the DOM's types).
const CURRENT_CARD = `(() => {
  const list = document.querySelector('.feed')
  if (!list) return null
  const box = list.getBoundingClientRect()
  const middle = box.top + box.height / 2
  let best = { uri: null, d: Infinity }
  for (const card of list.querySelectorAll('[data-testid="feed-item"]')) {
    const r = card.getBoundingClientRect()
    const d = Math.abs(r.top + r.height / 2 - middle)
    if (d < best.d) best = { uri: card.getAttribute('data-uri'), d }
  }
  return best.d < 4 ? best.uri : null
})()`

interface VideoState {
  paused: boolean
  ended: boolean
  muted: boolean
  readyState: number
}

/** Whether the video of the card with this URI is playing. */
function isPlaying(page: Page, uri: string): Promise<boolean> {
  return page.locator(`[data-uri="${uri}"] video`).evaluate((e) => {
    const v = e as unknown as VideoState
    return !v.paused && !v.ended && v.readyState > 2
  })
}

/** Violations as sentences, so that a failure says which rule and where (objects print as `{ …(4) }`). */
function describeViolations(violations: { id: string; impact: string; help: string; targets: string[] }[]): string[] {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(' | ')}`)
}

describe('every screen, in a real browser', () => {
  it('fits a 320 and a 390 px phone on every page, with the tab bar whole (Moderation and Log out too)', async () => {
    const page = await freshPage()
    await logInThroughClient(page, moderator())
    for (const screen of pages()) {
      for (const size of SIZES) {
        await page.setViewportSize({ width: size.width, height: size.height })
        await openScreen(page, screen.hash, screen.ready)
        await page.screenshot({ path: `${SHOTS}/screen-${screen.name}-${size.width}x${size.height}.png` })
        if (size.name === 'desktop') continue
        expect.soft(await layoutProblems(page), `${screen.name} at ${size.width} px`).toEqual([])
        // Every tab, the moderator's included, is on the phone's tab bar, whole and inside the screen.
        for (const tab of ['feed', 'create', 'consent', 'labels', 'moderation']) {
          const box = await page.getByTestId(`tab-${tab}`).boundingBox()
          expect(box, `tab ${tab} at ${size.width} px`).not.toBeNull()
          expect(box!.x + box!.width).toBeLessThanOrEqual(size.width)
        }
        await expect.poll(() => page.getByTestId('tab-moderation').innerText()).toBe('Moderation')
        expect(await page.getByTestId('logout').isVisible()).toBe(true)
        expect(await page.getByTestId('logout').innerText()).toBe('Log out')
      }
    }
    // The tab bar navigates.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByTestId('tab-create').click()
    await expect.poll(() => page.evaluate('location.hash')).toBe('#/create')
  }, 300_000)

  it('fits a phone logged out, with the login dialog open', async () => {
    const page = await freshPage({ width: 320, height: 640 })
    await openScreen(page, '#/', '[data-testid="feed-item"], [data-testid="feed-end"]')
    expect(await layoutProblems(page)).toEqual([])
    await page.getByTestId('open-login').click()
    await page.getByTestId('login-handle').waitFor({ state: 'visible' })
    await page.screenshot({ path: `${SHOTS}/screen-login-320x640.png` })
    expect(await layoutProblems(page)).toEqual([])
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height })
      expect(await seriousAxeViolations(page), `login dialog at ${size.width} px`).toEqual([])
    }
  }, 180_000)

  it('has no serious or critical axe-core violations on any page, logged in or out', async () => {
    const page = await freshPage()
    for (const size of [SIZES[0], SIZES[1]]) {
      await page.setViewportSize({ width: size.width, height: size.height })
      await openScreen(page, '#/', '[data-testid="feed-item"], [data-testid="feed-end"]')
      expect.soft(describeViolations(await seriousAxeViolations(page)), `logged-out watch at ${size.width} px`).toEqual([])
    }
    await page.setViewportSize({ width: 1280, height: 800 })
    await logInThroughClient(page, moderator())
    for (const screen of pages()) {
      for (const size of [SIZES[0], SIZES[1]]) {
        await page.setViewportSize({ width: size.width, height: size.height })
        await openScreen(page, screen.hash, screen.ready)
        expect.soft(describeViolations(await seriousAxeViolations(page)), `${screen.name} at ${size.width} px`).toEqual([])
      }
    }
  }, 300_000)
})

describe('watching with the keyboard', () => {
  let maker: TestUser

  beforeAll(async () => {
    // The six newest videos in Fresh are this test's own, so the walk (the first card and five more)
    // never reaches an earlier test's video, which may rightly not play by itself (a label that warns
    // holds it behind a cover until the viewer chooses to see it).
    maker = await createUser('keys')
    const published: { uri: string }[] = []
    for (let i = 0; i < 6; i++) published.push(await quickVideo(maker, { prompt: `keyboard walk ${i} ${Date.now()}` }))
    await waitFor('the six videos in the appview', async () => {
      const res = await xrpc(stack().services.appview.url, ids.AppFramewrightVideoGetVideos, { params: { uris: published.map((p) => p.uri) } })
      return res.body.videos?.length === 6
    })
  })

  it('moves through six videos with ↓ and j, back with ↑ and k, plays with Space and mutes with m, with no click', async () => {
    const page = await freshPage()
    await openScreen(page, '#/', '[data-testid="feed-item"]')
    await page.locator('.topbar .feed-tab', { hasText: 'Fresh' }).evaluate((b) => (b as unknown as { click(): void }).click())
    // That was a script's click, not a person's: focus goes back to the page, as on a fresh load.
    await page.evaluate('document.activeElement && document.activeElement.blur()')
    await expect.poll(() => page.getByTestId('feed-item').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(6)

    const seen: string[] = []
    const first = await waitFor('a card in view', () => currentCard(page).then((u) => u ?? undefined))
    seen.push(first)
    await expect.poll(() => isPlaying(page, first), { timeout: 15_000 }).toBe(true)
    const keys = ['ArrowDown', 'j', 'ArrowDown', 'j', 'PageDown']
    for (const key of keys) {
      await page.keyboard.press(key)
      const next = await waitFor(`a new card after ${key}`, async () => {
        const uri = await currentCard(page)
        return uri && uri !== seen.at(-1) ? uri : undefined
      })
      seen.push(next)
      // The one in view plays; the one left behind stops.
      await expect.poll(() => isPlaying(page, next), { timeout: 15_000 }).toBe(true)
      expect(await isPlaying(page, seen.at(-2)!)).toBe(false)
    }
    expect(new Set(seen).size).toBe(6)
    await page.screenshot({ path: `${SHOTS}/keyboard-sixth-video.png` })

    await page.keyboard.press('k')
    await expect.poll(() => currentCard(page), { timeout: 10_000 }).toBe(seen[4])
    await page.keyboard.press('ArrowUp')
    await expect.poll(() => currentCard(page), { timeout: 10_000 }).toBe(seen[3])

    // Space pauses and plays the video in view; m flips the sound.
    await expect.poll(() => isPlaying(page, seen[3]!), { timeout: 15_000 }).toBe(true)
    await page.keyboard.press(' ')
    await expect.poll(() => isPlaying(page, seen[3]!), { timeout: 10_000 }).toBe(false)
    expect(await currentCard(page)).toBe(seen[3])
    await page.keyboard.press(' ')
    await expect.poll(() => isPlaying(page, seen[3]!), { timeout: 15_000 }).toBe(true)
    const muted = () => page.locator(`[data-uri="${seen[3]}"] video`).evaluate((e) => (e as unknown as VideoState).muted)
    expect(await muted()).toBe(true)
    await page.keyboard.press('m')
    await expect.poll(muted, { timeout: 10_000 }).toBe(false)
    await page.keyboard.press('m')
    await expect.poll(muted, { timeout: 10_000 }).toBe(true)
  }, 180_000)

  it('leaves keys typed into a text field alone', async () => {
    const page = await freshPage()
    await logInThroughClient(page, maker)
    await openScreen(page, '#/', '[data-testid="feed-item"]')
    await page.getByTestId('open-feed-settings').click()
    const before = await currentCard(page)
    await page.getByTestId('prefs-instruction').fill('')
    await page.getByTestId('prefs-instruction').pressSequentially('jk m ')
    expect(await page.getByTestId('prefs-instruction').inputValue()).toBe('jk m ')
    await page.keyboard.press('Escape')
    expect(await currentCard(page)).toBe(before)
  }, 120_000)

  it('starts nothing by itself when the viewer prefers reduced motion; Space plays', async () => {
    const page = await freshPage({ reducedMotion: 'reduce' })
    await openScreen(page, '#/', '[data-testid="feed-item"]')
    const uri = await waitFor('a card in view', () => currentCard(page).then((u) => u ?? undefined))
    const card = page.locator(`[data-uri="${uri}"]`)
    await card.getByRole('button', { name: 'Play' }).waitFor({ state: 'visible' })
    // Given time to start, it has not.
    await page.evaluate(`(() => {
      const v = document.querySelector('[data-uri="${uri}"] video')
      return v.readyState >= 2 || new Promise((r) => v.addEventListener('loadeddata', r, { once: true }))
    })()`)
    expect(await page.locator(`[data-uri="${uri}"] video`).evaluate((e) => (e as unknown as VideoState).paused)).toBe(true)
    await page.keyboard.press(' ')
    await expect.poll(() => isPlaying(page, uri), { timeout: 15_000 }).toBe(true)
    await expect.poll(() => card.getByRole('button', { name: 'Play' }).count()).toBe(0)
  }, 120_000)
})

describe('sound and overlays', () => {
  it('offers a sound control only on a video that has an audio track, as the appview probed it', async () => {
    const me = await createUser('sound')
    const withSound = await makeVideo(me, { prompt: `a brass band in the rain ${Date.now()}` })
    const silent = await quickVideo(me, { prompt: `a silent film ${Date.now()}` })
    // The appview probes each blob the first time a view of it is asked for.
    const probed = await waitFor('both videos probed', async () => {
      const res = await xrpc(stack().services.appview.url, ids.AppFramewrightVideoGetVideos, { params: { uris: [withSound.uri, silent.uri] } })
      const views: { uri: string; hasAudio?: boolean }[] = res.body.videos ?? []
      return views.length === 2 && views.every((v) => v.hasAudio !== undefined) ? new Map(views.map((v) => [v.uri, v.hasAudio])) : undefined
    }, 60_000)
    expect(probed.get(withSound.uri)).toBe(true)
    expect(probed.get(silent.uri)).toBe(false)

    const page = await freshPage()
    await openScreen(page, '#/', '[data-testid="feed-item"]')
    await page.locator('.topbar .feed-tab', { hasText: 'Fresh' }).click()
    const loud = page.locator(`[data-uri="${withSound.uri}"]`)
    const quiet = page.locator(`[data-uri="${silent.uri}"]`)
    await loud.waitFor({ state: 'attached', timeout: 20_000 })
    await quiet.waitFor({ state: 'attached', timeout: 20_000 })
    expect(await loud.getByTestId('mute-toggle').count()).toBe(1)
    expect(await loud.getByRole('button', { name: 'Unmute' }).count()).toBe(1)
    expect(await quiet.getByTestId('mute-toggle').count()).toBe(0)
    expect(await quiet.getByRole('button', { name: /mute/i }).count()).toBe(0)
  }, 240_000)

  it('keeps the top band of the video, where the renderer burns its caption, clear of overlays', async () => {
    const page = await freshPage()
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height })
      await openScreen(page, '#/', '[data-testid="feed-item"]')
      const uri = await waitFor('a card in view', () => currentCard(page).then((u) => u ?? undefined))
      const clashes = (await page.evaluate(captionBandClashes(uri))) as { hits: string[]; frameHeight: number }
      expect(clashes.frameHeight).toBeGreaterThan(100)
      expect(clashes.hits, `at ${size.width} px`).toEqual([])
    }
  }, 180_000)
})

/**
 * In-page script: the overlays (feed notes, card info, rail, bars) that cover the top fifth of the
 * video's frame as displayed (letterboxed by object-fit: contain), where the renderer burns its caption.
 */
function captionBandClashes(uri: string): string {
  return `(async () => {
    const video = document.querySelector('[data-uri=${JSON.stringify(uri)}] video')
    if (video.readyState < 1) await new Promise((r) => video.addEventListener('loadedmetadata', r, { once: true }))
    const box = video.getBoundingClientRect()
    const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight)
    const top = box.top + (box.height - video.videoHeight * scale) / 2
    const height = video.videoHeight * scale
    const left = box.left + (box.width - video.videoWidth * scale) / 2
    const band = { top, bottom: top + height * 0.2, left, right: left + video.videoWidth * scale }
    const hits = []
    for (const el of document.querySelectorAll('.feed-overlay-top *, .card-info *, .rail *, .play-button, .topbar, .tab-bar')) {
      if (!el.checkVisibility({ checkVisibilityCSS: true })) continue
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      if (r.bottom > band.top + 1 && r.top < band.bottom - 1 && r.right > band.left + 1 && r.left < band.right - 1) {
        hits.push(el.tagName + ' ' + el.className + ' "' + (el.textContent || '').slice(0, 20) + '"')
      }
    }
    return { hits, frameHeight: height }
  })()`
}
