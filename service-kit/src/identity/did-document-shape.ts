import type { DidDocument } from '@atproto/identity'
// isObject is what zod's `z.object` and `z.record` take: not null, not an array.
import { isObject } from '../util'

/**
 * Whether a value has the shape of a DID document, by exactly the rules of the zod schema
 * `@atproto/identity` checks every resolved document against (`didDocument` from
 * `@atproto/common-web`), written out by hand: that schema cost ~140 µs of the ingesting thread per
 * document (two thirds of a did:plc look-up, the HTTP exchange included), and a service meeting
 * thousands of new repos pays it for each. Unknown fields are allowed, as there; the value is not
 * copied. did-document-shape.test.ts checks the two agree on generated documents.
 */
export function isDidDocument(val: unknown): val is DidDocument {
  if (!isObject(val)) return false
  const context = val['@context']
  if (context !== undefined && context !== 'https://www.w3.org/ns/did/v1' && !(Array.isArray(context) && context.every(isUrl))) return false
  if (typeof val.id !== 'string') return false
  if (!optionalArrayOf(val.alsoKnownAs, isString)) return false
  if (!optionalArrayOf(val.verificationMethod, isVerificationMethod)) return false
  if (!optionalArrayOf(val.authentication, (a) => typeof a === 'string' || isVerificationMethod(a))) return false
  return optionalArrayOf(val.service, isService)
}

function isString(val: unknown): val is string {
  return typeof val === 'string'
}

/** zod's `.url()`: whatever the WHATWG URL parser takes. */
function isUrl(val: unknown): boolean {
  return typeof val === 'string' && URL.canParse(val)
}

function optionalArrayOf(val: unknown, each: (item: unknown) => boolean): boolean {
  return val === undefined || (Array.isArray(val) && val.every(each))
}

function isVerificationMethod(val: unknown): boolean {
  return (
    isObject(val) &&
    isString(val.id) &&
    isString(val.type) &&
    isString(val.controller) &&
    (val.publicKeyJwk === undefined || isObject(val.publicKeyJwk)) &&
    (val.publicKeyMultibase === undefined || isString(val.publicKeyMultibase))
  )
}

function isService(val: unknown): boolean {
  return isObject(val) && isString(val.id) && isString(val.type) && (isString(val.serviceEndpoint) || isObject(val.serviceEndpoint))
}
