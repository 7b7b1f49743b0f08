import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, type KeysetCursor } from './cursor'

const uri = 'at://did:plc:abc/app.framewright.video.post/3k2a'

describe('feed cursors', () => {
  it.each<[string, KeysetCursor]>([
    ['rank and uri', { rank: 1_764_000_000_123, uri }],
    ['with a depth', { rank: 1_764_000_000_123, uri, depth: 40 }],
    ['a negative steered score', { rank: -3_600_000, uri, depth: 0 }],
    ['a did:web uri', { rank: 5, uri: 'at://did:web:localhost%3A2583/app.framewright.video.post/x:y', depth: 3 }],
  ])('round-trips %s', (_name, c) => {
    expect(decodeCursor(encodeCursor(c))).toEqual(c)
  })

  it('reads "-0" as the rank 0, the position a cursor of ours names (found by the property test)', () => {
    const position = decodeCursor(Buffer.from(`-0::${uri}`, 'utf8').toString('base64url'))
    expect(Object.is(position.rank, 0)).toBe(true)
    expect(decodeCursor(encodeCursor(position))).toEqual(position)
  })

  it('still reads cursors issued before depths were added', () => {
    expect(decodeCursor(Buffer.from(`12::${uri}`).toString('base64url'))).toEqual({ rank: 12, uri })
  })

  it.each([
    ['empty', ''],
    ['not base64url', '!!!'],
    ['no separator', Buffer.from('12345').toString('base64url')],
    ['rank not a number', Buffer.from('abc::at://x').toString('base64url')],
    ['uri not an at-uri', Buffer.from('123::https://x').toString('base64url')],
    ['depth but no uri', Buffer.from('123::4::').toString('base64url')],
    ['depth not a number', Buffer.from('123::x::at://x').toString('base64url')],
    ['huge', 'A'.repeat(5000)],
  ])('rejects %s with BadCursor', (_name, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ customErrorName: 'BadCursor' }))
  })
})
