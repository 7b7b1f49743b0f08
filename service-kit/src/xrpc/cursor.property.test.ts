import fc from 'fast-check'
import { InvalidRequestError } from '@atproto/xrpc-server'
import { describe, expect, it } from 'vitest'
import { decodeCursorParts, encodeCursorParts, isIsoTime } from './cursor'

const runs = { numRuns: 200 }
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url')

/** What clients may send as a cursor: anything, base64url of anything, and text shaped like ours. */
const anyCursor = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }).map(b64url),
  fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.integer().map(String), fc.constant('')), { maxLength: 4 }).map((parts) => b64url(parts.join('::'))),
)

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

const pad = (n: number, width: number) => String(n).padStart(width, '0')
/** Text of the ISO shape whose fields may be out of range (a 30 February, hour 24). */
const isoShaped = fc
  .tuple(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 999 }))
  .map(([y, mo, d, h, mi, s, ms]) => `${y}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`)

describe('cursor parts (properties)', () => {
  it('round-trip: the parts we encode are the parts we decode, the last keeping any "::"', () => {
    fc.assert(
      // Only the last part may hold "::" (URIs do); the others are numbers, times and ids.
      fc.property(fc.array(fc.string({ unit: 'grapheme' }).filter((p) => !p.includes('::') && !p.endsWith(':')), { minLength: 1, maxLength: 3 }), fc.string({ unit: 'grapheme' }), (head, last) => {
        const parts = [...head, last]
        // Our own cursors are short; an empty one (no parts at all) is never issued.
        fc.pre(encodeCursorParts(parts).length <= 2_000 && parts.join('::').length > 0)
        expect(decodeCursorParts(encodeCursorParts(parts), parts.length)).toEqual(parts)
      }),
      runs,
    )
  })

  it('any input is parts of the asked number, or BadCursor', () => {
    fc.assert(
      fc.property(anyCursor, fc.integer({ min: 1, max: 4 }), (cursor, count) => {
        const parts = badCursorOrValue(() => decodeCursorParts(cursor, count))
        if (parts) expect(parts).toHaveLength(count)
      }),
      runs,
    )
  })

  it('a time is one toISOString() wrote, or not a time', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), isoShaped), (text) => {
        if (isIsoTime(text)) expect(new Date(text).toISOString()).toBe(text)
      }),
      runs,
    )
  })
})
