import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { probeVideo, type MediaTools } from '@framewright/service-kit'
import { ProviderRejectedError, type VideoFileInfo } from '../provider'

/**
 * What every remote provider does with a finished job: stream its output file to disk under a
 * size limit, then check it is a video we can publish. Shared so that each adapter only knows its
 * own API, and every adapter enforces the same limit and the same H.264 rule.
 */

/** A failure worth another try (network, 429, 5xx, a stream cut off); adapters retry on it. */
export class TransientError extends Error {
  override name = 'TransientError'
}

/**
 * One attempt at copying `url` to destPath, refusing more than maxBytes (declared or streamed).
 * `gone` is what to say when the file is not there (4xx): it is a rejection, not worth a retry.
 */
export async function downloadOutput(url: string | URL, destPath: string, opts: { maxBytes: number; gone: string }): Promise<void> {
  await mkdir(dirname(destPath), { recursive: true })
  const res = await fetch(url, { signal: AbortSignal.timeout(5 * 60_000) }).catch((err) => {
    throw new TransientError(`download failed: ${err instanceof Error ? err.message : String(err)}`)
  })
  if (res.status === 429 || res.status >= 500) throw new TransientError(`download answered ${res.status}`)
  if (!res.ok || !res.body) throw new ProviderRejectedError(`${opts.gone} (HTTP ${res.status})`)
  const declared = Number(res.headers.get('content-length') ?? NaN)
  if (declared > opts.maxBytes) throw new ProviderRejectedError(`the output is ${declared} bytes, over the ${opts.maxBytes}-byte limit`)
  let seen = 0
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length
      if (seen > opts.maxBytes) done(new ProviderRejectedError(`the output is over the ${opts.maxBytes}-byte limit`))
      else done(null, chunk)
    },
  })
  try {
    await pipeline(Readable.fromWeb(res.body as never), limit, createWriteStream(destPath))
  } catch (err) {
    await rm(destPath, { force: true })
    if (err instanceof ProviderRejectedError) throw err
    throw new TransientError(`download broke off: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** Probes a downloaded output: a readable H.264 video, or a rejection that says what to change. */
export async function checkedVideo(path: string, tools: MediaTools, source: { name: string; hint: string }): Promise<VideoFileInfo> {
  const probe = await probeVideo(path, tools, { background: true }).catch((err) => {
    throw new ProviderRejectedError(`${source.name}'s output is not a readable video: ${err instanceof Error ? err.message : String(err)}`)
  })
  if (probe.codec !== 'h264') throw new ProviderRejectedError(`${source.name} returned ${probe.codec}; ${source.hint}`)
  return { mimeType: 'video/mp4', size: probe.size, durationMs: probe.durationMs, width: probe.width, height: probe.height }
}
