import { describe, expect, it } from 'vitest'
import { foundPeople } from '../scan/face-analyser'
import { sniffMedia } from './enrolment'
import { descriptorDistance, matchFace, similarityPercent } from './match'
import { SealedTemplateError, TemplateSealer } from './sealed'

const KEY = 'a'.repeat(64)
const OTHER_KEY = 'b'.repeat(64)

/** A 128-number descriptor: all `base`, with the first number set to `first`. */
function descriptor(base: number, first = base): Float32Array {
  const d = new Float32Array(128).fill(base)
  d[0] = first
  return d
}

describe('sealed templates', () => {
  const sealer = new TemplateSealer(KEY)
  const d = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i) / 10)

  it('open what they sealed, for the same person, and never hold the plain numbers', () => {
    const sealed = sealer.seal('did:plc:bob', d)
    expect(sealer.open('did:plc:bob', sealed)).toEqual(d)
    expect(Buffer.from(sealed).includes(Buffer.from(d.buffer))).toBe(false)
    // A fresh nonce each time: the same face never seals to the same bytes.
    expect(Buffer.from(sealer.seal('did:plc:bob', d)).equals(Buffer.from(sealed))).toBe(false)
  })

  it.each<[string, (sealed: Uint8Array) => unknown]>([
    ['another key', (s) => new TemplateSealer(OTHER_KEY).open('did:plc:bob', s)],
    ['another person (a row moved to someone else)', (s) => sealer.open('did:plc:eve', s)],
    ['a flipped bit', (s) => sealer.open('did:plc:bob', Uint8Array.from(s, (b, i) => (i === s.length - 1 ? b ^ 1 : b)))],
    ['a truncated template', (s) => sealer.open('did:plc:bob', s.subarray(0, 20))],
  ])('refuse to open with %s', (_, open) => {
    expect(() => open(sealer.seal('did:plc:bob', d))).toThrow(SealedTemplateError)
  })

  it('refuse a key that is not 32 bytes of hex', () => {
    expect(() => new TemplateSealer('abc')).toThrow(RangeError)
  })
})

describe('matching', () => {
  it('measures euclidean distance and reads it as a percentage', () => {
    expect(descriptorDistance(descriptor(0), descriptor(0, 0.3))).toBeCloseTo(0.3)
    expect(similarityPercent(0.3)).toBe(70)
    expect(similarityPercent(1.4)).toBe(0)
    expect(similarityPercent(0)).toBe(100)
  })

  it('keeps each person’s closest template within the distance, closest person first', () => {
    const templates = [
      { did: 'bob', descriptor: descriptor(0, 0.4) },
      { did: 'bob', descriptor: descriptor(0, 0.2) },
      { did: 'eve', descriptor: descriptor(0, 0.1) },
      { did: 'far', descriptor: descriptor(0, 0.9) },
    ]
    const found = matchFace(descriptor(0), templates, 0.5)
    expect(found.map((m) => m.did)).toEqual(['eve', 'bob'])
    expect(found[1]!.distance).toBeCloseTo(0.2)
  })

  it('aggregates frames: best distance, its frame, and in how many frames a person matched', () => {
    const templates = [{ did: 'bob', descriptor: descriptor(0) }]
    const people = foundPeople(
      [
        { atMs: 250, descriptors: [descriptor(0, 0.45)] },
        { atMs: 750, descriptors: [descriptor(0, 0.9), descriptor(0, 0.1)] },
        { atMs: 1250, descriptors: [] },
        { atMs: 1750, descriptors: [descriptor(0, 0.7)] },
      ],
      templates,
      0.5,
    )
    expect(people).toHaveLength(1)
    expect(people[0]).toMatchObject({ did: 'bob', frameMs: 750, framesMatched: 2, framesSampled: 4 })
    expect(people[0]!.distance).toBeCloseTo(0.1)
    expect(foundPeople([{ atMs: 0, descriptors: [descriptor(0, 0.9)] }], templates, 0.5)).toEqual([])
  })
})

describe('enrolment media', () => {
  it.each<[string, number[], string | undefined]>([
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0], 'image/jpeg'],
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
    ['MP4', [0, 0, 0, 0x20, ...Buffer.from('ftypisom')], 'video/mp4'],
    ['GIF', [...Buffer.from('GIF89a')], undefined],
    ['text', [...Buffer.from('hello there, world')], undefined],
    ['empty', [], undefined],
  ])('recognises %s by its bytes', (_, bytes, media) => {
    expect(sniffMedia(Uint8Array.from(bytes))).toBe(media)
  })
})
