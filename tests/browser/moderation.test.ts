import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AtpAgent } from '@atproto/api'
import { ids } from '@framewright/lexicons'
import { browserPerFile, logInThroughClient, SHOTS } from '../helpers/browser'
import { createUser, serviceAuth, stack, waitFor, xrpc, type TestUser } from '../helpers/network'
import { makeVideo } from '../helpers/videos'

const browser = browserPerFile()

/** The local stack's moderator (the feed publisher), with the password from the stack's secrets. */
function moderator(): { handle: string; password: string } {
  const { handle } = stack().feedPublisher
  const secrets = JSON.parse(readFileSync(join(stack().dataDir, 'secrets.json'), 'utf8'))
  return { handle, password: secrets.passwords[handle] }
}

/** The moderator logged in through the API, for calls the test makes itself. */
async function moderatorUser(): Promise<TestUser> {
  const { handle, password } = moderator()
  const agent = new AtpAgent({ service: stack().services.pds.url })
  await agent.login({ identifier: handle, password })
  return { handle, password, did: stack().feedPublisher.did, agent }
}

const labelerUrl = () => stack().services.labeler.url
async function valsOn(uri: string): Promise<string[]> {
  const res = await xrpc(labelerUrl(), ids.ComAtprotoLabelQueryLabels, { params: { uriPatterns: [uri] } })
  return res.body.labels.filter((l: { neg?: boolean }) => !l.neg).map((l: { val: string }) => l.val)
}

describe('the moderation page, in a real browser', () => {
  it('lets a viewer report a video from the feed, and the report reaches the moderators', async () => {
    const viewer = await createUser('reporterui')
    const page = await browser.freshPage()
    await logInThroughClient(page, viewer)
    const card = page.getByTestId('feed-item').first()
    await card.waitFor({ state: 'visible', timeout: 20_000 })
    const uri = (await card.getAttribute('data-uri'))!
    await card.getByTestId('report-open').click()
    const dialog = page.getByTestId('report-dialog')
    await dialog.waitFor({ state: 'visible' })
    await dialog.getByTestId('report-type-misleading').check()
    await dialog.getByTestId('report-text').fill('This is me, and I never made or approved it.')
    await page.screenshot({ path: `${SHOTS}/report-dialog.png` })
    await dialog.getByTestId('report-submit').click()
    await dialog.getByTestId('report-sent').waitFor({ state: 'visible', timeout: 15_000 })

    const token = await serviceAuth(await moderatorUser(), stack().labelerDid, ids.AppFramewrightLabelerListReports)
    const listed = await xrpc(labelerUrl(), ids.AppFramewrightLabelerListReports, { params: { limit: 100 }, headers: { authorization: `Bearer ${token}` } })
    expect(listed.body.reports.find((r: { reportedBy: string }) => r.reportedBy === viewer.did)).toMatchObject({
      subject: { uri },
      reasonType: 'com.atproto.moderation.defs#reasonMisleading',
      reason: 'This is me, and I never made or approved it.',
    })
  })

  it('is not offered to someone who does not moderate the labeler', async () => {
    const someone = await createUser('notmodui')
    const page = await browser.freshPage()
    // The client asks the labeler itself; wait for its answer before looking for the tab.
    const probe = page.waitForResponse((r) => r.url().includes(`/xrpc/${ids.AppFramewrightLabelerListReports}`), { timeout: 20_000 })
    await logInThroughClient(page, someone)
    expect((await probe).status()).toBe(403)
    await page.getByTestId('nav-labels').waitFor({ state: 'visible' })
    expect(await page.getByTestId('nav-moderation').count()).toBe(0)

    // Typing the address shows no queue either.
    await page.goto(`${stack().services.client.url}/#/moderation`)
    await page.getByTestId('moderation-denied').waitFor({ state: 'visible', timeout: 15_000 })
    expect(await page.getByTestId('report-card').count()).toBe(0)
  })

  it('shows a moderator the report on a video, and labels it a known deepfake with a public reason', async () => {
    const depicted = await createUser('depictedui')
    const creator = await createUser('fakerui')
    const video = await makeVideo(creator, { prompt: 'a mayor announcing a fake curfew', caption: 'Breaking news', claimDepicts: [depicted.did] })
    await waitFor('the detectors have labelled the video', async () => (await valsOn(video.uri)).includes('likeness-unconsented'))
    await waitFor('the appview to index the video', async () => {
      const res = await xrpc(stack().services.appview.url, ids.AppFramewrightVideoGetVideos, { params: { uris: [video.uri] } })
      return res.body.videos?.length === 1
    })
    // Reported through the person's own PDS, as any Bluesky client would.
    const { data: report } = await depicted.agent.withProxy('atproto_labeler', stack().labelerDid).com.atproto.moderation.createReport({
      reasonType: 'com.atproto.moderation.defs#reasonMisleading',
      reason: 'This is a deepfake of me. I never said this.',
      subject: { $type: 'com.atproto.repo.strongRef', uri: video.uri, cid: video.cid },
    })

    const page = await browser.freshPage({ height: 1300 })
    await logInThroughClient(page, moderator())
    await page.getByTestId('nav-moderation').click({ timeout: 20_000 })
    const card = page.locator(`[data-testid="report-card"][data-report-id="${report.id}"]`)
    await card.waitFor({ state: 'visible', timeout: 20_000 })
    expect(await card.getAttribute('data-subject')).toBe(video.uri)
    expect(await card.getByTestId('report-reason').textContent()).toBe('This is a deepfake of me. I never said this.')
    expect(await card.getByTestId('report-reason-type').textContent()).toBe('Misleading')
    await expect.poll(() => card.getByTestId('report-reporter').textContent()).toBe(`@${depicted.handle}`)
    await expect.poll(() => card.getByTestId('report-creator').textContent()).toBe(`@${creator.handle}`)
    expect(await card.locator('video').getAttribute('src')).toMatch(/^https?:\/\//)
    const chips = await card.getByTestId('report-label').allTextContents()
    expect(chips).toContain('Unconsented likeness')
    // Only moderator values are offered; detector-owned ones never are.
    const offered = await card.locator('input[type="radio"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))
    expect(offered).toEqual(['decision-apply-known-deepfake', 'decision-apply-hide', 'decision-apply-takedown'])

    const reason = 'Reviewed: a fabricated announcement using a real person’s face, reported by that person.'
    await card.getByTestId('decision-apply-known-deepfake').check()
    await card.getByTestId('decision-reason').fill(reason)
    expect(await card.getByTestId('decision-resolve').isChecked()).toBe(true)
    await page.screenshot({ path: `${SHOTS}/moderation-queue.png` })
    await card.getByTestId('decision-submit').click()

    await expect.poll(() => page.getByTestId('moderation-done').textContent(), { timeout: 15_000 }).toBe('Applied “Known deepfake” and resolved the report.')
    await card.waitFor({ state: 'detached', timeout: 15_000 })
    expect(await valsOn(video.uri)).toContain('known-deepfake')
    expect(await valsOn(video.crosspost.uri)).toContain('known-deepfake')
    const why = await xrpc(labelerUrl(), ids.AppFramewrightLabelerExplainLabel, { params: { uri: video.uri, val: 'known-deepfake' } })
    expect(why.body.explanations[0]).toMatchObject({ detector: 'moderator', reason })
    await page.screenshot({ path: `${SHOTS}/moderation-decided.png` })
  })
})
