import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { ComfyUIProvider, ProviderRejectedError, UnknownProviderJobError, MediaTools, loadWorkflow } from '@framewright/appview'
import { ids } from '@framewright/lexicons'
import { createLogger } from '@framewright/service-kit'
import { FakeComfyUI } from './fakes/comfyui'
import { createUser, serviceAuth, stack, waitFor, xrpc } from './helpers/network'
import { generate } from './helpers/videos'

const WORKFLOW_PATH = fileURLToPath(new URL('./fixtures/comfyui-wan-t2v.json', import.meta.url))

describe('the ComfyUI provider, through the appview', () => {
  it('is offered under the model its workflow loads, and a job renders on "your GPU" with live progress', async () => {
    const providers = await xrpc(stack().services.appview.url, ids.AppFramewrightGenerateListProviders)
    expect(providers.body.providers.find((p: any) => p.id === 'comfyui')).toMatchObject({ available: true, models: ['wan2.1_t2v_1.3B_fp16'] })

    const user = await createUser('gpu')
    const { appview } = stack().services
    const token = await serviceAuth(user, appview.did, ids.AppFramewrightGenerateCreateJob)
    const created = await xrpc(appview.url, ids.AppFramewrightGenerateCreateJob, {
      headers: { authorization: `Bearer ${token}` },
      body: { prompt: 'a lantern festival on a river', provider: 'comfyui', seed: 77, durationMs: 3_000 },
    })
    expect(created.status).toBe(200)
    const getToken = await serviceAuth(user, appview.did, ids.AppFramewrightGenerateGetJob)
    const seen: { progress: number; stage?: string }[] = []
    const job = await waitFor('the ComfyUI job', async () => {
      const res = await xrpc(appview.url, ids.AppFramewrightGenerateGetJob, { params: { id: created.body.id }, headers: { authorization: `Bearer ${getToken}` } })
      seen.push({ progress: res.body.progress, stage: res.body.stage })
      if (res.body.status === 'failed') throw new Error(res.body.error)
      return res.body.status === 'succeeded' ? res.body : undefined
    })
    expect(job.result.generation).toMatchObject({
      provider: 'comfyui',
      model: 'wan2.1_t2v_1.3B_fp16',
      prompt: 'a lantern festival on a river',
      seed: 77,
      params: { promptId: expect.any(String), workflow: 'comfyui-wan-t2v.json', fps: 16 },
    })
    expect(job.result).toMatchObject({ mimeType: 'video/mp4', durationMs: 2_000 })
    // The sampler's steps came through the websocket into the job's stage and progress.
    expect(seen.some((s) => /sampling, step \d of 4/.test(s.stage ?? ''))).toBe(true)
    const progress = seen.map((s) => s.progress)
    expect([...progress].sort((a, b) => a - b)).toEqual(progress)
  })

  it('a workflow that fails in ComfyUI fails the job with the node and its error', async () => {
    const user = await createUser('gpu-oom')
    await expect(generate(user, { prompt: 'an OOM monster eating the GPU', provider: 'comfyui' })).rejects.toThrow(/CLIPTextEncode failed: .*out of memory/)
  })
})

describe('the ComfyUI adapter at the edges', () => {
  let fake: FakeComfyUI
  let dir: string
  const provider = () =>
    new ComfyUIProvider({
      url: fake.url,
      workflow: loadWorkflow(WORKFLOW_PATH),
      workflowName: 'comfyui-wan-t2v.json',
      fps: 16,
      longSide: 832,
      tools: MediaTools.create(),
      maxDownloadBytes: 10_000_000,
      logger: createLogger({ level: 'silent' }),
    })
  const request = { prompt: 'tide pools at dawn', seed: 3, durationMs: 4_000, aspectRatio: { width: 9, height: 16 }, depicts: [] }
  const providers: ComfyUIProvider[] = []
  const make = () => {
    const p = provider()
    providers.push(p)
    return p
  }

  beforeAll(async () => {
    fake = await FakeComfyUI.start()
    dir = mkdtempSync(join(tmpdir(), 'comfyui-edge-'))
  })
  afterAll(async () => {
    await Promise.all(providers.map((p) => p.close()))
    await fake.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function finish(p: ComfyUIProvider, id: string) {
    return waitFor('the prompt to finish', async () => {
      const s = await p.status(id)
      return s.state === 'succeeded' || s.state === 'failed' ? s : undefined
    })
  }

  it('fills the workflow: the prompt as text, numbers as numbers, the frame for 9:16, and the links untouched', async () => {
    const p = make()
    const id = await p.submit(request)
    const sent = fake.received.at(-1)!
    expect(sent['4']!.inputs).toEqual({ text: 'tide pools at dawn, vertical framing, smooth motion', clip: ['2', 0] })
    expect(sent['6']!.inputs).toEqual({ width: 464, height: 832, length: 65, batch_size: 1 })
    expect(sent['7']!.inputs).toMatchObject({ seed: 3, model: ['1', 0], positive: ['4', 0] })
    expect(sent['9']!.inputs.frame_rate).toBe(16)
    expect(await finish(p, id)).toMatchObject({ state: 'succeeded' })
    const info = await p.fetchResult(id, join(dir, 'out.mp4'))
    expect(info).toMatchObject({ mimeType: 'video/mp4', width: 360, height: 640 })
    expect(readFileSync(join(dir, 'out.mp4')).subarray(4, 8).toString()).toBe('ftyp')
  })

  it('a node type this ComfyUI lacks is a rejection naming it', async () => {
    const p = make()
    fake.nodeTypes.delete('VHS_VideoCombine')
    try {
      await expect(p.submit(request)).rejects.toSatisfy((err: Error) => err instanceof ProviderRejectedError && /VHS_VideoCombine does not exist/.test(err.message))
    } finally {
      fake.nodeTypes.add('VHS_VideoCombine')
    }
  })

  it('a prompt a restarted ComfyUI forgot is UnknownProviderJobError, so the runner resubmits it', async () => {
    const p = make()
    const id = await p.submit(request)
    await finish(p, id)
    fake.restart()
    await expect(p.status(id)).rejects.toBeInstanceOf(UnknownProviderJobError)
  })

  it('discarding a queued prompt takes it off the queue', async () => {
    const p = make()
    fake.tickMs = 300
    try {
      const first = await p.submit(request)
      const second = await p.submit({ ...request, seed: 4 })
      expect((await p.status(second)).state).toBe('queued')
      await p.discard(second)
      await expect(p.status(second)).rejects.toBeInstanceOf(UnknownProviderJobError)
      await p.discard(first) // the running one is interrupted
      expect(await finish(p, first)).toMatchObject({ state: 'failed', error: expect.stringMatching(/interrupted/) })
    } finally {
      fake.tickMs = 60
    }
  })
})
