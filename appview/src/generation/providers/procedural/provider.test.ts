import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MediaTools, probeVideo } from '@framewright/service-kit'
import { ProviderRejectedError, UnknownProviderJobError, type GenerationRequest, type ProviderJobStatus } from '../../provider'
import { ProceduralProvider, RenderNotFinishedError, type ProceduralProviderOptions } from './provider'

const paths = MediaTools.create()
const RENDER_TIMEOUT = 60_000
let root: string
let providers: ProceduralProvider[] = []

function request(overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return { prompt: 'a cat on a roof', seed: 7, durationMs: 4000, aspectRatio: { width: 9, height: 16 }, depicts: [], ...overrides }
}

async function makeProvider(overrides: Partial<ProceduralProviderOptions> = {}): Promise<ProceduralProvider> {
  const workDir = await mkdtemp(join(root, 'work-'))
  const provider = new ProceduralProvider({ workDir, tools: paths, ...overrides })
  providers.push(provider)
  return provider
}

async function waitUntil(provider: ProceduralProvider, id: string, done: (s: ProviderJobStatus) => boolean): Promise<ProviderJobStatus[]> {
  const seen: ProviderJobStatus[] = []
  for (;;) {
    const status = await provider.status(id)
    seen.push(status)
    if (done(status)) return seen
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const finished = (s: ProviderJobStatus) => s.state === 'succeeded' || s.state === 'failed'

/** Renders req to a file and returns its sha256, the status history and the file's facts. */
async function render(provider: ProceduralProvider, req: GenerationRequest) {
  const id = await provider.submit(req)
  const history = await waitUntil(provider, id, finished)
  expect(history.at(-1)).toMatchObject({ state: 'succeeded', progress: 100 })
  const dest = join(root, `${id}.mp4`)
  const info = await provider.fetchResult(id, dest)
  const sha256 = createHash('sha256').update(await readFile(dest)).digest('hex')
  return { id, history, info, dest, sha256, provenance: provider.provenance(id, req) }
}

/** Pids of ffmpeg processes working inside dir (found through /proc, so Linux only). */
function ffmpegProcessesUnder(dir: string): number[] {
  if (!existsSync('/proc')) return []
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readlinkSync(`/proc/${entry}/cwd`).startsWith(dir) && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('ffmpeg')) {
        pids.push(Number(entry))
      }
    } catch {
      // Ended while we looked, or not ours to read.
    }
  }
  return pids
}

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value]
  if (Array.isArray(value)) return value.flatMap(numbersIn)
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn)
  return []
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'framewright-procedural-test-'))
})

afterEach(async () => {
  await Promise.all(providers.map((p) => p.destroy()))
  providers = []
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('ProceduralProvider', () => {
  it('describes itself as an always-available offline provider', async () => {
    const provider = await makeProvider()
    expect(provider).toMatchObject({ id: 'procedural', available: true, models: ['framewright-procedural-1'] })
  })

  it(
    'renders a 4 s 9:16 h264 clip, byte-identical for identical requests',
    async () => {
      const provider = await makeProvider()
      const first = await render(provider, request())
      const second = await render(provider, request())
      expect(second.id).not.toBe(first.id)
      expect(second.sha256).toBe(first.sha256)

      const probe = await probeVideo(first.dest, paths)
      expect(probe).toMatchObject({ codec: 'h264', pixFmt: 'yuv420p', width: 480, height: 854 })
      expect(Math.abs(probe.durationMs - 4000)).toBeLessThanOrEqual(100)
      expect(first.info).toEqual({ mimeType: 'video/mp4', size: probe.size, durationMs: probe.durationMs, width: 480, height: 854 })
    },
    RENDER_TIMEOUT,
  )

  it(
    'reports progress that only goes up, through values between 0 and 100, and ends at 100',
    async () => {
      // Every report, as the provider makes it: sampling status() would miss a fast render's middle.
      const reports: { id: string; progress: number; stage: string }[] = []
      const provider = await makeProvider({ onProgress: (id, progress, stage) => reports.push({ id, progress, stage }) })
      const { id, history, provenance } = await render(provider, request({ durationMs: 12_000 }))
      expect(provenance.params?.pattern).toBe('plasma')
      expect(new Set(reports.map((r) => r.id))).toEqual(new Set([id]))
      const progress = reports.map((r) => r.progress)
      expect([...progress].sort((a, b) => a - b)).toEqual(progress)
      // ffmpeg's last progress block names the end of the output, so 99 comes however fast it renders.
      expect(progress.filter((p) => p > 0 && p < 100)).not.toEqual([])
      expect(progress.at(-1)).toBe(100)
      expect(reports.filter((r) => r.progress < 100).map((r) => r.stage)).toEqual(progress.slice(0, -1).map(() => 'rendering frames'))
      expect(reports.at(-1)?.stage).toBe('done')
      // What status() says agrees: never backwards, and done at the end.
      const polled = history.map((s) => s.progress)
      expect([...polled].sort((a, b) => a - b)).toEqual(polled)
      expect(history.at(-1)).toMatchObject({ progress: 100, stage: 'done' })
    },
    RENDER_TIMEOUT,
  )

  it(
    'gives different bytes for a different seed or prompt',
    async () => {
      const provider = await makeProvider()
      const base = await render(provider, request({ durationMs: 1000 }))
      const otherSeed = await render(provider, request({ durationMs: 1000, seed: 8 }))
      const otherPrompt = await render(provider, request({ durationMs: 1000, prompt: 'a cat on a roof!' }))
      expect(new Set([base.sha256, otherSeed.sha256, otherPrompt.sha256]).size).toBe(3)
    },
    RENDER_TIMEOUT,
  )

  // Prompts picked (with seed 7) so that every pattern is rendered once.
  it.each([
    ['plasma', 'a cat on a roof'],
    ['aurora', 'quiet forest'],
    ['mandelbrot', 'aurora borealis'],
    ['life', 'storm over the bay'],
    ['cellauto', 'tidal pool'],
  ])(
    'renders the %s pattern as a valid clip with integer-only provenance',
    async (pattern, prompt) => {
      const provider = await makeProvider()
      const req = request({ prompt, durationMs: 1500 })
      const { info, provenance } = await render(provider, req)
      expect(info).toMatchObject({ width: 480, height: 854 })
      expect(Math.abs(info.durationMs - 1500)).toBeLessThanOrEqual(100)
      expect(provenance).toMatchObject({
        provider: 'procedural',
        model: 'framewright-procedural-1',
        prompt,
        seed: 7,
        sourceType: 'ai-generated',
      })
      expect(provenance.params?.pattern).toBe(pattern)
      expect(Number.isNaN(Date.parse(provenance.generatedAt))).toBe(false)
      for (const value of numbersIn(provenance.params)) expect(Number.isInteger(value)).toBe(true)
    },
    RENDER_TIMEOUT,
  )

  it.each([
    [{ width: 16, height: 9 }, 854, 480],
    [{ width: 1, height: 1 }, 480, 480],
    [{ width: 4, height: 5 }, 480, 600],
    [{ width: 21, height: 9 }, 1120, 480],
  ])(
    'sizes %o as %i x %i',
    async (aspectRatio, width, height) => {
      const provider = await makeProvider()
      const { dest } = await render(provider, request({ aspectRatio, durationMs: 500 }))
      expect(await probeVideo(dest, paths)).toMatchObject({ width, height })
    },
    RENDER_TIMEOUT,
  )

  it(
    'renders a hostile prompt as plain caption text',
    async () => {
      const workDir = await mkdtemp(join(root, 'hostile-'))
      const provider = await makeProvider({ workDir })
      const canary = join(root, 'injected')
      const prompt =
        `it's "quoted"; rm -rf /; $(touch ${canary}) \`touch ${canary}\` %{localtime} %{eif:1/0:d} %{metadata:x} ` +
        `back\\slash \\\\ \\n [out];[x] drawtext=text=oops:fontsize=99, ' \n\r\t\u0000 line two\u202e reversed\u200b ` +
        '漢字ひらがな العربية עברית 🎬👩‍👩‍👧 é́ '.repeat(60).slice(0, 2000)
      expect(prompt.length).toBeGreaterThan(2000)
      const id = await provider.submit(request({ prompt, durationMs: 1000 }))
      const caption = await readFile(join(workDir, id, 'caption.txt'), 'utf8')
      expect(caption).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e\u200b]/)
      expect(caption.split('\n').length).toBeLessThanOrEqual(3)
      const history = await waitUntil(provider, id, finished)
      expect(history.at(-1)).toMatchObject({ state: 'succeeded' })
      const info = await provider.fetchResult(id, join(root, 'hostile.mp4'))
      expect(info).toMatchObject({ width: 480, height: 854 })
      expect(provider.provenance(id, request({ prompt })).prompt).toBe(prompt)
      expect(existsSync(canary)).toBe(false)
    },
    RENDER_TIMEOUT,
  )

  it.each([
    ['a font that is not installed', join(tmpdir(), 'no-such-font.ttf')],
    ['no font at all', null],
  ])(
    'renders without a caption given %s',
    async (_label, fontFile) => {
      const provider = await makeProvider({ fontFile })
      const { provenance, info } = await render(provider, request({ durationMs: 500 }))
      expect(provenance.params?.caption).toBe(0)
      expect(info.width).toBe(480)
    },
    RENDER_TIMEOUT,
  )

  it('throws UnknownProviderJobError for ids it does not know', async () => {
    const provider = await makeProvider()
    await expect(provider.status('procedural-nope')).rejects.toBeInstanceOf(UnknownProviderJobError)
    await expect(provider.fetchResult('procedural-nope', join(root, 'x.mp4'))).rejects.toBeInstanceOf(UnknownProviderJobError)
    expect(() => provider.provenance('procedural-nope', request())).toThrow(UnknownProviderJobError)
    await expect(provider.discard('procedural-nope')).resolves.toBeUndefined()
  })

  it.each([
    ['an unknown model', { model: 'sora-9' }],
    ['a zero duration', { durationMs: 0 }],
    ['a duration over a minute', { durationMs: 60_001 }],
    ['a fractional duration', { durationMs: 1000.5 }],
    ['a fractional seed', { seed: 1.5 }],
    ['an aspect ratio wider than 4:1', { aspectRatio: { width: 5, height: 1 } }],
    ['a zero-height aspect ratio', { aspectRatio: { width: 1, height: 0 } }],
  ])('rejects %s', async (_label, overrides) => {
    const provider = await makeProvider()
    await expect(provider.submit(request(overrides))).rejects.toBeInstanceOf(ProviderRejectedError)
  })

  it(
    'kills ffmpeg and forgets the job when a running render is discarded',
    async () => {
      const workDir = await mkdtemp(join(root, 'discard-'))
      const provider = await makeProvider({ workDir })
      const id = await provider.submit(request({ durationMs: 60_000 }))
      await expect(provider.fetchResult(id, join(root, 'early.mp4'))).rejects.toBeInstanceOf(RenderNotFinishedError)
      await waitUntil(provider, id, (s) => s.state === 'running' && s.progress > 0)
      if (existsSync('/proc')) expect(ffmpegProcessesUnder(workDir)).toHaveLength(1)
      await provider.discard(id)
      expect(ffmpegProcessesUnder(workDir)).toEqual([])
      expect(await readdir(workDir)).toEqual([])
      await expect(provider.status(id)).rejects.toBeInstanceOf(UnknownProviderJobError)
    },
    RENDER_TIMEOUT,
  )

  it(
    'marks a render whose ffmpeg was killed as failed',
    async () => {
      const workDir = await mkdtemp(join(root, 'killed-'))
      const provider = await makeProvider({ workDir })
      const id = await provider.submit(request({ durationMs: 60_000 }))
      await waitUntil(provider, id, (s) => s.state === 'running' && s.progress > 0)
      const pids = ffmpegProcessesUnder(workDir)
      if (pids.length === 0) return // no /proc to find the process through
      for (const pid of pids) process.kill(pid, 'SIGKILL')
      const history = await waitUntil(provider, id, finished)
      expect(history.at(-1)).toMatchObject({ state: 'failed', stage: 'failed' })
      expect(history.at(-1)?.error).toMatch(/SIGKILL/)
      await expect(provider.fetchResult(id, join(root, 'killed.mp4'))).rejects.toBeInstanceOf(ProviderRejectedError)
      await provider.discard(id)
      expect(await readdir(workDir)).toEqual([])
    },
    RENDER_TIMEOUT,
  )

  it(
    'fails running and queued renders on destroy, leaving no ffmpeg behind',
    async () => {
      const workDir = await mkdtemp(join(root, 'destroy-'))
      const provider = await makeProvider({ workDir })
      const running = await provider.submit(request({ durationMs: 60_000 }))
      const queued = await provider.submit(request({ durationMs: 60_000, seed: 9 }))
      await waitUntil(provider, running, (s) => s.state === 'running')
      expect(await provider.status(queued)).toMatchObject({ state: 'queued', progress: 0 })
      await provider.destroy()
      expect(await provider.status(running)).toMatchObject({ state: 'failed' })
      expect(await provider.status(queued)).toMatchObject({ state: 'failed' })
      expect(ffmpegProcessesUnder(workDir)).toEqual([])
      await provider.destroy()
      await expect(provider.submit(request())).rejects.toBeInstanceOf(ProviderRejectedError)
    },
    RENDER_TIMEOUT,
  )

  it(
    'close() stops renders like destroy() and is safe to call twice',
    async () => {
      const workDir = await mkdtemp(join(root, 'close-'))
      const provider = await makeProvider({ workDir })
      const running = await provider.submit(request({ durationMs: 60_000 }))
      await waitUntil(provider, running, (s) => s.state === 'running')
      await provider.close()
      expect(await provider.status(running)).toMatchObject({ state: 'failed' })
      expect(ffmpegProcessesUnder(workDir)).toEqual([])
      await provider.close()
      await expect(provider.submit(request())).rejects.toBeInstanceOf(ProviderRejectedError)
    },
    RENDER_TIMEOUT,
  )
})
