import { execFile } from 'node:child_process'
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
