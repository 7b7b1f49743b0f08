import { InvalidRequestError } from '@atproto/xrpc-server'
import { describe, expect, it } from 'vitest'
import { decodeTimeCursor, encodeTimeCursor } from './cursor'

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url')

describe('time cursors', () => {
  it('round-trips what it encodes, URIs with colons included', () => {
    const c = { sortAt: '2026-11-25T16:05:03.123Z', uri: 'at://did:plc:abc/app.framewright.video.post/3kxyz' }
    expect(decodeTimeCursor(encodeTimeCursor(c))).toEqual(c)
  })

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['no separator', b64('2026-11-25T16:05:03.123Z at://did:plc:abc/x/y')],
    ['a number, not a time', b64('12345::at://did:plc:abc/x/y')],
    ['an impossible date', b64('2026-13-45T99:99:99.000Z::at://did:plc:abc/x/y')],
    ['not an at-uri', b64('2026-11-25T16:05:03.123Z::https://example.com')],
    ['no uri', b64('2026-11-25T16:05:03.123Z::')],
    ['too long', 'A'.repeat(2_001)],
  ])('rejects %s as BadCursor', (_, cursor) => {
    let thrown: unknown
    try {
      decodeTimeCursor(cursor)
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(InvalidRequestError)
    expect((thrown as InvalidRequestError).customErrorName).toBe('BadCursor')
  })
})
