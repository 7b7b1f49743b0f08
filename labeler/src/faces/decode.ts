import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { FfmpegError, type FfmpegPaths, type Frame } from '@framewright/service-kit'

/**
 * Decodes a still image (JPEG, PNG) into one RGB frame `width` pixels wide (never enlarged past
 * its own width by more than ffmpeg's even rounding), with ffmpeg: no image library needed.
 */
export async function decodeImage(path: string, paths: FfmpegPaths, width: number, timeoutMs = 15_000): Promise<Frame> {
  const w = width - (width % 2)
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-i', `file:${resolve(path)}`,
    '-frames:v', '1',
    '-vf', `scale=${w}:-2:flags=area`,
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ]
  const data = await new Promise<Buffer>((ok, fail) => {
    const child = spawn(paths.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const chunks: Buffer[] = []
    let size = 0
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.stdout.on('data', (c: Buffer) => {
      size += c.length
      if (size > w * 4096 * 3) child.kill('SIGKILL')
      else chunks.push(c)
    })
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr = (stderr + t).slice(-1000)))
    child.on('error', (err) => fail(new FfmpegError(`cannot start ffmpeg (${paths.ffmpeg})`, [], null, { cause: err })))
    child.on('close', (code) => {
      clearTimeout(timer)
      if (code === 0 && size > 0) ok(Buffer.concat(chunks))
      else fail(new FfmpegError(`ffmpeg could not decode the image: ${stderr.trim().split('\n').pop() ?? code}`))
    })
  })
  const height = data.length / (w * 3)
  if (!Number.isInteger(height) || height < 2) throw new FfmpegError('ffmpeg gave a partial image')
  return { index: 0, atMs: 0, width: w, height, channels: 3, data }
}
