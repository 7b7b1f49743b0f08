import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { defaultFfmpegPaths } from '@framewright/appview'

/** A real, small H.264 mp4 (2 s, 360×640), as hosted and local generators hand back. */
export async function renderTestVideo(): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'fake-video-'))
  try {
    const out = join(dir, 'output.mp4')
    await promisify(execFile)(defaultFfmpegPaths().ffmpeg, [
      '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=360x640:rate=24:duration=2',
      '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-threads', '1', '-movflags', '+faststart', out,
    ])
    return readFileSync(out)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Cells of the random picture renderDistinctVideo draws, scaled up to 360×640. */
const CELLS = { width: 9, height: 16 }

/**
 * A small real H.264 mp4 (2 s, 360×640) that looks like no other call's: a random pattern of large
 * coloured blocks. Tests that publish many videos into one shared network need this: the labeler's
 * known-copy detector rightly labels every copy of a taken-down video !takedown too, so identical
 * test videos tie every later test to any earlier test's takedown.
 */
export async function renderDistinctVideo(): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'fake-video-'))
  try {
    const out = join(dir, 'output.mp4')
    const picture = randomBytes(CELLS.width * CELLS.height * 3)
    const encode = promisify(execFile)(defaultFfmpegPaths().ffmpeg, [
      '-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${CELLS.width}x${CELLS.height}`, '-r', '1', '-i', 'pipe:0',
      '-vf', 'loop=loop=47:size=1,scale=360:640:flags=neighbor,fps=24', '-frames:v', '48',
      '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-threads', '1', '-movflags', '+faststart', out,
    ])
    encode.child.stdin?.end(picture)
    await encode
    return readFileSync(out)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
