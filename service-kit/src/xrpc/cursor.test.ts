import { describe, expect, it } from 'vitest'
import { decodeCursorParts, encodeCursorParts, isIsoTime } from './cursor'

describe('cursor parts', () => {
  it('round-trips, keeping "::" inside the last part', () => {
    const cursor = encodeCursorParts(['2026-11-25T12:00:00.000Z', 'at://did:plc:a/x/y::z'])
    expect(decodeCursorParts(cursor, 2)).toEqual(['2026-11-25T12:00:00.000Z', 'at://did:plc:a/x/y::z'])
  })

  it.each<[string, string, number]>([
    ['empty', '', 2],
    ['not base64url', 'abc+/=', 2],
    ['too few parts', encodeCursorParts(['only']), 2],
    ['too long', 'a'.repeat(2_001), 2],
  ])('refuses %s with BadCursor', (_name, cursor, count) => {
    expect(() => decodeCursorParts(cursor, count)).toThrow(expect.objectContaining({ customErrorName: 'BadCursor' }))
  })

  it.each<[string, boolean]>([
    ['2026-11-25T12:00:00.000Z', true],
    ['2026-11-25T12:00:00Z', false],
    ['2026-13-45T12:00:00.000Z', false],
    ['yesterday', false],
  ])('isIsoTime(%s) is %s', (value, expected) => {
    expect(isIsoTime(value)).toBe(expected)
  })
})
