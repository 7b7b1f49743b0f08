import fc from 'fast-check'
import { didDocument } from '@atproto/identity'
import { describe, expect, it } from 'vitest'
import { isDidDocument } from './did-document-shape'

/** Each field: well formed, missing, or one of the ways it can be wrong (so both answers are common). */
const maybe = <T>(good: fc.Arbitrary<T>, ...bad: fc.Arbitrary<unknown>[]) => fc.oneof({ weight: 12 * bad.length, arbitrary: good }, ...bad.map((arbitrary) => ({ weight: 1, arbitrary })))
/** Not a string (undefined: the field is missing). */
const notString = fc.oneof(fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean(), fc.constant({}), fc.constant([]))
const text = fc.oneof(fc.string(), fc.constantFrom('#atproto', 'did:plc:ewvi7nxzyoun6zhxrhs64oiz', 'https://pds.example', 'at://alice.test'))
const url = maybe(fc.oneof(fc.webUrl(), fc.constantFrom('https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1', 'did:plc:x')), fc.constantFrom('not a url', '', 'https//missing-colon'), fc.string())
const objectish = maybe(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }), fc.constant([]), fc.constant(null), fc.string())

const verificationMethod = fc.record(
  {
    id: maybe(text, notString),
    type: maybe(fc.constantFrom('Multikey', 'EcdsaSecp256k1VerificationKey2019'), notString),
    controller: maybe(text, notString),
    publicKeyJwk: objectish,
    publicKeyMultibase: maybe(fc.constantFrom('zQ3shunBKsXixLxKtC5qeSG9E4J5RkGN57im31pcTzbNQnm5w', 'zDnae'), notString),
    extra: fc.jsonValue(),
  },
  { requiredKeys: ['id', 'type', 'controller'] },
)
const service = fc.record(
  { id: maybe(text, notString), type: maybe(fc.constant('AtprotoPersonalDataServer'), notString), serviceEndpoint: maybe(fc.oneof(text, objectish), fc.integer()) },
  { requiredKeys: ['id', 'type', 'serviceEndpoint'] },
)
const arrayOf = <T>(item: fc.Arbitrary<T>) => maybe(fc.array(item, { maxLength: 3 }), item, fc.string(), fc.constant(null))

const document = fc.record(
  {
    '@context': maybe(fc.oneof(fc.constant('https://www.w3.org/ns/did/v1'), fc.array(url, { maxLength: 3 })), fc.string(), fc.integer(), fc.constant(null)),
    id: maybe(text, notString),
    alsoKnownAs: arrayOf(maybe(text, notString)),
    verificationMethod: arrayOf(verificationMethod),
    authentication: arrayOf(maybe(fc.oneof(text, verificationMethod), fc.integer())),
    service: arrayOf(service),
    extra: fc.jsonValue(),
  },
  { requiredKeys: ['id'] },
)

describe('isDidDocument', () => {
  it('answers as the library\'s zod schema on generated documents, well formed or not', () => {
    let accepted = 0
    let runs = 0
    fc.assert(
      fc.property(fc.oneof({ weight: 9, arbitrary: document }, { weight: 1, arbitrary: fc.anything() }), (val) => {
        const expected = didDocument.safeParse(val).success
        runs++
        if (expected) accepted++
        expect(isDidDocument(val)).toBe(expected)
      }),
      { numRuns: 3_000 },
    )
    // Both answers were exercised, each often.
    expect(accepted).toBeGreaterThan(runs / 10)
    expect(runs - accepted).toBeGreaterThan(runs / 10)
  })

  it('takes a real did:plc document, and refuses one whose parts have the wrong type', () => {
    const doc = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz',
      alsoKnownAs: ['at://atproto.com'],
      verificationMethod: [{ id: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz#atproto', type: 'Multikey', controller: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz', publicKeyMultibase: 'zQ3shunBKsXixLxKtC5qeSG9E4J5RkGN57im31pcTzbNQnm5w' }],
      service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: 'https://enoki.us-east.host.bsky.network' }],
    }
    expect(isDidDocument(doc)).toBe(true)
    expect(isDidDocument({ ...doc, '@context': ['not a url'] })).toBe(false)
    expect(isDidDocument({ ...doc, verificationMethod: [{ ...doc.verificationMethod[0], controller: undefined }] })).toBe(false)
    expect(isDidDocument({ ...doc, service: [{ ...doc.service[0], serviceEndpoint: 42 }] })).toBe(false)
    expect(isDidDocument({ ...doc, alsoKnownAs: 'at://atproto.com' })).toBe(false)
    expect(isDidDocument([doc])).toBe(false)
  })
})
