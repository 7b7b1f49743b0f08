import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sampleFrames, type FfmpegPaths, type Frame } from '@framewright/service-kit'
import { decodeImage } from './decode'
import type { FaceEngine } from './engine'
import type { Enrollment, TemplateStore } from './templates'

/** Errors named as in app.framewright.likeness.enroll. */
export class EnrollmentError extends Error {
  constructor(
    override readonly name: 'NoFaceFound' | 'MultipleFaces' | 'UnsupportedMediaType' | 'MediaTooLarge',
    message: string,
  ) {
    super(message)
  }
}

export type EnrollMedia = 'image/jpeg' | 'image/png' | 'video/mp4'

/** What the bytes are, by their magic numbers (a declared Content-Type is only a claim). */
export function sniffMedia(bytes: Uint8Array): EnrollMedia | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (bytes.length >= 12 && Buffer.from(bytes.subarray(4, 8)).toString('latin1') === 'ftyp') return 'video/mp4'
  return undefined
}

/** Frames of an enrolment clip looked at, and templates kept from it at most. */
const CLIP_FRAMES = 6
const CLIP_TEMPLATES = 3
const DECODE_WIDTH = 640

/**
 * Turns a photo or a short clip of one person into face templates and keeps only those: the media
 * lives in a private temporary folder for the seconds decoding takes and is deleted whatever happens.
 */
export class Enroller {
  constructor(
    private readonly engine: FaceEngine,
    private readonly templates: TemplateStore,
    private readonly ffmpeg: FfmpegPaths,
  ) {}

  async enroll(did: string, bytes: Uint8Array): Promise<Enrollment> {
    const media = sniffMedia(bytes)
    if (!media) throw new EnrollmentError('UnsupportedMediaType', 'send a JPEG or PNG photo, or an MP4 clip')
    const dir = await mkdtemp(join(tmpdir(), 'fw-enroll-'))
    try {
      const file = join(dir, media === 'video/mp4' ? 'clip.mp4' : 'photo')
      await writeFile(file, bytes, { mode: 0o600 })
      const frames = await this.decode(file, media)
      const faces = await this.engine.detect(frames)
      if (faces.some((f) => f.length > 1)) {
        throw new EnrollmentError('MultipleFaces', `found ${Math.max(...faces.map((f) => f.length))} faces: the ${media === 'video/mp4' ? 'clip' : 'photo'} must show you alone`)
      }
      const descriptors = faces.flatMap((f) => (f.length === 1 ? [f[0]!.descriptor] : []))
      if (descriptors.length === 0) throw new EnrollmentError('NoFaceFound', 'no face clear enough to recognise was found')
      return await this.templates.add(did, spread(descriptors, CLIP_TEMPLATES))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  private async decode(file: string, media: EnrollMedia): Promise<Frame[]> {
    try {
      if (media === 'video/mp4') return await sampleFrames(file, { paths: this.ffmpeg, count: CLIP_FRAMES, width: DECODE_WIDTH })
      return [await decodeImage(file, this.ffmpeg, DECODE_WIDTH)]
    } catch (err) {
      throw new EnrollmentError('UnsupportedMediaType', `the ${media} could not be decoded`)
    }
  }
}

/** At most `n` items, evenly spread over the list (first, last and between). */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items
  return Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))]!)
}
