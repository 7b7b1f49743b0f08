import { createPublicKey, ECDH, hash, verify, type KeyObject } from 'node:crypto'
import { RepoVerificationError } from './errors'
import { secp256k1 } from './secp256k1'

/** The two curves atproto signs with. */
export type Curve = 'secp256k1' | 'p256'

/** A did:key, taken apart: its curve and its 33-byte compressed public key. */
export interface ParsedDidKey {
  curve: Curve
  compressed: Uint8Array
}

const SECP256K1_PREFIX = [0xe7, 0x01]
const P256_PREFIX = [0x80, 0x24]
const OPENSSL_CURVE: Record<Curve, string> = { secp256k1: 'secp256k1', p256: 'prime256v1' }
// DER SubjectPublicKeyInfo headers for an uncompressed EC point (65 bytes follow).
const SPKI_HEADER: Record<Curve, Buffer> = {
  secp256k1: Buffer.from('3056301006072a8648ce3d020106052b8104000a034200', 'hex'),
  p256: Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
}
/** Half the group order of each curve: atproto accepts only signatures with s at or below it (low-S). */
export const HALF_ORDER: Record<Curve, bigint> = {
  secp256k1: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n >> 1n,
  p256: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n >> 1n,
}
export const ORDER: Record<Curve, bigint> = {
  secp256k1: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  p256: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
}

/** Parses a did:key (multibase base58btc, multicodec secp256k1-pub or p256-pub, compressed point). */
export function parseDidKey(didKey: string): ParsedDidKey {
  if (!didKey.startsWith('did:key:z')) throw new RepoVerificationError('UnsupportedKey', `not a base58btc did:key: ${didKey.slice(0, 40)}`)
  const bytes = base58Decode(didKey.slice('did:key:z'.length))
  const curve = hasPrefix(bytes, SECP256K1_PREFIX) ? 'secp256k1' : hasPrefix(bytes, P256_PREFIX) ? 'p256' : undefined
  if (!curve) throw new RepoVerificationError('UnsupportedKey', 'did:key is neither secp256k1 nor P-256')
  const compressed = bytes.subarray(2)
  if (compressed.length !== 33) throw new RepoVerificationError('UnsupportedKey', `expected a 33-byte compressed key, got ${compressed.length} bytes`)
  return { curve, compressed }
}

/** An OpenSSL public key for a did:key: the compressed point is expanded with ECDH.convertKey. */
export function publicKeyObject(parsed: ParsedDidKey): KeyObject {
  let uncompressed: Buffer
  try {
    uncompressed = ECDH.convertKey(Buffer.from(parsed.compressed), OPENSSL_CURVE[parsed.curve], undefined, undefined, 'uncompressed') as Buffer
  } catch (err) {
    throw new RepoVerificationError('UnsupportedKey', `not a point on ${parsed.curve}: ${(err as Error).message}`)
  }
  return createPublicKey({ key: Buffer.concat([SPKI_HEADER[parsed.curve], uncompressed]), format: 'der', type: 'spki' })
}

/** A public key ready to check signatures with. */
export interface VerificationKey {
  curve: Curve
  /** The 33-byte compressed point (what libsecp256k1 takes). */
  compressed: Uint8Array
  /** An OpenSSL key (P-256 only). */
  object?: KeyObject
}

/** Prepares a parsed did:key for checking signatures. */
export function prepareVerificationKey(parsed: ParsedDidKey): VerificationKey {
  if (parsed.curve === 'secp256k1') {
    if (!secp256k1.isPoint(parsed.compressed)) throw new RepoVerificationError('UnsupportedKey', 'not a point on secp256k1')
    return { curve: 'secp256k1', compressed: parsed.compressed }
  }
  return { curve: 'p256', compressed: parsed.compressed, object: publicKeyObject(parsed) }
}

/**
 * Verifies a 64-byte compact (r || s) ECDSA signature over sha256(data), as atproto signs commits
 * and labels. High-S signatures are refused: atproto requires low-S, so that a signature has exactly
 * one valid form. secp256k1 is checked by libsecp256k1 (native when its binding loads, see
 * secp256k1.ts), far faster than OpenSSL's secp256k1; P-256 by OpenSSL (node:crypto), which is fast at it.
 */
export function verifySignature(key: VerificationKey, data: Uint8Array, sig: Uint8Array): boolean {
  if (sig.length !== 64) return false
  if (bigFromBytes(sig.subarray(32)) > HALF_ORDER[key.curve]) return false
  if (key.curve === 'secp256k1') {
    return secp256k1.verify(hash('sha256', data, 'buffer'), key.compressed, sig)
  }
  return verify('sha256', data, { key: key.object!, dsaEncoding: 'ieee-p1363' }, sig)
}

/**
 * did:key → verification key, remembered: the firehose names the same few thousand active repos
 * again and again, and preparing a key costs more than checking a signature with it.
 */
export class KeyCache {
  private readonly keys = new Map<string, VerificationKey>()

  constructor(private readonly maxEntries = 50_000) {}

  get(didKey: string): VerificationKey {
    const hit = this.keys.get(didKey)
    if (hit) return hit
    const key = prepareVerificationKey(parseDidKey(didKey))
    if (this.keys.size >= this.maxEntries) this.keys.delete(this.keys.keys().next().value!)
    this.keys.set(didKey, key)
    return key
  }
}

export function bigFromBytes(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') || '0'}`)
}

function hasPrefix(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b)
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const BASE58_INDEX = new Map([...BASE58].map((c, i) => [c, BigInt(i)]))

/** Bytes of base58btc text (without the multibase 'z'). */
export function base58Decode(text: string): Uint8Array {
  let value = 0n
  for (const char of text) {
    const digit = BASE58_INDEX.get(char)
    if (digit === undefined) throw new RepoVerificationError('UnsupportedKey', 'did:key is not base58btc')
    value = value * 58n + digit
  }
  const hex = value === 0n ? '' : value.toString(16)
  const body = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex')
  let zeros = 0
  while (text[zeros] === '1') zeros++
  return new Uint8Array(Buffer.concat([Buffer.alloc(zeros), body]))
}

/** base58btc text of bytes (without the multibase 'z'). */
export function base58Encode(bytes: Uint8Array): string {
  let value = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`)
  let out = ''
  while (value > 0n) {
    out = BASE58[Number(value % 58n)] + out
    value /= 58n
  }
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out = `1${out}`
  return out
}
