import { Worker } from 'node:worker_threads'
import type { Frame } from '@framewright/service-kit'

/** A face found in one frame: where, how sure the detector is, and its 128-number descriptor. */
export interface DetectedFace {
  box: { x: number; y: number; width: number; height: number }
  score: number
  descriptor: Float32Array
}

export interface FaceEngineOptions {
  /** Worker threads (each loads the models once, about 10 MB of weights). */
  workers: number
  /** The tiny detector's input size (a multiple of 32, default 320): larger finds smaller faces, slower. */
  tinyInputSize?: number
  /** Faces narrower than this many pixels (in the frame given) are ignored: too small to recognise. */
  minFacePx?: number
  /**
   * The detector's confidence below which a box is not a face (default 0.2). Low on purpose: the
   * clips the scan missed were faces SSD scored under its own 0.5 default (blurred, recoloured), while
   * a box that is no face gives a descriptor far from every template, so the match distance, not the
   * detector, is what guards against false matches (bench/likeness.ts).
   */
  minScore?: number
  /** Pad frames to a square before detection, so the detector's square input does not squash faces (default on). */
  letterbox?: boolean
}

/**
 * Which face detector looks at a frame: `tiny` (face-api's TinyFaceDetector, about a tenth of the
 * CPU) or `ssd` (SSD MobileNet, finds blurred and small faces the tiny one misses). The landmarks and
 * the descriptor that follow are the same models either way.
 */
export type Detector = 'tiny' | 'ssd'

/**
 * A variant of a frame that the worker makes before detection (enrolment's extra templates):
 * mirrored, or blurred by a Gaussian of `blur` pixels.
 */
export type FrameVariant = 'mirror' | { blur: number }

/** A frame to look at, as it is or as a variant of it. */
export type EngineFrame = Frame & { variant?: FrameVariant }

/** The faces of each frame, and which detector found them (the last one tried). */
export interface CascadeResult {
  faces: DetectedFace[][]
  detectors: Detector[]
}

/** The face model failed on a frame (bad pixels, a dead worker). */
export class FaceEngineError extends Error {
  override name = 'FaceEngineError'
}

interface Pending {
  resolve: (faces: DetectedFace[][]) => void
  reject: (err: Error) => void
}

interface Slot {
  worker: Worker
  pending: Map<number, Pending>
  load: number
}

/**
 * Face detection and description on worker threads (face-api on TensorFlow.js's wasm backend):
 * the models are CPU-bound for a few hundred milliseconds a frame, so they never run on the thread
 * that serves requests and ingests the firehose. A worker that dies fails what it held and is replaced.
 */
export class FaceEngine {
  private readonly slots: Slot[] = []
  private nextId = 0
  private closed = false

  constructor(private readonly opts: FaceEngineOptions) {
    for (let i = 0; i < Math.max(1, opts.workers); i++) this.slots.push(this.spawn())
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./face-worker.mjs', import.meta.url), {
      workerData: { tinyInputSize: this.opts.tinyInputSize ?? 320, minFacePx: this.opts.minFacePx ?? 40, minScore: this.opts.minScore ?? 0.2, letterbox: this.opts.letterbox ?? true },
    })
    worker.unref()
    const slot: Slot = { worker, pending: new Map(), load: 0 }
    worker.on('message', (msg: { id: number; faces?: WireFace[][]; error?: string }) => {
      const p = slot.pending.get(msg.id)
      slot.pending.delete(msg.id)
      if (!p) return
      slot.load = Math.max(0, slot.load - 1)
      if (msg.error !== undefined || !msg.faces) p.reject(new FaceEngineError(msg.error ?? 'face worker answered nothing'))
      else p.resolve(msg.faces.map((faces) => faces.map((f) => ({ ...f, descriptor: Float32Array.from(f.descriptor) }))))
    })
    const fail = (err: Error) => {
      for (const p of slot.pending.values()) p.reject(new FaceEngineError(err.message, { cause: err }))
      slot.pending.clear()
      slot.load = 0
      if (this.closed) return
      const index = this.slots.indexOf(slot)
      if (index >= 0) this.slots[index] = this.spawn()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`face worker exited (${code})`)))
    return slot
  }

  /** The faces of each frame (RGB), in the frames' order, found by one detector (SSD unless told). */
  async detect(frames: readonly EngineFrame[], detector: Detector = 'ssd'): Promise<DetectedFace[][]> {
    if (this.closed) throw new FaceEngineError('the face engine is closed')
    if (frames.length === 0) return []
    for (const f of frames) if (f.channels !== 3) throw new FaceEngineError('face detection needs RGB frames')
    const slot = [...this.slots].sort((a, b) => a.load - b.load)[0]!
    return new Promise<DetectedFace[][]>((resolve, reject) => {
      const id = this.nextId++
      slot.pending.set(id, { resolve, reject })
      slot.load++
      slot.worker.postMessage({ id, detector, frames: frames.map((f) => ({ width: f.width, height: f.height, data: f.data, variant: f.variant })) })
    })
  }

  /**
   * The tiny detector on every frame, then SSD on at most `fallbackFrames` of the frames where the
   * tiny one found no face (in order). Most frames with a face cost only the tiny detector; a
   * blurred face it misses still gets the thorough look, and a video with no face at all pays for
   * only a bounded number of SSD passes.
   */
  async detectCascade(frames: readonly Frame[], fallbackFrames: number): Promise<CascadeResult> {
    const faces = await this.detect(frames, 'tiny')
    const detectors = frames.map((): Detector => 'tiny')
    const missed = faces.flatMap((f, i) => (f.length === 0 ? [i] : [])).slice(0, Math.max(0, fallbackFrames))
    if (missed.length > 0) {
      const again = await this.detect(missed.map((i) => frames[i]!), 'ssd')
      missed.forEach((frame, k) => {
        faces[frame] = again[k]!
        detectors[frame] = 'ssd'
      })
    }
    return { faces, detectors }
  }

  /** Stops the workers; pending detections fail. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
  }
}

interface WireFace {
  box: DetectedFace['box']
  score: number
  descriptor: number[]
}
