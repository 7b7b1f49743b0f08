import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MediaBusyError, MediaTimeoutError, MediaTooLargeError, sampleFrames, type Frame, type MediaTools } from '@framewright/service-kit'
import { decodeImage } from './decode'
import type { DetectedFace, EngineFrame, FaceEngine } from './engine'
import { templateOf, type Enrollment, type TemplateStore } from './templates'

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
 * The blur of the softened variant of each view, as a fraction of the face's width: about what the
 * benchmark's blurred deepfakes do to a face (gblur sigma 1.6 on a face 130 px wide).
 */
const VARIANT_BLUR = 0.012

/**
 * Turns a photo or a short clip of one person into face templates and keeps only those: the media
 * lives in a private temporary folder for the seconds decoding takes and is deleted whatever happens.
 */
export class Enroller {
  constructor(
    private readonly engine: FaceEngine,
    private readonly templates: TemplateStore,
    private readonly ffmpeg: MediaTools,
  ) {}

  async enroll(did: string, bytes: Uint8Array): Promise<Enrollment> {
    const media = sniffMedia(bytes)
    if (!media) throw new EnrollmentError('UnsupportedMediaType', 'send a JPEG or PNG photo, or an MP4 clip')
    const dir = await mkdtemp(join(tmpdir(), 'fw-enroll-'))
    try {
      const file = join(dir, media === 'video/mp4' ? 'clip.mp4' : 'photo')
      await writeFile(file, bytes, { mode: 0o600 })
      const frames = await this.decode(file, media)
      return await this.templates.add(did, await enrolmentTemplates(this.engine, frames, media === 'video/mp4' ? 'clip' : 'photo'))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  private async decode(file: string, media: EnrollMedia): Promise<Frame[]> {
    try {
      if (media === 'video/mp4') return await sampleFrames(file, { tools: this.ffmpeg, count: CLIP_FRAMES, width: DECODE_WIDTH })
      return [await decodeImage(file, this.ffmpeg, DECODE_WIDTH)]
    } catch (err) {
      if (err instanceof MediaTooLargeError) throw new EnrollmentError('MediaTooLarge', `the ${media} is over this labeler's ${err.maxBytes}-byte limit`)
      if (err instanceof MediaTimeoutError) throw new EnrollmentError('UnsupportedMediaType', `the ${media} took too long to decode`)
      // MediaBusyError is about our load, not the media: it reaches the caller as a 503.
      if (err instanceof MediaBusyError) throw err
      throw new EnrollmentError('UnsupportedMediaType', `the ${media} could not be decoded`)
    }
  }
}

/**
 * The templates of one person from the frames of their photo or clip: the face must be alone in
 * every frame; up to CLIP_TEMPLATES views of a clip are kept (its frames are already several views),
 * and a photo's one view gets its mirrored and slightly blurred variants. Throws NoFaceFound or
 * MultipleFaces.
 */
export async function enrolmentTemplates(engine: FaceEngine, frames: readonly Frame[], what: 'photo' | 'clip'): Promise<Float32Array[]> {
  // SSD, not the scan's cheap first detector: enrolment is rare, and a template is compared with every later face.
  const faces = await engine.detect(frames, 'ssd')
  if (faces.some((f) => f.length > 1)) {
    throw new EnrollmentError('MultipleFaces', `found ${Math.max(...faces.map((f) => f.length))} faces: the ${what} must show you alone`)
  }
  const views = frames.flatMap((frame, i) => (faces[i]!.length === 1 ? [{ frame, face: faces[i]![0]! }] : []))
  if (views.length === 0) throw new EnrollmentError('NoFaceFound', 'no face clear enough to recognise was found')
  // Variants cost two more SSD passes a view: worth it for a lone photo, not for a clip's several frames.
  if (what === 'clip') return spread(views, CLIP_TEMPLATES).map((v) => templateOf([v.face.descriptor]))
  return withVariants(engine, views)
}

/**
 * Each view's template: its descriptor plus those of the view mirrored and slightly blurred, where
 * the face is still found alone in them (a variant that loses the face just adds nothing).
 */
async function withVariants(engine: FaceEngine, views: { frame: Frame; face: DetectedFace }[]): Promise<Float32Array[]> {
  const variants: EngineFrame[] = views.flatMap(({ frame, face }) => [
    { ...frame, variant: 'mirror' as const },
    { ...frame, variant: { blur: Math.max(1, VARIANT_BLUR * face.box.width) } },
  ])
  const found = await engine.detect(variants, 'ssd')
  return views.map((view, i) => {
    const extra = [found[2 * i]!, found[2 * i + 1]!].flatMap((f) => (f.length === 1 ? [f[0]!.descriptor] : []))
    return templateOf([view.face.descriptor, ...extra])
  })
}

/** At most `n` items, evenly spread over the list (first, last and between). */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items
  return Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))]!)
}
