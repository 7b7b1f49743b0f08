import { decode, encode, toBytes, toCidLink } from '@atcute/cbor'
import { create as createCid } from '@atcute/cid'
import { BlobRef, ipldToLex } from '@atproto/lexicon'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { toLexRecord } from './events'

/** What the code did before (and what @atproto/lexicon does): decoded → IPLD (CIDs, bytes) → ipldToLex. */
function reference(value: unknown): unknown {
  const toIpld = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(toIpld)
    if (v === null || typeof v !== 'object') return v
    if ('$link' in v) return CID.decode((v as unknown as { bytes: Uint8Array }).bytes)
    if ('$bytes' in v) return (v as unknown as { buf: Uint8Array }).buf
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toIpld(x)]))
  }
  return ipldToLex(toIpld(value) as never)
}

const cidBytes = (await createCid(0x55, new TextEncoder().encode('a video'))).bytes
const cid = toCidLink(await createCid(0x55, new TextEncoder().encode('a video')))
const blob = { $type: 'blob', ref: cid, mimeType: 'video/mp4', size: 1234 }

describe('toLexRecord', () => {
  it.each([
    ['a video post with a blob, links and nested arrays', { $type: 'app.framewright.video.post', video: blob, depicts: [{ subject: 'did:plc:x', grant: { uri: 'at://x', cid: 'bafy' } }], tags: ['a', 'b'], createdAt: 't' }],
    ['a legacy blob ({cid, mimeType})', { image: { cid: CID.decode(cidBytes).toString(), mimeType: 'image/png' } }],
    ['bytes and a bare link', { data: toBytes(new Uint8Array([1, 2, 3])), link: cid, n: 5, no: null, yes: true }],
    ['a blob-like object with an extra key (not a blob)', { video: { ...blob, extra: 1 } }],
    ['a blob-like object whose ref is not a link (not a blob)', { video: { ...blob, ref: 'bafy' } }],
    ['a blob-like object missing its size (not a blob)', { video: { $type: 'blob', ref: cid, mimeType: 'video/mp4' } }],
    ['an array of blobs', { images: [blob, blob] }],
  ])('gives what ipldToLex gives for %s', (_name, record) => {
    const decoded = decode(encode(record))
    const ours = toLexRecord(decoded)
    expect(ours).toEqual(reference(decoded))
    // Classes matter to validation, not just shapes: blobs must be BlobRefs, links CIDs.
    const classes = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(classes) : v instanceof BlobRef ? 'BlobRef' : CID.asCID(v) ? 'CID' : v instanceof Uint8Array ? 'bytes' : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, classes(x)])) : v
    expect(classes(ours)).toEqual(classes(reference(decoded)))
  })

  it('makes a BlobRef of a blob', () => {
    const video = (toLexRecord(decode(encode({ video: blob }))) as { video: unknown }).video
    expect(video).toBeInstanceOf(BlobRef)
    expect((video as BlobRef).ref.toString()).toBe(CID.decode(cidBytes).toString())
  })
})
