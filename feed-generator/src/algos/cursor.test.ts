import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from './cursor'

describe('feed cursors', () => {
  it('round-trips rank and uri', () => {
    const c = { rank: 1_764_000_000_123, uri: 'at://did:plc:abc/app.framewright.video.post/3k2a' }
    expect(decodeCursor(encodeCursor(c))).toEqual(c)
  })

  it.each([
    ['empty', ''],
    ['not base64url', '!!!'],
    ['no separator', Buffer.from('12345').toString('base64url')],
    ['rank not a number', Buffer.from('abc::at://x').toString('base64url')],
    ['uri not an at-uri', Buffer.from('123::https://x').toString('base64url')],
    ['huge', 'A'.repeat(5000)],
  ])('rejects %s with BadCursor', (_name, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ customErrorName: 'BadCursor' }))
  })
})
