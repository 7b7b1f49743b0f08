import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  FfmpegAbortedError,
  FfmpegError,
  VideoProbeError,
  defaultFfmpegPaths,
  extractThumbnail,
  probeVideo,
  runFfmpeg,
} from './ffmpeg'
import { MediaTools } from './tools'

const paths = defaultFfmpegPaths()
const tools = new MediaTools(paths)
let dir: string
let clip: string

/** Pids of live processes whose command line mentions marker (Linux only; elsewhere nothing is found). */
function processesMentioning(marker: string): number[] {
  if (!existsSync('/proc')) return []
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry))
    } catch {
      // The process ended while we looked.
    }
  }
  return pids
}

function encodeTestClip(out: string, seconds: number, onProgress?: (ms: number) => void): Promise<void> {
  const input = `testsrc2=s=320x240:r=24:d=${seconds}`
  return runFfmpeg(['-f', 'lavfi', '-i', input, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', out], {
    tools,
    onProgress,
  })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'framewright-ffmpeg-test-'))
  clip = join(dir, 'clip.mp4')
  await encodeTestClip(clip, 2)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('defaultFfmpegPaths', () => {
  it('points at the binaries of the installer packages', async () => {
    expect((await stat(paths.ffmpeg)).isFile()).toBe(true)
    expect((await stat(paths.ffprobe)).isFile()).toBe(true)
  })
})

describe('runFfmpeg', () => {
  it('reports increasing progress up to the end of the output', async () => {
    const seen: number[] = []
    await encodeTestClip(join(dir, 'progress.mp4'), 3, (ms) => seen.push(ms))
    expect(seen.length).toBeGreaterThan(0)
    expect([...seen].sort((a, b) => a - b)).toEqual(seen)
    expect(seen.at(-1)).toBeGreaterThanOrEqual(2800)
    expect(seen.at(-1)).toBeLessThanOrEqual(3100)
  })

  it('rejects with the end of stderr when ffmpeg fails', async () => {
    const err = await runFfmpeg(['-i', join(dir, 'missing.mp4'), '-f', 'null', '-'], { tools }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FfmpegError)
    const ffErr = err as FfmpegError
    expect(ffErr.name).toBe('FfmpegError')
    expect(ffErr.exitCode).not.toBe(0)
    expect(ffErr.stderrTail.join('\n')).toMatch(/missing\.mp4/)
    expect(ffErr.message).toMatch(/missing\.mp4/)
  })

  it('rejects with FfmpegError when the binary does not exist', async () => {
    const err = await runFfmpeg(['-version'], { tools: new MediaTools({ ffmpeg: join(dir, 'no-such-ffmpeg'), ffprobe: paths.ffprobe }) }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FfmpegError)
    expect((err as FfmpegError).cause).toMatchObject({ code: 'ENOENT' })
  })

  it('passes arguments without a shell', async () => {
    // If a shell saw this name, it would create shell-ran in the working directory.
    const name = 'x; touch shell-ran; $(touch shell-ran) `touch shell-ran`.mp4'
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=64x64:r=24:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-y', name], {
      tools,
      cwd: dir,
    })
    expect(existsSync(join(dir, name))).toBe(true)
    expect(existsSync(join(dir, 'shell-ran'))).toBe(false)
  })

  it('kills ffmpeg when the signal aborts and rejects only after it exited', async () => {
    const marker = join(dir, `endless-${Date.now()}.mp4`)
    const controller = new AbortController()
    let runningBeforeAbort: number[] = []
    const run = runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=640x480:r=24', '-c:v', 'libx264', '-preset', 'ultrafast', '-y', marker], {
      tools,
      signal: controller.signal,
      onProgress: () => {
        runningBeforeAbort = processesMentioning(marker)
        controller.abort(new Error('enough'))
      },
    })
    const err = await run.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FfmpegAbortedError)
    if (existsSync('/proc')) expect(runningBeforeAbort).toHaveLength(1)
    expect((err as FfmpegAbortedError).name).toBe('FfmpegAbortedError')
    expect(processesMentioning(marker)).toEqual([])
  })

  it('stops ffmpeg and rejects when onProgress throws', async () => {
    const marker = join(dir, `throwing-${Date.now()}.mp4`)
    const boom = new Error('boom')
    const err = await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=640x480:r=24', '-c:v', 'libx264', '-preset', 'ultrafast', '-y', marker], {
      tools,
      onProgress: () => {
        throw boom
      },
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FfmpegError)
    expect((err as FfmpegError).cause).toBe(boom)
    expect(processesMentioning(marker)).toEqual([])
  })

  it('does not start ffmpeg for an already aborted signal', async () => {
    const err = await runFfmpeg(['-version'], { tools, signal: AbortSignal.abort() }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FfmpegAbortedError)
  })
})

describe('probeVideo', () => {
  it('reads codec, pixel format, size and duration as integers', async () => {
    const probe = await probeVideo(clip, tools)
    expect(probe).toMatchObject({ codec: 'h264', pixFmt: 'yuv420p', width: 320, height: 240, size: (await stat(clip)).size })
    expect(Math.abs(probe.durationMs - 2000)).toBeLessThanOrEqual(100)
    for (const value of [probe.durationMs, probe.width, probe.height, probe.size]) expect(Number.isInteger(value)).toBe(true)
  })

  it('takes names that look like options or protocols as plain files', async () => {
    const odd = join(dir, '-odd http:name %d.mp4')
    await writeFile(odd, await readFile(clip))
    expect((await probeVideo(odd, tools)).width).toBe(320)
  })

  it.each([
    ['a missing file', 'missing.mp4', null],
    ['a file that is not a video', 'notes.txt', 'just some text\n'],
  ])('throws VideoProbeError for %s', async (_label, name, contents) => {
    const path = join(dir, name)
    if (contents !== null) await writeFile(path, contents)
    const err = await probeVideo(path, tools).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(VideoProbeError)
    expect((err as VideoProbeError).name).toBe('VideoProbeError')
  })
})

describe('extractThumbnail', () => {
  it('writes one JPEG frame of the video', async () => {
    const out = join(dir, 'poster %d.jpg')
    await extractThumbnail(clip, out, { tools, atMs: 1000 })
    const bytes = await readFile(out)
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
    // probeVideo wants a duration, which a still image lacks; ask ffprobe directly.
    const args = ['-v', 'error', '-pattern_type', 'none', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', `file:${out}`]
    const shown = execFileSync(paths.ffprobe, args, { encoding: 'utf8' })
    expect(JSON.parse(shown).streams).toEqual([{ codec_name: 'mjpeg', width: 320, height: 240 }])
  })

  it('fails when there is no frame at the position', async () => {
    const err = await extractThumbnail(clip, join(dir, 'late.jpg'), { tools, atMs: 60_000 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FfmpegError)
  })
})
