/**
 * Thin helpers around the ffmpeg and ffprobe binaries shipped in npm packages
 * (`@ffmpeg-installer/ffmpeg`, `@ffprobe-installer/ffprobe`), so no system ffmpeg is needed.
 * Binaries are always spawned directly (never through a shell) and paths are passed explicitly;
 * every run goes through MediaTools (./tools.ts), which holds it to a time, size and concurrency limit.
 */
import { stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { killMediaTool, spawnMediaTool } from './spawn'
import type { MediaTools } from './tools'

/** ffmpeg failed to start, exited with an error, or was killed; carries the end of its stderr. */
export class FfmpegError extends Error {
  override name = 'FfmpegError'
  constructor(
    message: string,
    readonly stderrTail: string[] = [],
    readonly exitCode: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(stderrTail.length > 0 ? `${message}: ${stderrTail[stderrTail.length - 1]}` : message, options)
  }
}

/** A run of ffmpeg was stopped because its AbortSignal fired; the process is gone when this is thrown. */
export class FfmpegAbortedError extends FfmpegError {
  override name = 'FfmpegAbortedError'
}

/** ffprobe could not read a file, or the file holds no usable video stream. */
export class VideoProbeError extends Error {
  override name = 'VideoProbeError'
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${message}`, options)
  }
}

/** The installer packages have no ffmpeg/ffprobe binary for this platform. */
export class FfmpegNotInstalledError extends Error {
  override name = 'FfmpegNotInstalledError'
}

export interface FfmpegPaths {
  ffmpeg: string
  ffprobe: string
}

/** Paths of the ffmpeg and ffprobe binaries bundled by the installer npm packages. */
export function defaultFfmpegPaths(): FfmpegPaths {
  // Loaded lazily: the installer packages throw (a bare string) at import time on unsupported platforms.
  const require = createRequire(import.meta.url)
  const load = (pkg: string): string => {
    try {
      const mod = require(pkg) as { path?: unknown }
      if (typeof mod.path !== 'string') throw new Error('the package exports no path')
      return mod.path
    } catch (err) {
      throw new FfmpegNotInstalledError(`${pkg}: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
    }
  }
  return { ffmpeg: load('@ffmpeg-installer/ffmpeg'), ffprobe: load('@ffprobe-installer/ffprobe') }
}

export interface RunFfmpegOptions {
  /** The binaries and the limits every run is held to. */
  tools: MediaTools
  /** Files ffmpeg reads, checked against the input size limit before it starts. */
  inputs?: readonly string[]
  /** Called with ffmpeg's output position (ms of output written so far), a few times per second. */
  onProgress?: (outTimeMs: number) => void
  /** Aborting kills ffmpeg; the promise then rejects with FfmpegAbortedError once the process has exited. */
  signal?: AbortSignal
  /** This run's time limit instead of the tools' default (MediaTimeoutError past it). */
  timeoutMs?: number
  /** Work with its own bounded queue: waits for a slot however many requests wait (see MediaRun). */
  background?: boolean
  /** Working directory, so callers can use relative paths instead of escaping absolute ones in filter graphs. */
  cwd?: string
}

const STDERR_TAIL_LINES = 20

// -nostdin: ffmpeg otherwise reads the terminal for key presses and can stop when backgrounded.
const BASE_ARGS = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-progress', 'pipe:1']

/** Runs ffmpeg with args (no shell) under the tools' limits, reporting progress; rejects with FfmpegError when it fails. */
export function runFfmpeg(args: readonly string[], opts: RunFfmpegOptions): Promise<void> {
  const { tools } = opts
  return tools.run({ tool: 'ffmpeg', inputs: opts.inputs, signal: opts.signal, timeoutMs: opts.timeoutMs, background: opts.background }, (signal) =>
    spawnFfmpeg(args, { ffmpegPath: tools.ffmpeg, cwd: opts.cwd, onProgress: opts.onProgress, signal }),
  )
}

function spawnFfmpeg(args: readonly string[], opts: { ffmpegPath: string; cwd?: string; onProgress?: (outTimeMs: number) => void; signal: AbortSignal }): Promise<void> {
  const { signal } = opts
  return new Promise((resolvePromise, reject) => {
    if (signal.aborted) {
      reject(new FfmpegAbortedError('ffmpeg was aborted before it started', [], null, { cause: signal.reason }))
      return
    }
    const child = spawnMediaTool(opts.ffmpegPath, [...BASE_ARGS, ...args], { cwd: opts.cwd })
    child.stdin.end()
    const stderr = new LineTail(STDERR_TAIL_LINES)
    // A throwing callback would otherwise surface as an uncaught exception from a stream handler.
    let callbackError: unknown
    const progress = new ProgressParser((outTimeMs) => {
      try {
        opts.onProgress?.(outTimeMs)
      } catch (err) {
        callbackError ??= err
        killMediaTool(child)
      }
    })
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => progress.push(chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk))

    let settled = false
    const settle = (err?: Error) => {
      if (settled) return
      settled = true
      signal.removeEventListener('abort', onAbort)
      if (err) reject(err)
      else resolvePromise()
    }
    // SIGKILL rather than SIGTERM: on SIGTERM ffmpeg first finishes the file, and an aborted output is discarded anyway.
    const onAbort = () => killMediaTool(child)
    signal.addEventListener('abort', onAbort, { once: true })

    child.on('error', (err) => {
      // Without a pid the process never started, and 'close' may not follow.
      if (child.pid === undefined) settle(new FfmpegError(`cannot start ffmpeg (${opts.ffmpegPath})`, [], null, { cause: err }))
    })
    child.on('close', (code, killedBy) => {
      const tail = stderr.lines()
      if (signal.aborted) settle(new FfmpegAbortedError('ffmpeg was aborted', tail, code, { cause: signal.reason }))
      else if (callbackError !== undefined) settle(new FfmpegError('onProgress threw; ffmpeg was stopped', tail, code, { cause: callbackError }))
      else if (killedBy) settle(new FfmpegError(`ffmpeg was killed by ${killedBy}`, tail, code))
      else if (code !== 0) settle(new FfmpegError(`ffmpeg exited with code ${code}`, tail, code))
      else settle()
    })
  })
}

/** Keeps the last n non-empty lines of a text stream. */
class LineTail {
  private kept: string[] = []
  private partial = ''
  constructor(private readonly max: number) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n|\r/)
    this.partial = parts.pop() ?? ''
    for (const line of parts) this.keep(line)
  }

  lines(): string[] {
    if (this.partial) this.keep(this.partial)
    this.partial = ''
    return [...this.kept]
  }

  private keep(line: string): void {
    const trimmed = line.trim()
    if (!trimmed) return
    this.kept.push(trimmed)
    if (this.kept.length > this.max) this.kept.shift()
  }
}

/** Parses the key=value blocks of `-progress`; each block ends with a `progress=` line. */
class ProgressParser {
  private partial = ''
  private outTimeUs: number | undefined
  constructor(private readonly onProgress: (outTimeMs: number) => void) {}

  push(chunk: string): void {
    const lines = (this.partial + chunk).split('\n')
    this.partial = lines.pop() ?? ''
    for (const line of lines) this.line(line.trim())
  }

  private line(line: string): void {
    const eq = line.indexOf('=')
    if (eq < 0) return
    const key = line.slice(0, eq)
    const value = line.slice(eq + 1)
    // out_time_ms is in microseconds too (a historical ffmpeg misnomer); older builds lack out_time_us.
    if (key === 'out_time_us' || key === 'out_time_ms') {
      const us = Number.parseInt(value, 10)
      if (Number.isFinite(us)) this.outTimeUs = Math.max(0, us)
    } else if (key === 'progress' && this.outTimeUs !== undefined) {
      this.onProgress(Math.floor(this.outTimeUs / 1000))
    }
  }
}

export interface VideoProbe {
  durationMs: number
  width: number
  height: number
  codec: string
  pixFmt: string
  size: number
  /** The file has an audio stream as well (a player needs a sound control only then). */
  hasAudio: boolean
}

/** How a caller runs one probe: the caller's signal, and whether it is background work (see MediaRun). */
export interface ProbeOptions {
  signal?: AbortSignal
  background?: boolean
}

/**
 * Reads duration, dimensions, codec, pixel format, size and whether there is sound, with ffprobe
 * under the tools' limits (MediaTooLargeError, MediaBusyError and MediaTimeoutError pass through).
 */
export async function probeVideo(path: string, tools: MediaTools, opts: ProbeOptions = {}): Promise<VideoProbe> {
  const args = [
    '-v', 'error',
    '-print_format', 'json',
    '-show_format',
    '-show_streams',
    // file: keeps names that look like options or protocols ("-x.mp4", "http:x") plain files.
    `file:${resolve(path)}`,
  ]
  const stdout = await tools.run({ tool: 'ffprobe', inputs: [path], ...opts }, (signal) =>
    runToText(tools.ffprobe, args, signal).catch((err: unknown) => {
      throw new VideoProbeError(path, `ffprobe failed: ${probeFailure(err)}`, { cause: err })
    }),
  )
  let parsed: FfprobeOutput
  try {
    parsed = JSON.parse(stdout) as FfprobeOutput
  } catch (err) {
    throw new VideoProbeError(path, 'ffprobe printed no JSON', { cause: err })
  }
  const stream = parsed.streams?.find((s) => s.codec_type === 'video')
  if (!stream) throw new VideoProbeError(path, 'no video stream')
  const width = stream.width ?? 0
  const height = stream.height ?? 0
  if (width <= 0 || height <= 0) throw new VideoProbeError(path, 'video stream has no dimensions')
  const seconds = Number.parseFloat(parsed.format?.duration ?? stream.duration ?? '')
  if (!Number.isFinite(seconds) || seconds <= 0) throw new VideoProbeError(path, 'unknown duration')
  let size = Number.parseInt(parsed.format?.size ?? '', 10)
  if (!Number.isFinite(size)) size = (await stat(path)).size
  return {
    durationMs: Math.round(seconds * 1000),
    width,
    height,
    codec: stream.codec_name ?? 'unknown',
    pixFmt: stream.pix_fmt ?? 'unknown',
    size,
    hasAudio: parsed.streams?.some((s) => s.codec_type === 'audio') ?? false,
  }
}

interface FfprobeOutput {
  streams?: Array<{ codec_type?: string; codec_name?: string; pix_fmt?: string; width?: number; height?: number; duration?: string }>
  format?: { duration?: string; size?: string }
}

const MAX_PROBE_OUTPUT = 8 * 1024 * 1024

/** Runs a binary to its end and gives back its stdout; rejects (with its stderr attached) on failure or abort. */
function runToText(file: string, args: string[], signal: AbortSignal): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    if (signal.aborted) return reject(new FfmpegAbortedError(`${file} was aborted before it started`, [], null, { cause: signal.reason }))
    const child = spawnMediaTool(file, args)
    child.stdin.end()
    let stdout = ''
    let stderr = ''
    let failure: Error | undefined
    const stop = (err: Error) => {
      failure ??= err
      killMediaTool(child)
    }
    const onAbort = () => stop(new FfmpegAbortedError(`${file} was aborted`, [], null, { cause: signal.reason }))
    signal.addEventListener('abort', onAbort, { once: true })
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text
      if (stdout.length > MAX_PROBE_OUTPUT) stop(new Error(`${file} printed more than ${MAX_PROBE_OUTPUT} bytes`))
    })
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)))
    child.on('error', (err) => {
      if (child.pid === undefined) stop(err)
    })
    child.on('close', (code, killedBy) => {
      signal.removeEventListener('abort', onAbort)
      if (failure) reject(Object.assign(failure, { stderr }))
      else if (code !== 0) reject(Object.assign(new Error(`${file} ${killedBy ? `was killed by ${killedBy}` : `exited with code ${code}`}`), { stderr }))
      else resolvePromise(stdout)
    })
  })
}

function probeFailure(err: unknown): string {
  const stderr = (err as { stderr?: unknown }).stderr
  const lastLine = typeof stderr === 'string' ? stderr.trim().split('\n').pop() : undefined
  if (lastLine) return lastLine
  return err instanceof Error ? err.message : String(err)
}

export interface ExtractThumbnailOptions {
  tools: MediaTools
  /** Position of the frame; 0 (the first frame) when absent. */
  atMs?: number
  signal?: AbortSignal
  background?: boolean
}

/** Writes one frame of a video as a JPEG (for posters). */
export async function extractThumbnail(videoPath: string, outJpegPath: string, opts: ExtractThumbnailOptions): Promise<void> {
  const atMs = opts.atMs ?? 0
  if (!Number.isInteger(atMs) || atMs < 0) throw new RangeError(`atMs must be a non-negative integer, got ${atMs}`)
  await runFfmpeg(
    [
      // Seeking before -i is fast, and exact because the frames up to the position are still decoded.
      '-ss', msToSeconds(atMs),
      '-i', `file:${resolve(videoPath)}`,
      '-map', '0:v:0',
      '-frames:v', '1',
      '-q:v', '3',
      '-fflags', '+bitexact',
      '-flags:v', '+bitexact',
      // update=1 makes the image muxer take the name literally instead of as a %d pattern.
      '-f', 'image2', '-update', '1',
      '-y', `file:${resolve(outJpegPath)}`,
    ],
    { tools: opts.tools, inputs: [videoPath], signal: opts.signal, background: opts.background },
  )
  // Seeking past the end is not an ffmpeg error; it just writes nothing.
  const written = await stat(outJpegPath).catch(() => undefined)
  if (!written || written.size === 0) throw new FfmpegError(`no frame at ${atMs} ms in ${videoPath}`)
}

function msToSeconds(ms: number): string {
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`
}
