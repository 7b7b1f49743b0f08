import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatContentLabelers, parseAcceptLabelers } from './accept'

const runs = { numRuns: 200 }
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/

const did = fc.oneof(fc.stringMatching(/^did:plc:[a-z2-7]{24}$/), fc.stringMatching(/^did:web:[a-z0-9.-]{1,20}(%3A\d{1,5})?$/))
/** One entry as a client might write it: a DID or junk, params or none, any spacing. */
const entry = fc
  .tuple(fc.oneof(did, fc.string()), fc.array(fc.oneof(fc.constant('redact'), fc.string()), { maxLength: 3 }), fc.constantFrom('', ' ', '  ', '\t'))
  .map(([d, params, space]) => [d, ...params].join(`${space};${space}`))
const header = fc.oneof(
  fc.string(),
  fc.array(entry, { maxLength: 30 }).map((entries) => entries.join(', ')),
  fc.array(fc.array(entry, { maxLength: 5 }).map((entries) => entries.join(',')), { maxLength: 4 }),
)

describe('atproto-accept-labelers (properties)', () => {
  it('any header gives at most 20 distinct, well-formed labelers, and never throws', () => {
    fc.assert(
      fc.property(header, (value) => {
        const parsed = parseAcceptLabelers(value, ['did:plc:default'])
        expect(parsed.length).toBeLessThanOrEqual(20)
        expect(new Set(parsed.map((l) => l.did)).size).toBe(parsed.length)
        for (const l of parsed) {
          expect(l.did).toMatch(DID)
          expect(typeof l.redact).toBe('boolean')
        }
      }),
      runs,
    )
  })

  it('what we echo (atproto-content-labelers) parses back to the same labelers', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ did, redact: fc.boolean() }), { selector: (l) => l.did, maxLength: 20 }), (labelers) => {
        expect(parseAcceptLabelers(formatContentLabelers(labelers), [])).toEqual(labelers)
      }),
      runs,
    )
  })

  it('more than 20 labelers: exactly the first 20 are honoured', () => {
    fc.assert(
      fc.property(fc.uniqueArray(did, { minLength: 21, maxLength: 40 }), (dids) => {
        expect(parseAcceptLabelers(dids.join(', '), []).map((l) => l.did)).toEqual(dids.slice(0, 20))
      }),
      { numRuns: 50 },
    )
  })

  it('the first 20 well-formed DIDs are kept, in order, whatever junk is around them', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(did, fc.string().filter((s) => !DID.test(s.split(';')[0]!.trim()))), { maxLength: 40 }), (parts) => {
        const expected = [...new Set(parts.filter((p) => DID.test(p)))].slice(0, 20)
        // A part holding a ',' is two entries to the parser: keep the junk free of them.
        fc.pre(parts.every((p) => !p.includes(',')))
        expect(parseAcceptLabelers(parts.join(','), []).map((l) => l.did)).toEqual(expected)
      }),
      runs,
    )
  })
})
