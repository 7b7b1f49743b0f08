import { readFile } from 'node:fs/promises'
import type { AtpAgent } from '@atproto/api'
import type { Appview } from '@framewright/appview'
import { ids, publishVideo, type PublishedVideo } from '@framewright/lexicons'
import { sleep, type Logger } from '@framewright/service-kit'

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

export async function seedDemo(opts: { agents: Map<string, AtpAgent>; appview: Appview; logger: Logger }): Promise<void> {
  const { agents, appview, logger } = opts
  const did = (handle: string) => agents.get(handle)!.assertDid
  logger.info('seeding demo videos (first start only)…')

  await agents.get('bob.test')!.com.atproto.repo.putRecord({
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

  const published = new Map<string, PublishedVideo>()
  for (const v of VIDEOS) {
    // Carol's video of bob is made without asking: the generation service would refuse a job that
    // names bob, so the job names nobody and the record claims him — which is what the labeler is for.
    const job = await appview.ctx.generation.createJob(did(v.by), { prompt: v.prompt, provider: 'procedural', seed: v.seed, durationMs: 3_000 })
    const done = await waitForJob(appview, job.id)
    const view = appview.ctx.generation.view(done)
    const result = view.result!
    const remixOf = v.remixOf ? published.get(v.remixOf) : undefined
    const video = await publishVideo(agents.get(v.by)! as never, {
      bytes: await readFile(appview.ctx.runner.draftPath(job.id)),
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
}

async function waitForJob(appview: Appview, id: string) {
  for (;;) {
    const job = await appview.ctx.generation.jobs.get(id)
    if (job?.status === 'succeeded') return job
    if (!job || job.status === 'failed') throw new Error(`seed render failed: ${job?.error ?? 'job vanished'}`)
    await sleep(200)
  }
}
