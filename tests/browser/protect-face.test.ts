import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { defaultFfmpegPaths } from '@framewright/appview'
import { ENROLL_ERROR_SENTENCES, ids, publishVideo } from '@framewright/lexicons'
import { browserPerFile, logInThroughClient, SHOTS } from '../helpers/browser'
import { createUser, serviceAuth, stack, waitFor, xrpc } from '../helpers/network'
import { quickVideo } from '../helpers/videos'

/**
 * Asks the stack's labeler, as the client would, whether it offers face protection: a real
 * getEnrollment with a real service JWT. Until the labeler implements it, it answers
 * MethodNotImplemented, and the client must say so calmly; once it does, the full enrolment test runs.
 */
async function probeLabeler(): Promise<{ offersEnrol: boolean; answersScanStats: boolean }> {
  const { labeler } = stack().services
  const prober = await createUser('probe')
  const token = await serviceAuth(prober, labeler.did, ids.AppFramewrightLikenessGetEnrollment)
  const enrolment = await xrpc(labeler.url, ids.AppFramewrightLikenessGetEnrollment, { headers: { authorization: `Bearer ${token}` } })
  const stats = await xrpc(labeler.url, ids.AppFramewrightLabelerGetScanStats)
  return { offersEnrol: enrolment.status === 200, answersScanStats: stats.status === 200 }
}

const probe = await probeLabeler()
const labelerOffersEnrol = probe.offersEnrol

/** One face alone, cut from a group photo that face-api ships (the right-most person of sample6.jpg). */
const FACE_PHOTO = { file: 'sample6.jpg', crop: 'crop=440:520:1460:120' }
const faceApiDemo = () => join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo')

const browser = browserPerFile()
let page: Page
let work: string

beforeAll(async () => {
  page = await browser.freshPage({ width: 1280, height: 800 })
  work = mkdtempSync(join(tmpdir(), 'protect-face-'))
})

afterAll(async () => {
  if (work) rmSync(work, { recursive: true, force: true })
})

async function ffmpeg(args: string[]): Promise<void> {
  await promisify(execFile)(defaultFfmpegPaths().ffmpeg, ['-v', 'error', '-y', ...args])
}

/**
 * Screenshots at the desktop and the phone size the brief names, scrolled to `testId` (the app
 * scrolls inside its own container, so a full-page shot would show only the top).
 */
async function shoot(name: string, testId: string) {
  const sizes: [number, number][] = [
    [1280, 800],
    [390, 844],
  ]
  for (const [width, height] of sizes) {
    await page.setViewportSize({ width, height })
    await page.getByTestId(testId).first().scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png` })
  }
  await page.setViewportSize({ width: 1280, height: 800 })
}

async function openConsent(user: { handle: string; password: string }) {
  await logInThroughClient(page, user)
  await page.getByTestId('nav-consent').click()
  await page.getByTestId('protect-face').waitFor({ state: 'visible' })
}

describe('Protect my face, in a real browser', () => {
  it.skipIf(labelerOffersEnrol)('says calmly that a labeler without face protection does not offer it, and still lists declared videos', async () => {
    const me = await createUser('unprotected')
    const creator = await createUser('declarer')
    const video = await quickVideo(creator, { prompt: 'my friend on a bicycle', depicts: [me.did] })
    await waitFor('the appview to index the video', async () => {
      const res = await xrpc(stack().services.appview.url, ids.AppFramewrightLikenessGetDepicting, { params: { actor: me.did } })
      return res.body.videos?.length === 1
    })

    await openConsent(me)
    const unsupported = page.getByTestId('face-unsupported')
    await unsupported.waitFor({ state: 'visible', timeout: 20_000 })
    expect(await unsupported.textContent()).toMatch(/does not offer face protection/)
    // No upload offered, no error shown: nothing went wrong.
    expect(await page.getByTestId('face-photo').count()).toBe(0)
    expect(await page.getByTestId('protect-face').getByRole('alert').count()).toBe(0)
    expect(await page.getByTestId('depicting').getByRole('alert').count()).toBe(0)

    const card = page.locator(`[data-testid="depiction-card"][data-uri="${video.uri}"]`)
    await card.waitFor({ state: 'visible', timeout: 20_000 })
    expect(await card.getAttribute('data-found')).toBeNull()
    expect(await card.getAttribute('data-consented')).toBe('false')
    await shoot('protect-face-unsupported', 'protect-face')
  })

  it.skipIf(!labelerOffersEnrol)('enrols a photo, finds an undeclared clip of me by face match, lets me reject it, and removes my face', async () => {
    const me = await createUser('protected')
    const faker = await createUser('faker')
    const photo = join(work, 'me.jpg')
    await ffmpeg(['-i', join(faceApiDemo(), FACE_PHOTO.file), '-vf', FACE_PHOTO.crop, photo])
    const noFace = join(work, 'wall.png')
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=0x8090a0:s=320x240', '-frames:v', '1', noFace])

    await openConsent(me)
    const status = page.getByTestId('face-status')
    await expect.poll(() => status.getAttribute('data-enrolled'), { timeout: 20_000 }).toBe('false')

    // A photo without a face is refused in the shared words, and nothing is enrolled.
    await page.getByTestId('face-photo').setInputFiles(noFace)
    await expect.poll(() => page.getByTestId('face-error').textContent(), { timeout: 60_000 }).toBe(ENROLL_ERROR_SENTENCES.NoFaceFound)
    expect(await status.getAttribute('data-enrolled')).toBe('false')

    await page.getByTestId('face-photo').setInputFiles(photo)
    await expect.poll(() => status.getAttribute('data-enrolled'), { timeout: 60_000 }).toBe('true')
    expect(await status.textContent()).toMatch(/1 face template kept/)
    await shoot('protect-face-enrolled', 'protect-face')

    // A "deepfake": the same face, zoomed and panned, published with no depicts at all.
    const clip = join(work, 'clip.mp4')
    await ffmpeg([
      '-loop', '1', '-i', photo, '-t', '3', '-r', '24',
      '-vf', "scale=480:-2,zoompan=z='1+0.002*on':d=72:s=360x420:fps=24,format=yuv420p",
      '-c:v', 'libx264', '-threads', '1', '-movflags', '+faststart', clip,
    ])
    const video = await publishVideo(faker.agent as never, {
      bytes: new Uint8Array(readFileSync(clip)),
      mimeType: 'video/mp4',
      text: 'totally not anyone you know',
      aspectRatio: { width: 360, height: 420 },
      durationMs: 3_000,
      generation: { provider: 'procedural', model: 'test', prompt: 'a stranger', generatedAt: new Date().toISOString(), sourceType: 'ai-generated' },
      depicts: [],
    })

    // The labeler finds it (within its 30 s), the page lists it through getDepictionViews, marked.
    const card = page.locator(`[data-testid="depiction-card"][data-uri="${video.uri}"]`)
    await waitFor(
      'the found clip in Videos of me',
      async () => {
        await page.getByTestId('nav-labels').click()
        await page.getByTestId('nav-consent').click()
        // Judge the list once it has loaded (a card, or the empty state), not while it still says "Loading…".
        await page.locator('[data-testid="depiction-card"], [data-testid="depicting-empty"]').first().waitFor({ timeout: 15_000 }).catch(() => undefined)
        return (await card.count()) > 0
      },
      45_000,
    )
    expect(await card.getAttribute('data-found')).toBe('true')
    expect(await card.getByTestId('depiction-found').textContent()).toMatch(/Found by face match · \d+% similar, at \d:\d\d · the creator did not say you are in it/)
    expect(await card.getAttribute('data-consented')).toBe('false')
    await shoot('protect-face-found', 'depiction-found')

    // No grant was ever given, so that is the reason; the rejection is said beside it.
    await card.getByTestId('review-reject').click()
    await expect.poll(() => card.getByTestId('depiction-reason').textContent(), { timeout: 20_000 }).toMatch(/no likeness grant.*You also rejected it/)
    const reviews = await me.agent.com.atproto.repo.listRecords({ repo: me.did, collection: ids.AppFramewrightLikenessReview })
    expect(reviews.data.records.map((r) => (r.value as { subject: { uri: string }; verdict: string }))).toEqual([
      expect.objectContaining({ subject: expect.objectContaining({ uri: video.uri }), verdict: 'reject' }),
    ])

    // Removing asks first; cancelling keeps everything.
    await page.getByTestId('face-remove').click()
    await page.getByTestId('face-remove-dialog').getByRole('button', { name: 'Cancel' }).click()
    expect(await status.getAttribute('data-enrolled')).toBe('true')
    await page.getByTestId('face-remove').click()
    await page.getByTestId('face-remove-confirm').click()
    await expect.poll(() => status.getAttribute('data-enrolled'), { timeout: 20_000 }).toBe('false')
    const token = await serviceAuth(me, stack().services.labeler.did, ids.AppFramewrightLikenessGetEnrollment)
    const after = await xrpc(stack().services.labeler.url, ids.AppFramewrightLikenessGetEnrollment, { headers: { authorization: `Bearer ${token}` } })
    expect(after.body).toMatchObject({ enrolled: false, templates: 0 })
  }, 180_000)
})

describe('the Labels page, in a real browser', () => {
  it('lists every label value the labeler defines in its service record, with its description, and scan coverage when offered', async () => {
    const labelerDid = stack().labelerDid
    const viewer = await createUser('reader')
    const record = await viewer.agent.com.atproto.repo.getRecord({ repo: labelerDid, collection: 'app.bsky.labeler.service', rkey: 'self' })
    const definitions = (record.data.value as { policies: { labelValueDefinitions: { identifier: string; locales: { lang: string; description: string }[] }[] } }).policies
      .labelValueDefinitions
    expect(definitions.map((d) => d.identifier)).toEqual(expect.arrayContaining(['provenance-verified', 'provenance-tampered', 'likeness-unconsented']))

    await page.goto(stack().services.client.url)
    await page.getByTestId('nav-labels').click()
    const rows = page.locator(`[data-testid="label-def"][data-labeler="${labelerDid}"]`)
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(definitions.length)
    for (const def of definitions) {
      const row = page.locator(`[data-testid="label-def"][data-labeler="${labelerDid}"][data-val="${def.identifier}"]`)
      const english = def.locales.find((l) => l.lang.startsWith('en')) ?? def.locales[0]
      expect(english, `${def.identifier} has a description`).toBeDefined()
      expect(await row.textContent(), def.identifier).toContain(english!.description)
    }

    const stats = page.getByTestId('scan-stats')
    if (probe.answersScanStats) {
      await stats.waitFor({ state: 'visible', timeout: 20_000 })
      expect(await stats.textContent()).toMatch(/of the videos it sees|No videos seen yet/)
    } else {
      // Give the page the time it takes to ask; a labeler without getScanStats shows no coverage and no error.
      await page.waitForLoadState('networkidle')
      expect(await stats.count()).toBe(0)
      expect(await page.getByRole('alert').count()).toBe(0)
    }
    await shoot('labels-page', probe.answersScanStats ? 'scan-stats' : 'label-def')
  })
})
