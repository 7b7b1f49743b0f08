import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { defaultFfmpegPaths } from '@framewright/service-kit'

/**
 * Real faces for likeness tests and the benchmark: people in the group photos that
 * @vladmandic/face-api ships (demo/sample1..6.jpg, 1920 px wide), each face's box as face-api's
 * SSD detector found it there (x, y, width, height). A "person" is a crop around one face.
 */
export const FACE_BOXES: Record<string, [number, number, number, number]> = {
  's1-a': [414, 355, 177, 239], 's1-b': [838, 421, 187, 227], 's1-c': [1476, 200, 203, 241],
  's2-a': [1447, 154, 193, 242], 's2-b': [902, 220, 150, 234], 's2-c': [361, 126, 152, 260],
  's3-a': [585, 329, 199, 271], 's3-b': [1514, 292, 170, 280], 's3-c': [1075, 215, 221, 299],
  's4-a': [664, 52, 187, 258], 's4-b': [257, 185, 162, 246], 's4-c': [988, 180, 169, 228], 's4-d': [1277, 144, 145, 242],
  's5-a': [787, 108, 156, 212], 's5-b': [1112, 198, 159, 237], 's5-c': [1406, 390, 166, 271], 's5-d': [597, 415, 167, 248], 's5-e': [377, 859, 172, 301],
  's6-a': [681, 320, 160, 308], 's6-b': [1181, 305, 188, 279], 's6-c': [1487, 262, 212, 297], 's6-d': [249, 468, 211, 291],
}

export const PEOPLE = Object.keys(FACE_BOXES)

/** How a "deepfake" clip of a person is made from their photo (ffmpeg filters over the crop). */
export const TRANSFORMS = ['plain', 'zoom-pan', 'crop', 'colour', 'blur', 'low-bitrate', 'mirrored'] as const
export type Transform = (typeof TRANSFORMS)[number]

const W = 360
const H = 480
const FPS = 12

/** The group photo a person is in. */
export function samplePhoto(person: string): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', `sample${person[1]}.jpg`)
}

/** A 3:4 crop around the face (head and shoulders), kept inside the 1920-wide photo. */
function cropFilter(person: string, scale = 2.4): string {
  const [x, y, w, h] = FACE_BOXES[person]!
  const cw = Math.round(Math.max(w, h * 0.75) * scale)
  const ch = Math.round((cw * 4) / 3)
  const cx = Math.max(0, Math.round(x + w / 2 - cw / 2))
  const cy = Math.max(0, Math.round(y + h / 2 - ch / 2))
  return `crop=min(${cw}\\,iw-${cx}):min(${ch}\\,ih-${cy}):${cx}:${cy},scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H}`
}

function transformFilter(t: Transform, frames: number): string {
  switch (t) {
    case 'plain':
      return 'null'
    case 'zoom-pan':
      return `zoompan=z='1+0.25*on/${frames}':x='(iw-iw/zoom)*on/${frames}':y='(ih-ih/zoom)/2':d=1:s=${W}x${H}:fps=${FPS}`
    case 'crop':
      return `crop=iw*0.85:ih*0.85:iw*0.1:ih*0.05,scale=${W}:${H}`
    case 'colour':
      return 'eq=saturation=1.7:brightness=0.06:gamma_r=1.25:gamma_b=0.85,hue=h=12'
    case 'blur':
      return 'gblur=sigma=1.6'
    case 'low-bitrate':
      return 'null'
    case 'mirrored':
      return 'hflip'
  }
}

async function ffmpeg(args: string[]): Promise<void> {
  await promisify(execFile)(defaultFfmpegPaths().ffmpeg, ['-v', 'error', '-y', ...args])
}

/** An MP4 clip (2 s, 360×480) of one person, made from their photo with a transform. */
export async function faceClip(person: string, transform: Transform, durationS = 2): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'face-clip-'))
  try {
    const out = join(dir, 'clip.mp4')
    const frames = durationS * FPS
    const vf = `${cropFilter(person)},loop=loop=${frames - 1}:size=1:start=0,setpts=N/${FPS}/TB,${transformFilter(transform, frames)},format=yuv420p`
    const rate = transform === 'low-bitrate' ? ['-b:v', '60k', '-maxrate', '60k', '-bufsize', '120k'] : ['-crf', '26']
    await ffmpeg(['-i', samplePhoto(person), '-vf', vf, '-r', String(FPS), '-frames:v', String(frames), '-c:v', 'libx264', ...rate, '-threads', '1', '-movflags', '+faststart', out])
    return await readFile(out)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** A JPEG of one person alone (what they would enrol with). */
export async function facePhoto(person: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'face-photo-'))
  try {
    const out = join(dir, 'photo.jpg')
    await ffmpeg(['-i', samplePhoto(person), '-vf', cropFilter(person), '-frames:v', '1', '-q:v', '3', out])
    return await readFile(out)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** A whole group photo (several faces): enrolment must refuse it. */
export async function groupPhoto(sample = 1): Promise<Buffer> {
  return readFile(samplePhoto(`s${sample}`))
}

/** A PNG of a procedural test pattern: no face at all. */
export async function patternPhoto(): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'pattern-'))
  try {
    const out = join(dir, 'p.png')
    await ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=1`, '-frames:v', '1', out])
    return await readFile(out)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
