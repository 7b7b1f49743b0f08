import { InvalidRequestError } from '@atproto/xrpc-server'
import { describe, expect, it } from 'vitest'
import { decodeReportCursor, encodeReportCursor } from './cursor'

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url')

describe('report cursors', () => {
  it('round-trips what it encodes', () => {
    const c = { createdAt: '2026-11-25T16:05:03.123Z', id: 42 }
    expect(decodeReportCursor(encodeReportCursor(c))).toEqual(c)
  })

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['no separator', b64('2026-11-25T16:05:03.123Z 42')],
    ['a number, not a time', b64('12345::42')],
    ['an impossible date', b64('2026-13-45T99:99:99.000Z::42')],
    ['no id', b64('2026-11-25T16:05:03.123Z::')],
    ['a negative id', b64('2026-11-25T16:05:03.123Z::-1')],
    ['a zero id', b64('2026-11-25T16:05:03.123Z::0')],
    ['a fractional id', b64('2026-11-25T16:05:03.123Z::4.5')],
    ['an id too large to be exact', b64('2026-11-25T16:05:03.123Z::99999999999999999')],
    ['a third part', b64('2026-11-25T16:05:03.123Z::42::x')],
    ['a queryLabels seq cursor', '17'],
    ['too long', 'A'.repeat(201)],
  ])('rejects %s as BadCursor', (_, cursor) => {
    let thrown: unknown
    try {
      decodeReportCursor(cursor)
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(InvalidRequestError)
    expect((thrown as InvalidRequestError).customErrorName).toBe('BadCursor')
  })
})
