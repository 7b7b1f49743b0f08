import { resolve } from 'node:path'
import { FfmpegAbortedError, FfmpegError, probeVideo, type VideoProbe } from './ffmpeg'
import { killMediaTool, spawnMediaTool } from './spawn'
import type { MediaTools } from './tools'

/** One decoded frame: `width × height` pixels, row-major, `channels` bytes per pixel. */
export interface Frame {
  /** Index of the frame among the sampled ones (0-based). */
  index: number
  /** Approximate position in the video. */
  atMs: number
  width: number
  height: number
  /** 3 for rgb24, 1 for gray. */
  channels: 1 | 3
  data: Uint8Array
}

export interface SampleFramesOptions {
  tools: MediaTools
  /** How many frames, spread evenly over the video (the middle of each equal slice). */
  count: number
  /** Width of the output frames; the height keeps the aspect ratio (rounded to even). */
  width: number
  /** Pixel format of the output: rgb24 (3 bytes per pixel) or gray (1). */
  pixelFormat?: 'rgb24' | 'gray'
  /** ffmpeg is killed when this fires, or after timeoutMs (the tools' limit when absent). */
  signal?: AbortSignal
  timeoutMs?: number
  /** Work with its own bounded queue: waits for a slot however many requests wait (see MediaRun). */
  background?: boolean
  /** An already known probe of the file (saves running ffprobe again). */
  probe?: VideoProbe
}

/** The largest frame we will ever decode into memory, so a hostile aspect ratio cannot blow it up. */
const MAX_FRAME_PIXELS = 4096 * 4096

/**
 * Decodes `count` frames spread evenly over a video file into raw pixels, in one ffmpeg run (the
 * file is read once). Frames come back in time order; a
 * video shorter than the sampling grid may give fewer frames than asked for, never more.
 */
export async function sampleFrames(path: string, opts: SampleFramesOptions): Promise<Frame[]> {
  if (!Number.isInteger(opts.count) || opts.count < 1) throw new RangeError(`count must be a positive integer, got ${opts.count}`)
  if (!Number.isInteger(opts.width) || opts.width < 2) throw new RangeError(`width must be an integer ≥ 2, got ${opts.width}`)
  const probe = opts.probe ?? (await probeVideo(path, opts.tools, { signal: opts.signal, background: opts.background }))
  const width = opts.width - (opts.width % 2)
  const height = Math.max(2, Math.round((width * probe.height) / probe.width / 2) * 2)
  if (width * height > MAX_FRAME_PIXELS) throw new FfmpegError(`frames of ${width}x${height} are too large to decode`)
  const channels = opts.pixelFormat === 'gray' ? 1 : 3
  const frameBytes = width * height * channels
  // The first frame at or after the middle of each equal slice of the video: `select` keeps a frame
  // when a sampling time falls between the previous frame's time and its own.
  const times = Array.from({ length: opts.count }, (_, i) => ((i + 0.5) * probe.durationMs) / opts.count / 1000)
  const pick = times.map((t) => `gte(t,${t.toFixed(3)})*lt(prev_pts*TB,${t.toFixed(3)})`).join('+')
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-i', `file:${resolve(path)}`,
    '-map', '0:v:0',
    '-vf', `select='${pick}',scale=${width}:${height}:flags=area`,
    '-vsync', '0',
    '-frames:v', String(opts.count),
    '-f', 'rawvideo',
    '-pix_fmt', opts.pixelFormat ?? 'rgb24',
    'pipe:1',
  ]
  const raw = await runFfmpegToBuffer(args, {
    tools: opts.tools,
    inputs: [path],
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    background: opts.background,
    maxBytes: frameBytes * opts.count,
  })
  const frames: Frame[] = []
  for (let i = 0; (i + 1) * frameBytes <= raw.length && i < opts.count; i++) {
    frames.push({
      index: i,
      atMs: Math.round(((i + 0.5) * probe.durationMs) / opts.count),
      width,
      height,
      channels,
      data: raw.subarray(i * frameBytes, (i + 1) * frameBytes),
    })
  }
  if (frames.length === 0) throw new FfmpegError(`no frames decoded from ${path}`)
  return frames
}

export interface RunFfmpegToBufferOptions {
  tools: MediaTools
  /** Files ffmpeg reads, checked against the input size limit before it starts. */
  inputs: readonly string[]
  /** ffmpeg is stopped once it has written this much; output of exactly this size is a success. */
  maxBytes: number
  signal?: AbortSignal
  timeoutMs?: number
  background?: boolean
}

/**
 * Runs ffmpeg (args are complete: no progress pipe is added) under the tools' limits and collects
 * its stdout, killing it on abort, on timeout or when it writes more than maxBytes.
 */
export function runFfmpegToBuffer(args: readonly string[], opts: RunFfmpegToBufferOptions): Promise<Buffer> {
  const { tools } = opts
  return tools.run({ tool: 'ffmpeg', inputs: opts.inputs, signal: opts.signal, timeoutMs: opts.timeoutMs, background: opts.background }, (signal) =>
    runToBuffer(tools.ffmpeg, args, { signal, maxBytes: opts.maxBytes }),
  )
}

function runToBuffer(ffmpegPath: string, args: readonly string[], opts: { signal: AbortSignal; maxBytes: number }): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    if (opts.signal.aborted) return reject(new FfmpegAbortedError('ffmpeg was aborted before it started'))
    const child = spawnMediaTool(ffmpegPath, args)
    child.stdin.end()
    const chunks: Buffer[] = []
    let size = 0
    let stderr = ''
    let stopped: FfmpegError | undefined
    const stop = (err: FfmpegError) => {
      stopped ??= err
      killMediaTool(child)
    }
    const onAbort = () => stop(new FfmpegAbortedError('ffmpeg was aborted'))
    opts.signal.addEventListener('abort', onAbort, { once: true })
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length
      // The last frame may be cut short by a kill: keep only whole frames worth of bytes.
      if (size > opts.maxBytes) {
        chunks.push(chunk.subarray(0, chunk.length - (size - opts.maxBytes)))
        size = opts.maxBytes
        stop(new FfmpegError('ffmpeg wrote more frames than asked for'))
        return
      }
      chunks.push(chunk)
    })
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-2000)
    })
    child.on('error', (err) => {
      if (child.pid === undefined) stop(new FfmpegError(`cannot start ffmpeg (${ffmpegPath})`, [], null, { cause: err }))
    })
    child.on('close', (code) => {
      opts.signal.removeEventListener('abort', onAbort)
      const tail = stderr.trim().split('\n').filter(Boolean).slice(-5)
      // Output capped at exactly what we asked for is a success, whatever killed the process.
      if (stopped && !(stopped.message.startsWith('ffmpeg wrote more') && size === opts.maxBytes)) return reject(stopped)
      if (!stopped && code !== 0) return reject(new FfmpegError(`ffmpeg exited with code ${code}`, tail, code))
      resolvePromise(Buffer.concat(chunks, size))
    })
  })
}
