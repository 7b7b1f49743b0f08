import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MediaTools, probeVideo } from '@framewright/service-kit'
import type { GenerationRequest } from '../../provider'
import { ProceduralProvider } from './provider'
import { planSoundtrack } from './soundtrack'

const run = promisify(execFile)
const paths = MediaTools.create()
let root: string
let provider: ProceduralProvider

function request(overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return { prompt: 'rain on a tin roof', seed: 11, durationMs: 2000, aspectRatio: { width: 9, height: 16 }, depicts: [], ...overrides }
}

/** Renders a request and returns the file's path. */
async function render(req: GenerationRequest): Promise<string> {
  const id = await provider.submit(req)
  for (;;) {
    const s = await provider.status(id)
    if (s.state === 'failed') throw new Error(s.error)
    if (s.state === 'succeeded') break
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  const dest = join(root, `${id}.mp4`)
  await provider.fetchResult(id, dest)
  return dest
}

/** MD5 of the encoded audio packets, as ffmpeg's md5 muxer prints it. */
async function audioHash(file: string): Promise<string> {
  const { stdout } = await run(paths.ffmpeg, ['-v', 'error', '-i', file, '-map', '0:a', '-c', 'copy', '-f', 'md5', '-'])
  return stdout.trim()
}

/** The audio streams ffprobe sees: codec, sample rate and duration. */
async function audioStreams(file: string): Promise<{ codec_name: string; sample_rate: string; duration: string }[]> {
  const { stdout } = await run(paths.ffprobe, ['-v', 'error', '-select_streams', 'a', '-show_streams', '-print_format', 'json', file])
  return (JSON.parse(stdout) as { streams: { codec_name: string; sample_rate: string; duration: string }[] }).streams
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'framewright-soundtrack-test-'))
  provider = new ProceduralProvider({ workDir: join(root, 'work'), tools: paths })
})

afterAll(async () => {
  await provider?.destroy()
  await rm(root, { recursive: true, force: true })
})

describe('the procedural soundtrack', () => {
  it('is an AAC stream as long as the pictures, which probeVideo reports', async () => {
    const file = await render(request())
    const streams = await audioStreams(file)
    expect(streams).toHaveLength(1)
    expect(streams[0]).toMatchObject({ codec_name: 'aac', sample_rate: '48000' })
    expect(Math.abs(Number(streams[0]!.duration) - 2)).toBeLessThan(0.1)
    expect((await probeVideo(file, paths)).hasAudio).toBe(true)
  }, 60_000)

  it('is the same stream for the same prompt and seed, and another for another prompt or seed', async () => {
    const [a, b, otherPrompt, otherSeed] = await Promise.all([
      render(request()),
      render(request()),
      render(request({ prompt: 'a marching band at dawn' })),
      render(request({ seed: 12 })),
    ])
    const hashes = await Promise.all([a, b, otherPrompt, otherSeed].map(audioHash))
    expect(hashes[0]).toMatch(/^MD5=[0-9a-f]{32}$/)
    expect(hashes[1]).toBe(hashes[0])
    expect(hashes[2]).not.toBe(hashes[0])
    expect(hashes[3]).not.toBe(hashes[0])
  }, 60_000)

  it('plans its key, tempo and notes from the request alone, in integers', () => {
    const plan = planSoundtrack('m', 1, 'p', 48)
    expect(planSoundtrack('m', 1, 'p', 48)).toEqual(plan)
    expect(planSoundtrack('m', 2, 'p', 48).params).not.toEqual(plan.params)
    // 48 frames at 24 fps are 2 s: 96,000 samples at 48 kHz.
    expect(plan.chain).toContain('atrim=end_sample=96000')
    expect(plan.chain.replace(/'[^']*'/, '')).not.toMatch(/\d\.\d/)
  })
})

describe('probeVideo', () => {
  it('says a silent video has no audio', async () => {
    const silent = join(root, 'silent.mp4')
    await run(paths.ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=s=64x64:d=1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y', silent])
    expect(await probeVideo(silent, paths)).toMatchObject({ width: 64, hasAudio: false })
  }, 30_000)
})
