import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ids, publishVideo } from '@framewright/lexicons'
import { didWebForUrl } from '@framewright/service-kit'
import { renderDistinctVideo } from './fakes/video'
import { serviceAuth, waitFor, xrpc } from './helpers/network'
import { PrivateNetwork } from './helpers/private-network'
import { killed, serving, spawnService, type ServiceProcess } from './helpers/processes'

/**
 * The appview's media folder on a disk that fills up: a real, small filesystem (tmpfs, mounted
 * here: the test runs as root, as CI does). A video fetched for playback and a generation job's
 * render meet a full disk part-way through their writes; each gets a named error (StorageFull,
 * 507 for a request, the job's reason for a job) and leaves nothing a reader could take for whole.
 * Once there is room again both work. Without the right to mount, it fails under CI=true and is
 * skipped (saying so) elsewhere.
 */
const dir = mkdtempSync(join(tmpdir(), 'framewright-diskfull-'))
const disk = join(dir, 'disk')
mkdirSync(disk)
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk], { stdio: 'pipe' })
    return { ok: true as const }
  } catch (err) {
    return { ok: false as const, why: (err as { stderr?: Buffer }).stderr?.toString().trim() || String(err) }
  }
})()
if (!mounted.ok) {
  const why = `disk-full.test.ts needs to mount a small tmpfs (root, or CAP_SYS_ADMIN) and could not: ${mounted.why}`
  if (process.env.CI === 'true') throw new Error(why)
  console.warn(`SKIPPED: ${why}`)
}

let net: PrivateNetwork | undefined
let appview: ServiceProcess | undefined
let url: string
const mediaDir = join(disk, 'appview', 'media')

beforeAll(async () => {
  if (!mounted.ok) return
  // A network of its own: an appview following the suite's PDS would be fetching other files' videos
  // into its cache (and freeing the room their failed writes took) while this one fills the disk.
  net = await PrivateNetwork.start('diskfull')
  url = net.url('appview')
  appview = spawnService(
    'appview',
    'disk-full-appview',
    net.serviceEnv('appview', {
      // Its media (blob cache, thumbnails, drafts, render work) on the small disk; its database not.
      FRAMEWRIGHT_DATA_DIR: disk,
      FRAMEWRIGHT_APPVIEW_DB: join(dir, 'appview.sqlite'),
    }),
  )
  await serving(appview, url)
}, 180_000)

afterAll(async () => {
  if (appview) await killed(appview)
  await net?.destroy()
  if (mounted.ok) execFileSync('umount', ['-l', disk])
  rmSync(dir, { recursive: true, force: true })
})

/** Every file under the media folder but the filler, by path below it. */
function mediaFiles(): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name))
      else out.push(relative(mediaDir, join(d, e.name)))
    }
  }
  walk(mediaDir)
  return out.filter((f) => f !== 'filler')
}

/** Fills the disk until only `leave` bytes are free (to the filesystem's block). */
function fillLeaving(leave: number): void {
  rmSync(join(mediaDir, 'filler'), { force: true })
  const { bavail, bsize } = statfsSync(disk)
  const fill = Math.max(0, bavail * bsize - leave)
  writeFileSync(join(mediaDir, 'filler'), Buffer.alloc(fill, 1))
}

describe.skipIf(!mounted.ok)('a full disk on a media write', () => {
  it('a video fetched for playback and a render each fail with StorageFull, leave nothing half-written, and work once there is room', { timeout: 300_000 }, async () => {
    const creator = await net!.createUser('fulldisk')
    const bytes = await renderDistinctVideo()
    // Half the video fits: the write starts, and the disk fills part-way through it.
    mkdirSync(mediaDir, { recursive: true })
    fillLeaving(Math.floor(bytes.length / 2))
    const published = await publishVideo(creator.agent as never, {
      bytes: new Uint8Array(bytes),
      mimeType: 'video/mp4',
      text: 'a video for a full disk',
      aspectRatio: { width: 360, height: 640 },
      durationMs: 2_000,
      generation: { provider: 'procedural', model: 'test', prompt: 'a video for a full disk', generatedAt: new Date().toISOString(), sourceType: 'ai-generated' },
      depicts: [],
    })
    await waitFor('the appview to index the video', async () => (await xrpc(url, ids.AppFramewrightVideoGetVideos, { params: { uris: [published.uri] } })).body.videos?.length === 1, 120_000)
    const { data: record } = await creator.agent.com.atproto.repo.getRecord({ repo: creator.did, collection: ids.AppFramewrightVideoPost, rkey: published.uri.split('/').pop()! })
    const cid = (record.value as { video: { ref: { toString(): string } } }).video.ref.toString()
    const videoUrl = `${url}/video/${creator.did}/${cid}`

    const refused = await fetch(videoUrl)
    expect(refused.status, await refused.clone().text()).toBe(507)
    expect(await refused.json()).toEqual({ error: 'StorageFull', message: expect.stringMatching(/storage is full/) })
    const thumb = await fetch(`${url}/thumb/${creator.did}/${cid}`)
    expect(thumb.status).toBe(507)
    expect(((await thumb.json()) as { error: string }).error).toBe('StorageFull')
    // Nothing of the blob anywhere (not under its key, not as a part left behind).
    expect(mediaFiles()).toEqual([])

    // A render on the full disk: the job fails, saying why, and leaves no draft and no work files.
    const appviewDid = didWebForUrl(url)
    const job = async () => {
      const created = await xrpc(url, ids.AppFramewrightGenerateCreateJob, {
        headers: { authorization: `Bearer ${await serviceAuth(creator, appviewDid, ids.AppFramewrightGenerateCreateJob)}` },
        body: { provider: 'procedural', durationMs: 2_000, prompt: 'a render for a full disk' },
      })
      expect(created.status, JSON.stringify(created.body)).toBe(200)
      const token = await serviceAuth(creator, appviewDid, ids.AppFramewrightGenerateGetJob)
      return waitFor('the job to end', async () => {
        const res = await xrpc(url, ids.AppFramewrightGenerateGetJob, { params: { id: created.body.id }, headers: { authorization: `Bearer ${token}` } })
        return ['succeeded', 'failed'].includes(res.body.status) ? res.body : undefined
      }, 120_000)
    }
    const failed = await job()
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/storage is full/)
    expect(failed.error).not.toContain(disk)
    expect((await fetch(`${url}/drafts/${failed.id}.mp4`)).status).toBe(404)
    await waitFor('the render’s work files to be cleared', async () => mediaFiles().length === 0, 30_000).catch(() => undefined)
    expect(mediaFiles()).toEqual([])

    // Room again: the same video plays, whole (its bytes hash to its CID), and a render succeeds.
    rmSync(join(mediaDir, 'filler'))
    const served = await fetch(videoUrl)
    expect(served.status).toBe(200)
    const body = Buffer.from(await served.arrayBuffer())
    expect(body.length).toBe(bytes.length)
    expect(Buffer.from(CID.parse(cid).multihash.digest).equals(createHash('sha256').update(body).digest())).toBe(true)
    expect(statSync(join(mediaDir, 'blobs', creator.did.replace(/[^a-zA-Z0-9._-]/g, '_'), cid)).size).toBe(bytes.length)
    const done = await job()
    expect(done.status, done.error).toBe('succeeded')
    expect((await fetch(`${url}/drafts/${done.id}.mp4`)).status).toBe(200)
  })
})
