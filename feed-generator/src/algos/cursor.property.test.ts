import fc from 'fast-check'
import { InvalidRequestError } from '@atproto/xrpc-server'
import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from './cursor'

const runs = { numRuns: 200 }
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url')

const did = fc.oneof(fc.stringMatching(/^did:plc:[a-z2-7]{24}$/), fc.stringMatching(/^did:web:[a-z0-9.-]{1,20}(%3A\d{1,5})?$/))
// Record keys may hold ':' (and so "::"), which the cursor must keep.
const atUri = fc.tuple(did, fc.stringMatching(/^[a-z]+(\.[a-z]+){2,3}$/), fc.stringMatching(/^[A-Za-z0-9._:~-]{1,30}$/)).map(([d, c, r]) => `at://${d}/${c}/${r}`)
const rank = fc.maxSafeInteger()
const depth = fc.option(fc.integer({ min: 0, max: 9_999_999 }), { nil: undefined })

/** What a client may send: anything, base64url of anything, and our shape with any field off. */
const anyCursor = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }).map(b64url),
  fc
    .tuple(fc.oneof(fc.stringMatching(/^-?\d{1,17}$/), fc.bigInt({ min: -(10n ** 16n) + 1n, max: 10n ** 16n - 1n }).map(String) /* 16 digits at most, as the rank's pattern allows */, fc.string()), fc.option(fc.oneof(fc.stringMatching(/^\d{1,8}$/), fc.string())), fc.oneof(atUri, fc.string()))
    .map(([r, d, u]) => b64url(d === null ? `${r}::${u}` : `${r}::${d}::${u}`)),
)

describe('feed cursors (properties)', () => {
  it('round-trip: every position we encode decodes to itself', () => {
    fc.assert(
      fc.property(rank, atUri, depth, (r, uri, d) => {
        const position = d === undefined ? { rank: r, uri } : { rank: r, uri, depth: d }
        expect(decodeCursor(encodeCursor(position))).toEqual(position)
      }),
      runs,
    )
  })

  it('any input is a position within bounds, or BadCursor', () => {
    fc.assert(
      fc.property(anyCursor, (cursor) => {
        let position
        try {
          position = decodeCursor(cursor)
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidRequestError)
          expect(err).toMatchObject({ customErrorName: 'BadCursor' })
          return
        }
        expect(Number.isSafeInteger(position.rank)).toBe(true)
        expect(position.uri.startsWith('at://')).toBe(true)
        if (position.depth !== undefined) expect(position.depth >= 0 && position.depth <= 9_999_999 && Number.isInteger(position.depth)).toBe(true)
        // What we accept, we would have issued: it encodes back to the same position.
        expect(decodeCursor(encodeCursor(position))).toEqual(position)
      }),
      runs,
    )
  })
})
