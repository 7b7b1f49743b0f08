import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MediaTools, runFfmpeg, type Frame } from '@framewright/service-kit'
import { decodeFrames, encodeFrames, fingerprintFrames, knownFrames, knownSampleCount, sampleFingerprintFrames } from './fingerprint'
import { FingerprintIndex } from './matcher'
import { frameHash, hammingDistance, hashFromHex, hashToHex } from './phash'

const paths = MediaTools.create()
const PROBE = 12
let dir: string
const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']

// Sources with real motion and texture; a face photo panned and zoomed stands in for a deepfake clip.
const SOURCES: Record<string, string[]> = {
  mandelbrot: ['-f', 'lavfi', '-i', 'mandelbrot=s=480x360:r=24', '-t', '4'],
  testsrc2: ['-f', 'lavfi', '-i', 'testsrc2=s=480x360:r=24', '-t', '4'],
  life: ['-f', 'lavfi', '-i', 'life=s=240x180:mold=10:ratio=0.3:r=24', '-t', '4', '-vf', 'scale=480:360:flags=neighbor'],
  face: [
    '-loop', '1', '-i', 'node_modules/@vladmandic/face-api/demo/sample1.jpg', '-frames:v', '96',
    '-vf', "scale=960:-2,zoompan=z='1+0.3*on/96':x='iw/2-(iw/zoom/2)+on':y='ih/2-(ih/zoom/2)':d=96:s=480x640:fps=24",
  ],
  otherFace: [
    '-loop', '1', '-i', 'node_modules/@vladmandic/face-api/demo/sample4.jpg', '-frames:v', '96',
    '-vf', "scale=960:-2,zoompan=z='1.2-0.2*on/96':d=96:s=480x640:fps=24",
  ],
}

const TRANSFORMS: Record<string, string[]> = {
  're-encoded at low quality': ['-crf', '32'],
  'resized to half': ['-vf', 'scale=trunc(iw/4)*2:trunc(ih/4)*2'],
  'cropped 10 % from one side': ['-vf', 'crop=trunc(iw*0.9/2)*2:ih:iw*0.1:0'],
  mirrored: ['-vf', 'hflip'],
  'colour-shifted': ['-vf', 'hue=h=35:s=1.3,eq=brightness=0.06'],
  'trimmed by a second': ['-ss', '1'],
}

async function make(name: string, args: string[]): Promise<string> {
  const out = join(dir, `${name}.mp4`)
  await runFfmpeg([...args, ...x264, '-y', out], { tools: paths })
  return out
}

async function transform(source: string, name: string, args: string[]): Promise<string> {
  const seek = args[0] === '-ss' ? args.slice(0, 2) : []
  return make(name, [...seek, '-i', source, ...args.slice(seek.length)])
}

const probeOf = async (file: string) => fingerprintFrames(await sampleFingerprintFrames(file, { tools: paths, count: PROBE }))
const storedOf = async (file: string) => knownFrames(await sampleFingerprintFrames(file, { tools: paths, count: knownSampleCount(4000) }))

const files: Record<string, string> = {}
const index = new FingerprintIndex<string>()

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'framewright-fingerprint-test-'))
  for (const [name, args] of Object.entries(SOURCES)) files[name] = await make(name, args)
  // Known: three of them. Unrelated: the other face and the Game of Life.
  for (const name of ['mandelbrot', 'testsrc2', 'face']) index.add(name, await storedOf(files[name]!))
}, 120_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('frame hashes', () => {
  const frame = (fill: (x: number, y: number) => number, w = 64, h = 48): Frame => {
    const data = new Uint8Array(w * h)
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = fill(x, y)
    return { index: 0, atMs: 0, width: w, height: h, channels: 1, data }
  }
  const gradient = frame((x, y) => (x * 3 + y * 2) % 256)

  it('are the same for the same picture and far apart for different ones', () => {
    expect(hammingDistance(frameHash(gradient), frameHash(frame((x, y) => (x * 3 + y * 2) % 256)))).toBe(0)
    const other = frame((x, y) => ((x ^ y) * 7) % 256)
    expect(hammingDistance(frameHash(gradient), frameHash(other))).toBeGreaterThan(16)
  })

  it('of a mirrored picture equal the mirrored hash of the original', () => {
    const mirrored = frame((x, y) => ((63 - x) * 3 + y * 2) % 256)
    expect(hammingDistance(frameHash(mirrored), frameHash(gradient, true))).toBeLessThanOrEqual(2)
  })

  it('of a smooth ramp stay put under codec-sized noise (most of its frequencies are zero)', () => {
    const ramp = frame((x, y) => 40 + 2 * x + y)
    // Deterministic ±1 noise, about what a re-encode adds to a smooth picture.
    const noisy = [1, 2, 3].map((k) => frame((x, y) => 40 + 2 * x + y + (((x * 7 + y * 13 + k * 5) % 3) - 1)))
    for (const n of noisy) expect(hammingDistance(frameHash(ramp), frameHash(n))).toBeLessThanOrEqual(2)
  })

  it('mark flat frames, which would match every other flat frame', () => {
    expect(frameHash(frame(() => 0)).flat).toBe(true)
    expect(frameHash(frame(() => 200)).flat).toBe(true)
    expect(frameHash(gradient).flat).toBe(false)
    expect(fingerprintFrames([frame(() => 0)]).frames).toEqual([])
  })

  it('survive storage as text', () => {
    const h = frameHash(gradient)
    expect(hashFromHex(hashToHex(h))).toEqual({ hi: h.hi, lo: h.lo })
    const frames = [{ atMs: 125, hi: h.hi, lo: h.lo }, { atMs: 0, hi: 0, lo: 0xffffffff }]
    expect(decodeFrames(encodeFrames(frames))).toEqual(frames)
    expect(() => decodeFrames('12:xyz')).toThrow(RangeError)
  })
})

describe('matching copies of known videos', () => {
  it.each(Object.keys(TRANSFORMS).flatMap((t) => ['mandelbrot', 'testsrc2', 'face'].map((s) => [s, t] as const)))(
    'a %s copy %s matches its original',
    async (source, name) => {
      const copy = await transform(files[source]!, `${source}-${name.replace(/\W+/g, '-')}`, TRANSFORMS[name]!)
      const matches = index.match(await probeOf(copy))
      expect(matches[0]).toMatchObject({ key: source })
      expect(matches[0]!.matchedFrames).toBeGreaterThanOrEqual(Math.ceil(PROBE / 2))
      if (name === 'mirrored') expect(matches[0]!.mirrored).toBe(true)
      // A one-second trim shows up as the copy starting one second into the original.
      if (name === 'trimmed by a second') expect(Math.abs(matches[0]!.offsetMs - 1000)).toBeLessThanOrEqual(750)
    },
    60_000,
  )

  it.each(['otherFace', 'life'])('the unrelated %s matches nothing, nor do its copies', async (name) => {
    expect(index.match(await probeOf(files[name]!))).toEqual([])
    for (const [t, args] of Object.entries(TRANSFORMS).slice(0, 4)) {
      const copy = await transform(files[name]!, `${name}-${t.replace(/\W+/g, '-')}`, args)
      expect(index.match(await probeOf(copy))).toEqual([])
    }
  }, 60_000)

  it('forgets a known video when it is removed', async () => {
    const local = new FingerprintIndex<string>()
    local.add('face', await storedOf(files.face!))
    local.add('testsrc2', await storedOf(files.testsrc2!))
    const probe = await probeOf(files.face!)
    expect(local.match(probe).map((m) => m.key)).toEqual(['face'])
    local.remove('face')
    expect(local.match(probe)).toEqual([])
    expect(local.count).toBe(1)
    expect(local.match(await probeOf(files.testsrc2!)).map((m) => m.key)).toEqual(['testsrc2'])
  }, 60_000)
})
