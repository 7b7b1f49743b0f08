import fc from 'fast-check'
import { InvalidRequestError } from '@atproto/xrpc-server'
import { describe, expect, it } from 'vitest'
import { decodeOffset } from '../search/search'
import { decodeTimeCursor, encodeTimeCursor } from './cursor'

const runs = { numRuns: 200 }
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url')

/** Runs f; anything it throws must be the BadCursor error. */
function badCursorOrValue<T>(f: () => T): T | undefined {
  try {
    return f()
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRequestError)
    expect(err).toMatchObject({ customErrorName: 'BadCursor' })
    return undefined
  }
}

const isoTime = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString())
const atUri = fc
  .tuple(fc.stringMatching(/^did:plc:[a-z2-7]{24}$/), fc.stringMatching(/^[a-z]+(\.[a-z]+){2,3}$/), fc.stringMatching(/^[A-Za-z0-9._:~-]{1,30}$/))
  .map(([d, c, r]) => `at://${d}/${c}/${r}`)

describe('appview cursors (properties)', () => {
  it('time cursors round-trip', () => {
    fc.assert(
      fc.property(isoTime, atUri, (sortAt, uri) => {
        expect(decodeTimeCursor(encodeTimeCursor({ sortAt, uri }))).toEqual({ sortAt, uri })
      }),
      runs,
    )
  })

  it('any time cursor is a time we wrote and an at-uri, or BadCursor', () => {
    const shaped = fc.tuple(fc.oneof(isoTime, fc.string()), fc.oneof(atUri, fc.string())).map(([t, u]) => b64url(`${t}::${u}`))
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }).map(b64url), shaped), (cursor) => {
        const position = badCursorOrValue(() => decodeTimeCursor(cursor))
        if (!position) return
        expect(new Date(position.sortAt).toISOString()).toBe(position.sortAt)
        expect(position.uri).toMatch(/^at:\/\/\S+$/)
        expect(decodeTimeCursor(encodeTimeCursor(position))).toEqual(position)
      }),
      runs,
    )
  })

  it('search offsets round-trip, and any other input is BadCursor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), (offset) => {
        expect(decodeOffset(String(offset))).toBe(offset)
      }),
      runs,
    )
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^-?\d{1,8}$/)), (cursor) => {
        const offset = badCursorOrValue(() => decodeOffset(cursor))
        if (offset !== undefined) expect(Number.isInteger(offset) && offset >= 0 && offset <= 999_999).toBe(true)
      }),
      runs,
    )
  })
})
