import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultFfmpegPaths, FfmpegError, runFfmpeg } from './ffmpeg'
import { MediaTools } from './tools'
import { sampleFrames } from './frames'

const paths = defaultFfmpegPaths()
const tools = new MediaTools(paths)
let dir: string
let clip: string

/** A clip whose colour says the time: red for the first half, blue for the second. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'framewright-frames-test-'))
  clip = join(dir, 'halves.mp4')
  await runFfmpeg(
    [
      '-f', 'lavfi', '-i', 'color=c=red:s=320x180:r=25:d=2',
      '-f', 'lavfi', '-i', 'color=c=blue:s=320x180:r=25:d=2',
      '-filter_complex', '[0:v][1:v]concat=n=2:v=1[v]', '-map', '[v]',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', clip,
    ],
    { tools },
  )
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function meanRgb(frame: { data: Uint8Array; channels: number }): [number, number, number] {
  const sums = [0, 0, 0]
  const pixels = frame.data.length / frame.channels
  for (let i = 0; i < frame.data.length; i += frame.channels) for (let c = 0; c < 3; c++) sums[c]! += frame.data[i + (frame.channels === 3 ? c : 0)]!
  return sums.map((s) => s / pixels) as [number, number, number]
}

describe('sampleFrames', () => {
  it('decodes frames spread evenly over the video, at the asked width and aspect', async () => {
    const frames = await sampleFrames(clip, { tools, count: 4, width: 64 })
    expect(frames).toHaveLength(4)
    for (const f of frames) {
      expect([f.width, f.height, f.channels]).toEqual([64, 36, 3])
      expect(f.data.length).toBe(64 * 36 * 3)
    }
    expect(frames.map((f) => f.atMs)).toEqual([500, 1500, 2500, 3500])
    const [r0, , b0] = meanRgb(frames[0]!)
    const [r3, , b3] = meanRgb(frames[3]!)
    expect(r0).toBeGreaterThan(200)
    expect(b0).toBeLessThan(50)
    expect(b3).toBeGreaterThan(200)
    expect(r3).toBeLessThan(50)
  })

  it('gives grey frames of one byte per pixel', async () => {
    const frames = await sampleFrames(clip, { tools, count: 2, width: 32, pixelFormat: 'gray' })
    expect(frames.map((f) => [f.channels, f.data.length])).toEqual([
      [1, 32 * 18],
      [1, 32 * 18],
    ])
  })

  it('fails with a named error on a file that is not a video', async () => {
    await expect(sampleFrames(join(dir, 'missing.mp4'), { tools, count: 2, width: 32 })).rejects.toThrow(/ffprobe failed|no such file/i)
  })

  it('stops ffmpeg at the timeout', async () => {
    await expect(sampleFrames(clip, { tools, count: 4, width: 64, timeoutMs: 1 })).rejects.toBeInstanceOf(FfmpegError)
  })
})
