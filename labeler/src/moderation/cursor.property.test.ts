import fc from 'fast-check'
import { InvalidRequestError } from '@atproto/xrpc-server'
import { describe, expect, it } from 'vitest'
import { parseSeqCursor } from '../api/com/atproto/label/queryLabels'
import { decodeReportCursor, encodeReportCursor } from './cursor'

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
// Ids and seqs are database counters: fifteen digits is the bound the cursors set.
const reportId = fc.integer({ min: 1, max: 10 ** 15 - 1 })

describe('label and report cursors (properties)', () => {
  it('report cursors round-trip', () => {
    fc.assert(
      fc.property(isoTime, reportId, (createdAt, id) => {
        expect(decodeReportCursor(encodeReportCursor({ createdAt, id }))).toEqual({ createdAt, id })
      }),
      runs,
    )
  })

  it('any report cursor is a position within bounds, or BadCursor', () => {
    const shaped = fc
      .tuple(fc.oneof(isoTime, fc.string()), fc.oneof(reportId.map(String), fc.stringMatching(/^-?\d{1,17}$/), fc.string()))
      .map(([t, id]) => b64url(`${t}::${id}`))
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }).map(b64url), shaped), (cursor) => {
        const position = badCursorOrValue(() => decodeReportCursor(cursor))
        if (!position) return
        expect(Number.isSafeInteger(position.id) && position.id >= 1).toBe(true)
        expect(new Date(position.createdAt).toISOString()).toBe(position.createdAt)
      }),
      runs,
    )
  })

  it('queryLabels seq cursors round-trip, and any other input is BadCursor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 15 - 1 }), (seq) => {
        expect(parseSeqCursor(String(seq))).toBe(seq)
      }),
      runs,
    )
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^-?\d{1,20}$/)), (cursor) => {
        const seq = badCursorOrValue(() => parseSeqCursor(cursor))
        if (seq !== undefined) expect(Number.isSafeInteger(seq) && seq >= 0).toBe(true)
      }),
      runs,
    )
  })
})
