import { resolve } from 'node:path'
import { FfmpegError, runFfmpegToBuffer, type Frame, type MediaTools } from '@framewright/service-kit'

/**
 * Decodes a still image (JPEG, PNG) into one RGB frame `width` pixels wide (never enlarged past
 * its own width by more than ffmpeg's even rounding), with ffmpeg: no image library needed.
 */
export async function decodeImage(path: string, tools: MediaTools, width: number, timeoutMs = 15_000): Promise<Frame> {
  const w = width - (width % 2)
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-i', `file:${resolve(path)}`,
    '-frames:v', '1',
    '-vf', `scale=${w}:-2:flags=area`,
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ]
  // A frame taller than 4096 rows at this width is not a photo of a face.
  const data = await runFfmpegToBuffer(args, { tools, inputs: [path], maxBytes: w * 4096 * 3, timeoutMs })
  if (data.length === w * 4096 * 3) throw new FfmpegError('the image is too tall to be a photo')
  const height = data.length / (w * 3)
  if (data.length === 0) throw new FfmpegError('ffmpeg could not decode the image')
  if (!Number.isInteger(height) || height < 2) throw new FfmpegError('ffmpeg gave a partial image')
  return { index: 0, atMs: 0, width: w, height, channels: 3, data }
}
