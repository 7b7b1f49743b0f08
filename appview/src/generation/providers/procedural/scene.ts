/**
 * Scene planning: hash → integer parameters → filter graph. Only integers and fixed words reach
 * the graph string, so nothing from the request needs escaping and the look is reproducible.
 */
import { createHash } from 'node:crypto'
import type { GenerationRequest } from '../../provider'
import { drawCaption, wrapCaption } from './caption'
import { FPS, PART_FILE, type Params } from './format'
import { PATTERNS } from './patterns'
import { planSoundtrack } from './soundtrack'

/** Bumped whenever the same request renders different pictures (provenance and manifests carry it). */
export const RENDERER_VERSION = 4
const SHORT_SIDE = 480

/** Everything one render needs, fixed at submit time. */
export interface Scene {
  model: string
  width: number
  height: number
  frames: number
  /** The caption text (already wrapped), or null for none. */
  caption: string | null
  graph: string
  params: Params
}

/** Plans the scene for a checked request from sha256(model, seed, prompt); fontFile null means no caption. */
export function planScene(req: GenerationRequest, model: string, fontFile: string | null): Scene {
  const digest = createHash('sha256').update(JSON.stringify(['framewright-procedural', model, req.seed, req.prompt])).digest()
  const dice = new Dice(digest)
  const { width, height } = frameSize(req.aspectRatio.width, req.aspectRatio.height)
  const frames = Math.max(1, Math.round((req.durationMs * FPS) / 1000))
  const name = dice.pick(Object.keys(PATTERNS))
  const pattern = PATTERNS[name]!(dice, width, height, frames)
  const caption = fontFile ? wrapCaption(req.prompt, width, height) : null
  const text = caption && fontFile ? `,${drawCaption(fontFile, width, height)}` : ''
  const sound = planSoundtrack(model, req.seed, req.prompt, frames)
  return {
    model,
    width,
    height,
    frames,
    caption,
    graph: `${pattern.chain}${text},format=yuv420p[v];${sound.chain}`,
    params: {
      renderer: 'ffmpeg-lavfi',
      rendererVersion: RENDERER_VERSION,
      pattern: name,
      width,
      height,
      fps: FPS,
      frames,
      caption: caption ? 1 : 0,
      ...pattern.params,
      ...sound.params,
    },
  }
}

/** Short side 480, long side from the ratio, both even (yuv420p needs even sides). */
function frameSize(ratioWidth: number, ratioHeight: number): { width: number; height: number } {
  const long = 2 * Math.round((SHORT_SIDE * Math.max(ratioWidth, ratioHeight)) / Math.min(ratioWidth, ratioHeight) / 2)
  return ratioWidth >= ratioHeight ? { width: long, height: SHORT_SIDE } : { width: SHORT_SIDE, height: long }
}

/** ffmpeg arguments that render the scene (pictures and soundtrack) to PART_FILE in the job folder, bit-exact from run to run. */
export function renderArgs(scene: Scene): string[] {
  return [
    '-filter_complex', scene.graph,
    '-map', '[v]',
    '-map', '[a]',
    '-frames:v', String(scene.frames),
    '-r', String(FPS),
    '-c:v', 'libx264',
    '-preset', 'veryfast',
    '-profile:v', 'high',
    '-crf', '23',
    // Fractal zooms are nearly noise; the cap keeps them feed-sized.
    '-maxrate', '2500k',
    '-bufsize', '5000k',
    '-g', String(2 * FPS),
    '-pix_fmt', 'yuv420p',
    '-c:a', 'aac',
    '-b:a', '96k',
    '-flags:a', '+bitexact',
    // One encoder thread: this x264 build gives different bytes from run to run with frame or slice threads.
    '-threads', '1',
    '-map_metadata', '-1',
    '-fflags', '+bitexact',
    '-flags:v', '+bitexact',
    '-movflags', '+faststart',
    '-f', 'mp4',
    '-y', PART_FILE,
  ]
}

/** Deterministic integers drawn from a digest (extended by re-hashing when it runs out). */
export class Dice {
  private pool: Buffer
  private offset = 0
  private round = 0
  constructor(private readonly key: Buffer) {
    this.pool = key
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    if (this.offset + 4 > this.pool.length) {
      this.round += 1
      this.pool = createHash('sha256').update(this.key).update(String(this.round)).digest()
      this.offset = 0
    }
    const n = this.pool.readUInt32BE(this.offset)
    this.offset += 4
    return min + (n % (max - min + 1))
  }

  /** An integer whose magnitude is in [min, max], with a random sign. */
  signed(min: number, max: number): number {
    return this.int(0, 1) === 0 ? this.int(min, max) : -this.int(min, max)
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!
  }
}
