import type { AtpAgent } from '@atproto/api'
import { mediaKeys, type Appview } from '@framewright/appview'
import { ids, publishVideo, type PublishedVideo } from '@framewright/lexicons'
import { readMediaBytes, sleep, type Logger } from '@framewright/service-kit'

interface SeedVideo {
  by: string
  prompt: string
  seed: number
  caption: string
  /** Handles the video claims to depict. */
  depicts?: string[]
  remixOf?: string
}

/**
 * The demo world of a first start: a few generated videos, bob's likeness grant (alice is
 * approved), alice's consented video of bob, carol's video of bob that his grant does not cover,
 * and carol's remix of alice's video. Videos are made through the appview's own generation jobs.
 */
const VIDEOS: (SeedVideo & { key: string })[] = [
  { key: 'jellyfish', by: 'alice.test', prompt: 'a neon jellyfish drifting through a midnight city', seed: 7, caption: 'Night swim 🌃' },
  { key: 'waves', by: 'bob.test', prompt: 'ocean waves made of stained glass', seed: 12, caption: 'Glass tide' },
  {
    key: 'knight',
    by: 'alice.test',
    prompt: 'bob as a knight made of autumn leaves',
    seed: 3,
    caption: 'Sir Bob of the Leaves (with his blessing)',
    depicts: ['bob.test'],
  },
  {
    key: 'moon',
    by: 'carol.test',
    prompt: 'bob dancing on the moon',
    seed: 99,
    caption: 'bob on the moon lol',
    depicts: ['bob.test'],
  },
  { key: 'snow-jelly', by: 'carol.test', prompt: 'the neon jellyfish, caught in a snowstorm', seed: 21, caption: 'Remixing @alice.test', remixOf: 'jellyfish' },
]

/** How a seed video is recognised in its creator's repo: the generation that made it. */
function seedKey(prompt: string, seed: number | undefined): string {
  return `${seed ?? ''}:${prompt}`
}

/**
 * The demo videos already in their creators' repos, by seed key. The PDS is the truth: a seed
 * interrupted half way (Ctrl-C during the first start) is finished on the next start, and nothing
 * is published twice.
 */
export async function findSeededVideos(agents: Map<string, AtpAgent>): Promise<Map<string, PublishedVideo>> {
  const wanted = new Map(VIDEOS.map((v) => [seedKey(v.prompt, v.seed), v.key]))
  const found = new Map<string, PublishedVideo>()
  for (const handle of new Set(VIDEOS.map((v) => v.by))) {
    const agent = agents.get(handle)!
    let cursor: string | undefined
    do {
      const { data } = await agent.com.atproto.repo.listRecords({ repo: agent.assertDid, collection: ids.AppFramewrightVideoPost, limit: 100, cursor })
      for (const r of data.records) {
        const generation = (r.value as { generation?: { prompt?: string; seed?: number } }).generation
        const key = generation?.prompt !== undefined ? wanted.get(seedKey(generation.prompt, generation.seed)) : undefined
        const video = r.value as { crosspost?: { uri: string; cid: string } }
        if (key && video.crosspost && !found.has(key)) found.set(key, { uri: r.uri, cid: r.cid, crosspost: video.crosspost })
      }
      cursor = data.cursor
    } while (cursor)
  }
  return found
}

/** Keys of the demo videos, in the order they are made. */
export const SEED_VIDEO_KEYS = VIDEOS.map((v) => v.key)

/**
 * Makes whatever of the demo world is missing; safe to run again after an interruption. Returns
 * how many videos it made. An abort (the stack stopping) ends it between steps.
 */
export async function seedDemo(opts: { agents: Map<string, AtpAgent>; appview: Appview; logger: Logger; signal?: AbortSignal }): Promise<number> {
  const { agents, appview, logger, signal } = opts
  const did = (handle: string) => agents.get(handle)!.assertDid

  const bob = agents.get('bob.test')!
  const grant = await bob.com.atproto.repo
    .getRecord({ repo: did('bob.test'), collection: ids.AppFramewrightLikenessGrant, rkey: 'self' })
    .catch(() => undefined)
  if (!grant) {
    await bob.com.atproto.repo.putRecord({
      repo: did('bob.test'),
      collection: ids.AppFramewrightLikenessGrant,
      rkey: 'self',
      record: {
        $type: ids.AppFramewrightLikenessGrant,
        audience: 'approved',
        approved: [did('alice.test')],
        restrictions: 'Nothing political, please.',
        createdAt: new Date().toISOString(),
      },
    })
  }

  const published = await findSeededVideos(agents)
  const missing = VIDEOS.filter((v) => !published.has(v.key))
  if (missing.length > 0) logger.info(`seeding ${missing.length} demo videos…`)
  for (const v of missing) {
    signal?.throwIfAborted()
    // Carol's video of bob is made without asking: the generation service would refuse a job that
    // names bob, so the job names nobody and the record claims him — which is what the labeler is for.
    const job = await appview.ctx.generation.createJob(did(v.by), { prompt: v.prompt, provider: 'procedural', seed: v.seed, durationMs: 3_000 })
    const done = await waitForJob(appview, job.id, signal)
    const result = appview.ctx.generation.view(done).result!
    const remixOf = v.remixOf ? published.get(v.remixOf) : undefined
    signal?.throwIfAborted()
    const video = await publishVideo(agents.get(v.by)! as never, {
      bytes: await readMediaBytes(appview.ctx.media, mediaKeys.draft(job.id)),
      mimeType: result.mimeType,
      text: v.caption,
      alt: v.prompt,
      aspectRatio: result.aspectRatio,
      durationMs: result.durationMs,
      generation: result.generation,
      depicts: v.depicts?.map((h) => ({ subject: did(h) })),
      remixOf: remixOf ? { uri: remixOf.uri, cid: remixOf.cid } : undefined,
    })
    published.set(v.key, video)
    logger.info({ by: v.by, uri: video.uri }, `seeded "${v.prompt}"`)
  }
  return missing.length
}

async function waitForJob(appview: Appview, id: string, signal?: AbortSignal) {
  for (;;) {
    const job = await appview.ctx.generation.jobs.get(id)
    if (job?.status === 'succeeded') return job
    if (!job || job.status === 'failed') throw new Error(`seed render failed: ${job?.error ?? 'job vanished'}`)
    await sleep(200, signal)
  }
}
