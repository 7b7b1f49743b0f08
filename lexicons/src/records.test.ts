import { BlobRef } from '@atproto/lexicon'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { InvalidRecordError, validateRecord } from './records'

const cid = CID.parse('bafkreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm')
const blob = (mimeType: string, size: number) => new BlobRef(cid, mimeType, size)
const jsonBlob = (mimeType: string, size: number) => ({ $type: 'blob', ref: { $link: cid.toString() }, mimeType, size })

const generation = {
  provider: 'procedural',
  model: 'framewright-procedural-1',
  prompt: 'waves',
  generatedAt: '2026-11-25T12:00:00.000Z',
  sourceType: 'ai-generated',
}
const video = (overrides: Record<string, unknown> = {}) => ({
  video: blob('video/mp4', 1_000_000),
  generation,
  createdAt: '2026-11-25T12:00:00.000Z',
  ...overrides,
})

describe('validateRecord', () => {
  it.each<[string, unknown]>([
    ['a minimal video post', video()],
    ['a video post with JSON blobs', video({ video: jsonBlob('video/mp4', 5) })],
    ['a video post depicting someone', video({ depicts: [{ subject: 'did:plc:abc' }] })],
    ['a c2pa manifest', video({ generation: { ...generation, c2pa: { manifest: blob('application/c2pa', 10) } } })],
  ])('accepts %s', (_name, record) => {
    expect(() => validateRecord('app.framewright.video.post', record)).not.toThrow()
  })

  it.each<[string, unknown, RegExp]>([
    ['a non-object', 'hello', /not an object/],
    ['a missing generation', { video: blob('video/mp4', 1), createdAt: '2026-11-25T12:00:00.000Z' }, /generation/],
    ['a float', video({ durationMs: 1.5 }), /durationMs/],
    ['a wrong $type', { ...video(), $type: 'app.bsky.feed.post' }, /\$type/],
    ['a gif pretending to be a video', video({ video: blob('image/gif', 10) }), /mime type image\/gif/],
    ['an oversized video', video({ video: blob('video/mp4', 100_000_001) }), /over the 100000000-byte limit/],
    ['an oversized c2pa manifest', video({ generation: { ...generation, c2pa: { manifest: blob('application/c2pa', 6_000_000) } } }), /generation\.c2pa\.manifest/],
    ['a bad subject DID', video({ depicts: [{ subject: 'bob' }] }), /depicts/],
  ])('rejects %s', (_name, record, message) => {
    const attempt = () => validateRecord('app.framewright.video.post', record)
    expect(attempt).toThrow(InvalidRecordError)
    expect(attempt).toThrow(message)
  })

  it('checks grant reference blobs too', () => {
    const grant = { audience: 'everyone', createdAt: '2026-11-25T12:00:00.000Z' }
    expect(() => validateRecord('app.framewright.likeness.grant', { ...grant, reference: blob('image/png', 10) })).not.toThrow()
    expect(() => validateRecord('app.framewright.likeness.grant', { ...grant, reference: blob('text/html', 10) })).toThrow(/mime type/)
  })
})
