import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../errors'
import { FfmpegAbortedError, defaultFfmpegPaths, extractThumbnail, probeVideo, runFfmpeg } from './ffmpeg'
import { sampleFrames } from './frames'
import { DEFAULT_MEDIA_LIMITS, MediaBusyError, MediaTimeoutError, MediaTooLargeError, MediaTools, mediaLimitsConfig, type MediaLimits } from './tools'

const paths = defaultFfmpegPaths()
let dir: string
let clip: string

const limits = (l: Partial<MediaLimits>): MediaLimits => ({ ...DEFAULT_MEDIA_LIMITS, ...l })

/** Pids of live processes whose command line mentions marker (Linux /proc). */
function processesMentioning(marker: string): number[] {
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

/** Resolves once `ready()` holds: a run checks its inputs' sizes (on the thread pool) before it queues. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setImmediate(resolve))
}

/** Real ffmpeg reading a source that never ends, in real time: it runs until it is killed. */
function endless(tools: MediaTools, marker: string, opts: { signal?: AbortSignal; onStarted?: () => void; background?: boolean; timeoutMs?: number } = {}) {
  let started = false
  return runFfmpeg(['-re', '-f', 'lavfi', '-i', 'testsrc2=s=64x64:r=10', '-f', 'null', '-metadata', `title=${marker}`, '-'], {
    tools,
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    background: opts.background,
    onProgress: () => {
      if (!started) opts.onStarted?.()
      started = true
    },
  })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'framewright-media-tools-'))
  clip = join(dir, 'clip.mp4')
  await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=10:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', clip], { tools: new MediaTools(paths) })
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the time limit', () => {
  it('kills ffmpeg reading a source that never ends, and says it timed out', async () => {
    const tools = new MediaTools(paths, limits({ timeoutMs: 1_000 }))
    const marker = `endless-${process.pid}-${Date.now()}`
    const err = await endless(tools, marker).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MediaTimeoutError)
    expect(err).toMatchObject({ name: 'MediaTimeoutError', tool: 'ffmpeg', timeoutMs: 1_000 })
    expect(processesMentioning(marker)).toEqual([])
    expect(tools.stats).toEqual({ running: 0, waiting: 0 })
  })

  it('kills ffprobe blocked on a FIFO nobody writes to', async () => {
    const fifo = join(dir, `never-written-${Date.now()}.mp4`)
    execFileSync('mkfifo', [fifo])
    const tools = new MediaTools(paths, limits({ timeoutMs: 1_000 }))
    const err = await probeVideo(fifo, tools).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MediaTimeoutError)
    expect(processesMentioning(fifo)).toEqual([])
  })

  it("kills the tool's whole process group, not just the tool", async () => {
    // A stand-in "ffmpeg" that starts a child of its own and waits for it, as a wrapper script would.
    const marker = `${Date.now() % 100_000}.4242`
    const wrapper = join(dir, 'ffmpeg-wrapper.sh')
    await writeFile(wrapper, `#!/bin/sh\nsleep ${marker} &\nwait\n`)
    chmodSync(wrapper, 0o755)
    const tools = new MediaTools({ ffmpeg: wrapper, ffprobe: paths.ffprobe }, limits({ timeoutMs: 1_000 }))
    const err = await runFfmpeg([], { tools }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MediaTimeoutError)
    expect(processesMentioning(`sleep ${marker}`)).toEqual([])
  })

  it("keeps the caller's own abort an abort, not a timeout", async () => {
    const tools = new MediaTools(paths, limits({ timeoutMs: 60_000 }))
    const controller = new AbortController()
    const err = await endless(tools, `aborted-${Date.now()}`, { signal: controller.signal, onStarted: () => controller.abort() }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FfmpegAbortedError)
    expect(err).not.toBeInstanceOf(MediaTimeoutError)
  })
})

describe('the concurrency limit', () => {
  it('runs N at once; the next waits for a free slot, and past the waiter bound a request is told the tools are busy', async () => {
    const tools = new MediaTools(paths, limits({ concurrency: 2, maxWaiting: 1 }))
    const controller = new AbortController()
    const marker = `slot-${Date.now()}`
    let started = 0
    const bothStarted = new Promise<void>((resolve) => {
      const onStarted = () => ++started === 2 && resolve()
      for (const n of [1, 2]) void endless(tools, `${marker}-${n}`, { signal: controller.signal, onStarted }).catch(() => undefined)
    })
    await bothStarted
    expect(tools.stats).toEqual({ running: 2, waiting: 0 })

    // The third waits: its work has not begun while both slots are held.
    let thirdBegan = false
    const third = tools.run({ tool: 'ffprobe', inputs: [clip] }, async (signal) => {
      thirdBegan = true
      return probeVideo(clip, new MediaTools(paths)).then((p) => (signal.aborted ? undefined : p))
    })
    await until(() => tools.stats.waiting === 1)
    expect(tools.stats).toEqual({ running: 2, waiting: 1 })
    // The fourth request is over the bound of one waiter: refused at once, with a time to come back.
    const fourth = await probeVideo(clip, tools).catch((e: unknown) => e)
    expect(fourth).toBeInstanceOf(MediaBusyError)
    expect((fourth as MediaBusyError).retryAfterSeconds).toBeGreaterThan(0)
    // Background work has its own bounded queue: it waits however many requests do.
    const background = probeVideo(clip, tools, { background: true })
    await until(() => tools.stats.waiting === 2)
    expect(tools.stats).toEqual({ running: 2, waiting: 2 })
    expect(thirdBegan).toBe(false)

    controller.abort()
    expect((await third)?.width).toBe(160)
    expect(thirdBegan).toBe(true)
    expect((await background).width).toBe(160)
    expect(tools.stats).toEqual({ running: 0, waiting: 0 })
  })

  it('lets a waiter give up: its abort takes it out of the queue', async () => {
    const tools = new MediaTools(paths, limits({ concurrency: 1, maxWaiting: 1 }))
    const holder = new AbortController()
    await new Promise<void>((resolve) => void endless(tools, `holder-${Date.now()}`, { signal: holder.signal, onStarted: resolve }).catch(() => undefined))
    const waiter = new AbortController()
    const waiting = probeVideo(clip, tools, { signal: waiter.signal })
    await until(() => tools.stats.waiting === 1)
    waiter.abort()
    expect(await waiting.catch((e: unknown) => e)).toBeInstanceOf(FfmpegAbortedError)
    // The place it held in the queue is free again.
    expect(tools.stats).toEqual({ running: 1, waiting: 0 })
    holder.abort()
  })
})

describe('the input size limit', () => {
  it.each([
    ['probeVideo', (tools: MediaTools) => probeVideo(clip, tools)],
    ['extractThumbnail', (tools: MediaTools) => extractThumbnail(clip, join(dir, 'never.jpg'), { tools })],
    ['sampleFrames', (tools: MediaTools) => sampleFrames(clip, { tools, count: 2, width: 32 })],
  ])('refuses an input over the limit before %s starts anything', async (_name, run) => {
    const tools = new MediaTools(paths, limits({ maxInputBytes: 1_000 }))
    const err = await run(tools).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MediaTooLargeError)
    expect(err).toMatchObject({ name: 'MediaTooLargeError', path: clip, maxBytes: 1_000 })
    expect(existsSync(join(dir, 'never.jpg'))).toBe(false)
  })

  it('never calls the work for an input over the limit', async () => {
    const tools = new MediaTools(paths, limits({ maxInputBytes: 1_000 }))
    let called = false
    const err = await tools.run({ tool: 'ffmpeg', inputs: [clip] }, async () => void (called = true)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MediaTooLargeError)
    expect(called).toBe(false)
  })

  it('takes an input at the limit', async () => {
    const size = readFileSync(clip).length
    expect((await probeVideo(clip, new MediaTools(paths, limits({ maxInputBytes: size })))).width).toBe(160)
  })
})

describe('mediaLimitsConfig', () => {
  it('applies the defaults, the service default for input size, then the environment', () => {
    expect(mediaLimitsConfig({})).toEqual(DEFAULT_MEDIA_LIMITS)
    expect(mediaLimitsConfig({}, { maxInputBytes: 5_000_000 }).maxInputBytes).toBe(5_000_000)
    expect(mediaLimitsConfig({ ffmpegTimeoutMs: 5_000, ffmpegConcurrency: 4, ffmpegMaxWaiting: 0, ffmpegMaxInputBytes: 2_000_000 }, { maxInputBytes: 5_000_000 })).toEqual({
      timeoutMs: 5_000,
      concurrency: 4,
      maxWaiting: 0,
      maxInputBytes: 2_000_000,
    })
  })

  it.each([
    [{ ffmpegTimeoutMs: 10 }, 'FRAMEWRIGHT_FFMPEG_TIMEOUT_MS'],
    [{ ffmpegConcurrency: 0 }, 'FRAMEWRIGHT_FFMPEG_CONCURRENCY'],
    [{ ffmpegMaxWaiting: -1 }, 'FRAMEWRIGHT_FFMPEG_MAX_WAITING'],
    [{ ffmpegMaxInputBytes: 10 }, 'FRAMEWRIGHT_FFMPEG_MAX_INPUT_BYTES'],
  ])('refuses %j, naming %s', (env, variable) => {
    let err: unknown
    try {
      mediaLimitsConfig(env)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).variable).toBe(variable)
  })
})
