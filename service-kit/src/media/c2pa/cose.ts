/**
 * COSE_Sign1 (RFC 9052) for C2PA claim signatures. The wasm build of c2pa-rs leaves the whole COSE
 * structure to the JavaScript signer ("direct COSE handling"), so we build it: ES256 over the
 * detached claim, the certificate chain in the protected header (x5chain, as C2PA 2.x requires),
 * and a `pad` in the unprotected header that makes it exactly the size reserved for it in the file.
 */
import { sign, type KeyObject } from 'node:crypto'
import { CborTag, encodeCbor, type CborMap } from './cbor'

const COSE_SIGN1_TAG = 18
const HEADER_ALG = 1
const HEADER_X5CHAIN = 33
const ALG_ES256 = -7

export interface CoseSignInput {
  /** The claim bytes c2pa-rs asks us to sign (the detached payload). */
  claim: Uint8Array
  /** A P-256 private key. */
  privateKey: KeyObject
  /** DER certificates, end-entity first. */
  chain: Uint8Array[]
  /** The exact size of the result (the space c2pa-rs reserved for the signature). */
  size: number
}

/** A tagged COSE_Sign1 with a detached payload, padded to exactly `size` bytes. */
export function coseSign1Es256(input: CoseSignInput): Uint8Array {
  const protectedHeader: CborMap = new Map()
  protectedHeader.set(HEADER_ALG, ALG_ES256)
  protectedHeader.set(HEADER_X5CHAIN, input.chain.length === 1 ? input.chain[0]! : [...input.chain])
  const protectedBytes = encodeCbor(protectedHeader)
  const toBeSigned = encodeCbor(['Signature1', protectedBytes, new Uint8Array(0), input.claim])
  // C2PA (like COSE) wants the raw r‖s form of an ECDSA signature, not DER.
  const signature = sign('sha256', toBeSigned, { key: input.privateKey, dsaEncoding: 'ieee-p1363' })
  const build = (padLength: number) =>
    encodeCbor(
      new CborTag(COSE_SIGN1_TAG, [protectedBytes, new Map([['pad', new Uint8Array(padLength)]]), null, new Uint8Array(signature)]),
    )
  const bare = build(0).length
  if (bare > input.size) throw new RangeError(`the COSE signature needs ${bare} bytes, more than the ${input.size} reserved`)
  // A longer pad can also lengthen its own length prefix (1, 2, 3 or 5 bytes): try each prefix size.
  for (const extraHead of [0, 1, 2, 4]) {
    const padLength = input.size - bare - extraHead
    if (padLength < 0) break
    const out = build(padLength)
    if (out.length === input.size) return out
  }
  throw new RangeError(`cannot pad the COSE signature to exactly ${input.size} bytes`)
}
