import { ids, publishVideo, type PublishedVideo, type VideoPost } from '@framewright/lexicons'
import { stack, serviceAuth, waitFor, xrpc, type TestUser } from './network'

/** A finished generation job as the appview reports it. */
export interface FinishedJob {
  id: string
  status: string
  progress: number
  /** Everyone the video depicts, as the appview decided: asked for, named in the prompt, from a remixed video. */
  depicts?: string[]
  restrictions?: { subject: string; text: string }[]
  result: {
    videoUrl: string
    mimeType: string
    aspectRatio: { width: number; height: number }
    durationMs: number
    generation: VideoPost.Generation
  }
}

/** An appview to call: the suite's, unless a test runs one of its own. */
export interface AppviewService {
  url: string
  did: string
}

/** Generates a video through the appview's job API, as the client does, and waits for it. */
export async function generate(
  user: TestUser,
  input: { prompt: string; seed?: number; durationMs?: number; depicts?: string[]; provider?: string; model?: string; remixOf?: { uri: string; cid: string } },
  appview: AppviewService = stack().services.appview,
): Promise<FinishedJob> {
  const createToken = await serviceAuth(user, appview.did, ids.AppFramewrightGenerateCreateJob)
  const created = await xrpc(appview.url, ids.AppFramewrightGenerateCreateJob, {
    headers: { authorization: `Bearer ${createToken}` },
    body: { provider: 'procedural', durationMs: 2_000, ...input },
  })
  if (created.status !== 200) throw new Error(`createJob failed: ${JSON.stringify(created.body)}`)
  const getToken = await serviceAuth(user, appview.did, ids.AppFramewrightGenerateGetJob)
  const job = await waitFor(`job ${created.body.id}`, async () => {
    const res = await xrpc<FinishedJob>(appview.url, ids.AppFramewrightGenerateGetJob, {
      params: { id: created.body.id },
      headers: { authorization: `Bearer ${getToken}` },
    })
    return res.body.status === 'succeeded' || res.body.status === 'failed' ? res.body : undefined
    // A 2 s procedural render takes seconds, and ten times that on a machine running a whole network.
  }, 90_000)
  // Thrown here, not inside waitFor, which would keep polling a job that has already failed.
  if (job.status === 'failed') throw new Error(`job failed: ${JSON.stringify(job)}`)
  return job
}

/** Generates and publishes a video to the user's PDS (blob + companion post + video post). */
export async function makeVideo(
  user: TestUser,
  opts: { prompt: string; seed?: number; caption?: string; tags?: string[]; depicts?: string[]; claimDepicts?: string[]; remixOf?: { uri: string; cid: string } },
  appview?: AppviewService,
): Promise<PublishedVideo & { job: FinishedJob }> {
  const job = await generate(user, { prompt: opts.prompt, seed: opts.seed, depicts: opts.depicts, remixOf: opts.remixOf }, appview)
  const bytes = new Uint8Array(await (await fetch(job.result.videoUrl)).arrayBuffer())
  const published = await publishVideo(user.agent as never, {
    bytes,
    mimeType: job.result.mimeType,
    text: opts.caption ?? opts.prompt,
    tags: opts.tags,
    aspectRatio: job.result.aspectRatio,
    durationMs: job.result.durationMs,
    generation: job.result.generation,
    // As the client does: the people the job depicts (which the appview checked), plus any claimed without asking.
    depicts: [...new Set([...(job.depicts ?? opts.depicts ?? []), ...(opts.claimDepicts ?? [])])].map((subject) => ({ subject })),
    remixOf: opts.remixOf,
  })
  return { ...published, job }
}

/** Writes (or replaces) the user's app.bsky.actor.profile with a display name. */
export async function putProfile(user: TestUser, displayName: string) {
  return user.agent.com.atproto.repo.putRecord({
    repo: user.did,
    collection: 'app.bsky.actor.profile',
    rkey: 'self',
    record: { $type: 'app.bsky.actor.profile', displayName },
  })
}

/** Writes (or replaces) the user's likeness grant. */
export async function putGrant(user: TestUser, grant: { audience: string; approved?: string[]; expiresAt?: string; restrictions?: string }) {
  return user.agent.com.atproto.repo.putRecord({
    repo: user.did,
    collection: ids.AppFramewrightLikenessGrant,
    rkey: 'self',
    record: { $type: ids.AppFramewrightLikenessGrant, ...grant, createdAt: new Date().toISOString() },
  })
}

/** Writes (or replaces) the viewer's feed prefs, as the client's settings panel does. */
export async function putPrefs(viewer: TestUser, prefs: Record<string, unknown>) {
  await viewer.agent.com.atproto.repo.putRecord({
    repo: viewer.did,
    collection: ids.AppFramewrightFeedPrefs,
    rkey: 'self',
    record: { $type: ids.AppFramewrightFeedPrefs, createdAt: new Date().toISOString(), ...prefs },
  })
}

/** Waits until the appview has indexed a grant of `subject` that covers `creator` (as the Create picker asks). */
export async function waitForCoverage(creator: TestUser, subject: TestUser): Promise<void> {
  const { appview } = stack().services
  await waitFor(`${subject.handle}'s grant to cover ${creator.handle}`, async () => {
    const token = await serviceAuth(creator, appview.did, ids.AppFramewrightLikenessCheckConsent)
    const res = await xrpc(appview.url, ids.AppFramewrightLikenessCheckConsent, { params: { subjects: [subject.did] }, headers: { authorization: `Bearer ${token}` } })
    return res.body.checks?.[0]?.consented === true
  })
}

/**
 * Publishes a video straight to the user's PDS, without a generation job, for tests that need many
 * videos or need them fast: a small real mp4 that looks like no other (a copy of one a moderator
 * took down earlier in the run would be taken down with it by the known-copy detector).
 */
export async function quickVideo(user: TestUser, opts: { prompt: string; depicts?: string[]; remixOf?: { uri: string; cid: string } }): Promise<PublishedVideo> {
  const { renderDistinctVideo } = await import('../fakes/video')
  return publishVideo(user.agent as never, {
    bytes: new Uint8Array(await renderDistinctVideo()),
    mimeType: 'video/mp4',
    text: opts.prompt,
    aspectRatio: { width: 360, height: 640 },
    durationMs: 2_000,
    generation: { provider: 'procedural', model: 'test', prompt: opts.prompt, generatedAt: new Date().toISOString(), sourceType: 'ai-generated' },
    depicts: (opts.depicts ?? []).map((subject) => ({ subject })),
    remixOf: opts.remixOf,
  })
}
