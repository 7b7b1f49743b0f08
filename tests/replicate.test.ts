import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProviderRejectedError, ReplicateProvider, ReplicateUnavailableError, UnknownProviderJobError, MediaTools } from '@framewright/appview'
import { ids } from '@framewright/lexicons'
import { createLogger } from '@framewright/service-kit'
import { FakeReplicate } from './fakes/replicate'
import { createUser, stack, xrpc } from './helpers/network'
import { generate } from './helpers/videos'

describe('the Replicate provider, through the appview', () => {
  it('is offered, and a job runs on a hosted model: progress, a playable H.264 draft, provenance', async () => {
    const providers = await xrpc(stack().services.appview.url, ids.AppFramewrightGenerateListProviders)
    const replicate = providers.body.providers.find((p: any) => p.id === 'replicate')
    expect(replicate).toMatchObject({ available: true, models: ['google/veo-3-fast', 'google/veo-3.1'] })

    const user = await createUser('hosted')
    const job = await generate(user, { prompt: 'a paper boat on a rainy street', provider: 'replicate', model: 'google/veo-3.1', seed: 9, durationMs: 6_000 })
    expect(job.result.generation).toMatchObject({
      provider: 'replicate',
      model: 'google/veo-3.1',
      prompt: 'a paper boat on a rainy street',
      seed: 9,
      sourceType: 'ai-generated',
      params: { predictionId: expect.stringMatching(/^[a-z0-9]+$/) },
    })
    expect(job.result).toMatchObject({ mimeType: 'video/mp4', aspectRatio: { width: 360, height: 640 }, durationMs: 2_000 })
    const draft = await fetch(job.result.videoUrl)
    expect(draft.status).toBe(200)
    expect((await draft.arrayBuffer()).byteLength).toBeGreaterThan(1_000)
  })
})

describe('the Replicate adapter at the edges of the API', () => {
  let fake: FakeReplicate
  let dir: string
  const provider = (token: string) =>
    new ReplicateProvider({
      apiToken: token,
      apiUrl: fake.url,
      models: fake.models,
      tools: MediaTools.create(),
      maxDownloadBytes: 10_000_000,
      logger: createLogger({ level: 'silent' }),
    })
  const request = { prompt: 'a kite over the dunes', seed: 5, durationMs: 4_000, aspectRatio: { width: 9, height: 16 }, depicts: [] }

  beforeAll(async () => {
    fake = await FakeReplicate.start()
    dir = mkdtempSync(join(tmpdir(), 'replicate-edge-'))
  })
  afterAll(async () => {
    await fake.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function runToEnd(p: ReplicateProvider, id: string) {
    const seen = []
    for (let i = 0; i < 20; i++) {
      const s = await p.status(id)
      seen.push(s)
      if (s.state === 'succeeded' || s.state === 'failed') return seen
    }
    throw new Error('never finished')
  }

  it('sends the model its own input schema, with the token, and reports rising progress', async () => {
    const p = provider(fake.token)
    const id = await p.submit({ ...request, model: 'google/veo-3-fast' })
    const sent = fake.requests.at(-1)!
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/models/google/veo-3-fast/predictions', auth: `Bearer ${fake.token}` })
    expect(sent.body.input).toEqual({ prompt: 'a kite over the dunes', seed: 5, aspect_ratio: '9:16', duration: 4, resolution: '720p', generate_audio: false })
    const states = await runToEnd(p, id)
    expect(states.map((s) => s.state)).toEqual(['running', 'running', 'running', 'succeeded'])
    const progress = states.map((s) => s.progress)
    expect([...progress].sort((a, b) => a - b)).toEqual(progress)
    const info = await p.fetchResult(id, join(dir, 'ok.mp4'))
    expect(info).toMatchObject({ mimeType: 'video/mp4', width: 360, height: 640, durationMs: 2_000 })
    expect(statSync(join(dir, 'ok.mp4')).size).toBe(info.size)
  })

  it('a wrong token is a rejection that says so, not a retry loop', async () => {
    const before = fake.requests.length
    await expect(provider('r8_wrong').submit(request)).rejects.toSatisfy(
      (err: Error) => err instanceof ProviderRejectedError && /API token \(401\)/.test(err.message),
    )
    expect(fake.requests.length - before).toBe(1)
  })

  it('rides out transient 503s and 429s, and gives up with a named error when they persist', async () => {
    const p = provider(fake.token)
    fake.faults = { status: 503, count: 2 }
    const id = await p.submit(request)
    expect(id).toMatch(/^[a-z0-9]+$/)
    fake.faults = { status: 429, count: 10 }
    await expect(p.status(id)).rejects.toBeInstanceOf(ReplicateUnavailableError)
    fake.faults = { status: 503, count: 0 }
  })

  it('an unknown prediction (lost, or not an id at all) is UnknownProviderJobError, so the runner resubmits', async () => {
    const p = provider(fake.token)
    await expect(p.status('doesnotexist0000000000000a')).rejects.toBeInstanceOf(UnknownProviderJobError)
    await expect(p.status('../../v1/account')).rejects.toBeInstanceOf(UnknownProviderJobError)
  })

  it("a prediction the model refuses fails with Replicate's reason", async () => {
    const p = provider(fake.token)
    const id = await p.submit({ ...request, prompt: 'please fail this one' })
    const last = (await runToEnd(p, id)).at(-1)!
    expect(last).toMatchObject({ state: 'failed', error: expect.stringContaining('flagged as sensitive') })
  })

  it('an expired output URL is a clear rejection', async () => {
    const p = provider(fake.token)
    const id = await p.submit(request)
    await runToEnd(p, id)
    fake.outputStatus = 410
    await expect(p.fetchResult(id, join(dir, 'gone.mp4'))).rejects.toThrow(/expire/)
    fake.outputStatus = 200
  })

  it('an output over the size limit is refused', async () => {
    const small = new ReplicateProvider({
      apiToken: fake.token,
      apiUrl: fake.url,
      models: fake.models,
      tools: MediaTools.create(),
      maxDownloadBytes: 1_000,
      logger: createLogger({ level: 'silent' }),
    })
    const id = await small.submit(request)
    await runToEnd(small, id)
    await expect(small.fetchResult(id, join(dir, 'big.mp4'))).rejects.toThrow(/over the 1000-byte limit/)
  })

  it('discarding an unfinished job cancels the prediction, so it stops costing money', async () => {
    const p = provider(fake.token)
    const id = await p.submit(request)
    await p.discard(id)
    expect(fake.predictions.get(id)!.status).toBe('canceled')
    expect((await p.status(id)).state).toBe('failed')
  })
})

