import { BlobRef } from '@atproto/lexicon'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { InvalidRecordError, validateBskyRecord, validateRecord, type BskyCollection } from './records'

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

describe('validateBskyRecord', () => {
  const at = '2026-11-30T12:00:00.000Z'
  const ref = { uri: 'at://did:plc:abc/app.bsky.feed.post/3k', cid: cid.toString() }
  it.each<[string, BskyCollection, unknown]>([
    ['a follow', 'app.bsky.graph.follow', { subject: 'did:plc:abc', createdAt: at }],
    ['a like', 'app.bsky.feed.like', { subject: ref, createdAt: at }],
    ['a reply with an image', 'app.bsky.feed.post', { text: 'nice', reply: { root: ref, parent: ref }, embed: { $type: 'app.bsky.embed.images', images: [{ image: jsonBlob('image/png', 100), alt: '' }] }, createdAt: at }],
    ['a feed generator', 'app.bsky.feed.generator', { did: 'did:web:feeds.example', displayName: 'Creation first', createdAt: at }],
    ['a labeler service', 'app.bsky.labeler.service', { policies: { labelValues: ['deepfake'] }, createdAt: at }],
  ])('accepts %s', (_name, collection, record) => {
    expect(() => validateBskyRecord(collection, record)).not.toThrow()
  })

  it.each<[string, BskyCollection, unknown, RegExp]>([
    ['a follow of something not a DID', 'app.bsky.graph.follow', { subject: 'alice.example', createdAt: at }, /subject must be a valid did/],
    ['a follow without a date', 'app.bsky.graph.follow', { subject: 'did:plc:abc' }, /createdAt/],
    ['a like of a bare URI', 'app.bsky.feed.like', { subject: ref.uri, createdAt: at }, /subject/],
    ['a reply whose parent has no CID', 'app.bsky.feed.post', { text: 'x', reply: { root: ref, parent: { uri: ref.uri } }, createdAt: at }, /cid/],
    ['a post over 300 graphemes', 'app.bsky.feed.post', { text: 'x'.repeat(301), createdAt: at }, /text/],
    ['a feed generator without a display name', 'app.bsky.feed.generator', { did: 'did:web:feeds.example', createdAt: at }, /displayName/],
    ['a labeler service without policies', 'app.bsky.labeler.service', { createdAt: at }, /policies/],
    ['another type', 'app.bsky.graph.follow', { $type: 'app.bsky.feed.like', subject: 'did:plc:abc', createdAt: at }, /\$type/],
    ['not an object', 'app.bsky.graph.follow', 'did:plc:abc', /not an object/],
  ])('refuses %s, naming why', (_name, collection, record, why) => {
    const err = (() => {
      try {
        validateBskyRecord(collection, record)
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(InvalidRecordError)
    expect((err as Error).message).toMatch(why)
  })
})
