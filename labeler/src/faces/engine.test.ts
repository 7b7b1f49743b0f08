import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MediaTools, type Frame } from '@framewright/service-kit'
import { decodeImage } from './decode'
import { FaceEngine } from './engine'
import { descriptorDistance } from './match'
import { DESCRIPTOR_LENGTH, templateOf } from './templates'

/** A group photo face-api ships (three people in front, more behind), decoded as the labeler decodes photos. */
async function groupFrame(): Promise<Frame> {
  const require = createRequire(import.meta.url)
  const photo = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', 'sample1.jpg')
  return decodeImage(photo, MediaTools.create(), 640)
}

/** A flat grey frame: no face for any detector. */
function greyFrame(): Frame {
  return { index: 0, atMs: 0, width: 320, height: 240, channels: 3, data: Buffer.alloc(320 * 240 * 3, 0x80) }
}

describe('templateOf', () => {
  it('packs the variants of a view one after another and refuses a descriptor of another length', () => {
    const a = new Float32Array(DESCRIPTOR_LENGTH).fill(1)
    const b = new Float32Array(DESCRIPTOR_LENGTH).fill(2)
    const t = templateOf([a, b])
    expect(t.length).toBe(2 * DESCRIPTOR_LENGTH)
    expect(t[0]).toBe(1)
    expect(t[DESCRIPTOR_LENGTH]).toBe(2)
    expect(() => templateOf([new Float32Array(3)])).toThrow(RangeError)
  })
})

describe('face engine (real models on worker threads)', () => {
  let engine: FaceEngine
  let group: Frame
  beforeAll(async () => {
    engine = new FaceEngine({ workers: 1 })
    group = await groupFrame()
  })
  afterAll(() => engine.close())

  it('finds the faces of a clear photo with the tiny detector alone', async () => {
    const { faces, detectors } = await engine.detectCascade([group], 2)
    expect(detectors).toEqual(['tiny'])
    expect(faces[0]!.length).toBeGreaterThanOrEqual(3)
  }, 60_000)

  it('gives SSD only as many frames without a face as the fallback allows', async () => {
    const { faces, detectors } = await engine.detectCascade([greyFrame(), greyFrame(), greyFrame()], 2)
    expect(detectors).toEqual(['ssd', 'ssd', 'tiny'])
    expect(faces.every((f) => f.length === 0)).toBe(true)
  }, 60_000)

  it('describes mirrored and blurred variants of a frame: boxes mirror, a softened face stays near itself', async () => {
    const [plain, mirror, blur] = await engine.detect([group, { ...group, variant: 'mirror' }, { ...group, variant: { blur: 0.8 } }], 'ssd')
    const clear = plain!.filter((f) => f.score >= 0.8)
    expect(clear.length).toBeGreaterThanOrEqual(3)
    for (const face of clear) {
      // The face at x in the photo is at width - x - w in the mirrored one.
      const mirrored = mirror!.find((m) => Math.abs(m.box.x - (group.width - face.box.x - face.box.width)) <= 6)
      expect(mirrored).toBeDefined()
      const blurred = blur!.find((m) => Math.abs(m.box.x - face.box.x) <= 6)
      expect(blurred).toBeDefined()
      expect(descriptorDistance(face.descriptor, blurred!.descriptor)).toBeLessThan(0.5)
      expect(descriptorDistance(face.descriptor, blurred!.descriptor)).toBeGreaterThan(0.01)
    }
  }, 60_000)
})
