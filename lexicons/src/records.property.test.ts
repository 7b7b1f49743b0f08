import { BlobRef } from '@atproto/lexicon'
import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { FRAMEWRIGHT_RECORDS, InvalidRecordError, validateRecord, type FramewrightCollection } from './records'

const runs = { numRuns: 200 }
const COLLECTIONS = Object.values(FRAMEWRIGHT_RECORDS)
const cid = CID.parse('bafkreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm')

const datetime = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString())
const did = fc.stringMatching(/^did:plc:[a-z2-7]{24}$/)
const atUri = fc.tuple(did, fc.stringMatching(/^[a-z0-9]{13}$/)).map(([d, r]) => `at://${d}/app.framewright.video.post/${r}`)
const jsonBlob = (mimeTypes: string[], maxSize: number) =>
  fc.record({ $type: fc.constant('blob'), ref: fc.constant({ $link: cid.toString() }), mimeType: fc.constantFrom(...mimeTypes), size: fc.integer({ min: 1, max: maxSize }) })
const shortText = fc.string({ unit: 'grapheme', maxLength: 40 })

/** Records each collection's lexicon allows, as JSON (as a PDS's getRecord would give them). */
const valid: Record<FramewrightCollection, fc.Arbitrary<Record<string, unknown>>> = {
  'app.framewright.video.post': fc.record(
    {
      video: jsonBlob(['video/mp4'], 100_000_000),
      text: shortText,
      tags: fc.array(fc.stringMatching(/^[a-z]{1,20}$/), { maxLength: 5 }),
      durationMs: fc.integer({ min: 1, max: 60_000 }),
      generation: fc.record({ provider: fc.constantFrom('procedural', 'replicate'), model: fc.stringMatching(/^[a-z0-9-]{1,30}$/), prompt: shortText, generatedAt: datetime, sourceType: fc.constant('ai-generated') }),
      depicts: fc.array(fc.record({ subject: did }), { maxLength: 3 }),
      createdAt: datetime,
    },
    { requiredKeys: ['video', 'generation', 'createdAt'] },
  ),
  'app.framewright.likeness.grant': fc.record(
    {
      audience: fc.constantFrom('self', 'approved', 'mutuals', 'everyone', 'friends-of-friends'),
      approved: fc.array(did, { maxLength: 5 }),
      restrictions: shortText,
      reference: jsonBlob(['video/mp4', 'image/jpeg', 'image/png', 'image/webp'], 50_000_000),
      expiresAt: datetime,
      createdAt: datetime,
    },
    { requiredKeys: ['audience', 'createdAt'] },
  ),
  'app.framewright.likeness.review': fc.record({
    subject: fc.record({ uri: atUri, cid: fc.constant(cid.toString()) }),
    verdict: fc.constantFrom('approve', 'reject', 'later'),
    createdAt: datetime,
  }),
  'app.framewright.feed.prefs': fc.record(
    {
      instruction: shortText,
      dailyLimit: fc.integer({ min: 1, max: 1000 }),
      breakReminderMinutes: fc.integer({ min: 1, max: 600 }),
      mutedTags: fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { maxLength: 10 }),
      createdAt: datetime,
    },
    { requiredKeys: ['createdAt'] },
  ),
}

/** A valid record of some collection, with its collection. */
const validRecord = fc.constantFrom(...COLLECTIONS).chain((collection) => valid[collection].map((record) => ({ collection, record })))

/** Anything a repo could carry, including what JSON cannot: bytes, CIDs, null prototypes, sparse arrays. */
const anything = fc.anything({ withNullPrototype: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true, withMap: true, withSet: true, withDate: true, withBigInt: true, maxDepth: 3 })

/** Runs validateRecord; anything it throws must be InvalidRecordError, naming the collection. */
function validOrNamed(collection: FramewrightCollection, value: unknown): unknown {
  try {
    return validateRecord(collection, value)
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRecordError)
    expect((err as InvalidRecordError).collection).toBe(collection)
    return undefined
  }
}

describe('record validation at ingestion (properties)', () => {
  it('a record the lexicon allows is accepted as it is, its blobs as BlobRefs', () => {
    fc.assert(
      fc.property(validRecord, ({ collection, record }) => {
        const accepted = validateRecord(collection, record) as Record<string, unknown>
        expect(accepted.$type).toBe(collection)
        for (const [key, value] of Object.entries(record)) {
          const got = accepted[key]
          if (value && typeof value === 'object' && (value as { $type?: unknown }).$type === 'blob') {
            const blob = value as { mimeType: string; size: number }
            expect(got).toBeInstanceOf(BlobRef)
            expect({ cid: (got as BlobRef).ref.toString(), mimeType: (got as BlobRef).mimeType, size: (got as BlobRef).size }).toEqual({ cid: cid.toString(), mimeType: blob.mimeType, size: blob.size })
          } else {
            expect(got).toEqual(value)
          }
        }
        // What we accepted, we accept again.
        expect(() => validateRecord(collection, accepted)).not.toThrow()
      }),
      runs,
    )
  })

  it('any value is a record or an InvalidRecordError, never another error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COLLECTIONS), anything, (collection, value) => {
        validOrNamed(collection, value)
      }),
      runs,
    )
  })

  it('a valid record with any one field, at any depth, replaced by anything is a record or an InvalidRecordError', () => {
    /** The record with the value at one path (chosen by `pick`) replaced. */
    const replaceOne = (value: unknown, pick: number, replacement: unknown): unknown => {
      const paths: (string | number)[][] = []
      const walk = (v: unknown, path: (string | number)[]) => {
        if (path.length > 0) paths.push(path)
        if (v && typeof v === 'object') for (const [k, child] of Object.entries(v)) walk(child, [...path, Array.isArray(v) ? Number(k) : k])
      }
      walk(value, [])
      const path = paths[pick % paths.length]!
      const copy = structuredClone(value) as Record<string | number, unknown>
      let at = copy
      for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>
      at[path.at(-1)!] = replacement
      return copy
    }
    fc.assert(
      fc.property(validRecord, fc.nat(), anything, ({ collection, record }, pick, replacement) => {
        validOrNamed(collection, replaceOne(record, pick, replacement))
      }),
      runs,
    )
  })
})
