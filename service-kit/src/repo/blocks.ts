import { hash } from 'node:crypto'
import { fromUint8Array } from '@atcute/car'
import { toString as cidToString, type Cid } from '@atcute/cid'
import { RepoVerificationError } from './errors'

const CID_V1 = 0x01
const SHA256 = 0x12
const DAG_CBOR = 0x71
const RAW = 0x55

/** A CID's raw bytes (version, codec, multihash), as CAR entries and decoded CID links hold them. */
export type CidBytes = Uint8Array

/** A map key for CID bytes (cheap to build, exact). */
export function cidKey(cid: CidBytes): string {
  return Buffer.from(cid.buffer, cid.byteOffset, cid.byteLength).toString('latin1')
}

/** The base32 string form of CID bytes ("bafy…"). */
export function cidString(cid: CidBytes): string {
  return cidToString({ bytes: cid } as Cid)
}

/** Whether `bytes` hash to `cid`: a CIDv1 with sha2-256 over dag-cbor or raw data. */
export function blockMatchesCid(cid: CidBytes, bytes: Uint8Array): boolean {
  if (cid.length !== 36 || cid[0] !== CID_V1 || (cid[1] !== DAG_CBOR && cid[1] !== RAW) || cid[2] !== SHA256 || cid[3] !== 32) return false
  // One-shot: a Hash object per block cost more than hashing a small block (bench/verify.ts).
  const digest = hash('sha256', bytes, 'buffer')
  for (let i = 0; i < 32; i++) if (digest[i] !== cid[4 + i]) return false
  return true
}

/**
 * The bytes of a few blocks of a CAR (undefined for one it does not hold), found by walking its
 * entries and comparing CIDs as bytes: no map of every block and no string key per block. For a
 * look at a commit's records before deciding whether to keep (and verify) it at all, which is
 * most commits in our collections: nothing is hash-checked (as BlockMap.peek), and the walk stops
 * once every block asked for is found, so a CAR broken after them is caught only by the verifier,
 * which reads it all. Throws BadCar for a CAR it cannot walk up to them.
 */
export function peekBlocks(car: Uint8Array, cids: readonly CidBytes[]): (Uint8Array | undefined)[] {
  const found: (Uint8Array | undefined)[] = cids.map(() => undefined)
  let missing = cids.length
  if (missing === 0) return found
  try {
    const [headerLength, headerStart] = readVarint(car, 0)
    // The header is a DAG-CBOR map ({version, roots}); the verifier decodes it.
    if (headerLength === 0 || headerStart + headerLength > car.length || car[headerStart]! >> 5 !== 5) throw new Error('invalid car header')
    let pos = headerStart + headerLength
    while (missing > 0 && pos < car.length) {
      const [length, start] = readVarint(car, pos)
      const end = start + length
      if (length < 36) throw new Error(`invalid car block; length=${length}`)
      if (end > car.length) throw new Error('unexpected end of data')
      // CIDv1, dag-cbor or raw, sha2-256: the only blocks a repo CAR holds (as @atcute/car requires).
      if (car[start] !== CID_V1 || (car[start + 1] !== DAG_CBOR && car[start + 1] !== RAW) || car[start + 2] !== SHA256 || car[start + 3] !== 32) {
        throw new Error('unsupported cid in car block')
      }
      for (let i = 0; i < cids.length; i++) {
        if (found[i] === undefined && sameCid(car, start, cids[i]!)) {
          found[i] = car.subarray(start + 36, end)
          missing--
        }
      }
      pos = end
    }
  } catch (err) {
    throw new RepoVerificationError('BadCar', (err as Error).message)
  }
  return found
}

/** Whether the 36 CID bytes at `at` in `bytes` are `cid` (digest first: that is where CIDs differ). */
function sameCid(bytes: Uint8Array, at: number, cid: CidBytes): boolean {
  if (cid.length !== 36) return false
  for (let i = 35; i >= 0; i--) if (bytes[at + i] !== cid[i]) return false
  return true
}

/** An unsigned LEB128 varint (at most 8 bytes, as CAR lengths are): its value and the offset after it. */
function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0
  let factor = 1
  for (let i = at; i < at + 8; i++) {
    const b = bytes[i]
    if (b === undefined) throw new Error('unexpected end of data')
    value += (b & 0x7f) * factor
    if (b < 0x80) return [value, i + 1]
    factor *= 0x80
  }
  throw new Error('varint too long')
}

/**
 * The blocks of a CAR file, keyed by CID. Nothing is trusted until it is read: `get` checks that
 * a block's bytes hash to its CID the first time it is asked for, so a commit with a hundred
 * blocks of which we read five costs five hashes.
 */
export class BlockMap {
  private readonly blocks = new Map<string, Uint8Array>()
  private readonly checked = new Set<string>()
  readonly roots: CidBytes[]

  constructor(car: Uint8Array) {
    try {
      const reader = fromUint8Array(car)
      this.roots = reader.roots.map((r) => {
        const bytes = (r as { bytes?: Uint8Array }).bytes
        if (!bytes) throw new Error('a root is not a binary CID link')
        return bytes
      })
      for (const entry of reader) this.blocks.set(cidKey(entry.cid.bytes), entry.bytes)
    } catch (err) {
      throw new RepoVerificationError('BadCar', (err as Error).message)
    }
  }

  get size(): number {
    return this.blocks.size
  }

  has(cid: CidBytes): boolean {
    return this.blocks.has(cidKey(cid))
  }

  /** The verified bytes of a block; throws MissingBlock when absent and BadBlock when they do not hash to the CID. */
  get(cid: CidBytes): Uint8Array {
    const key = cidKey(cid)
    const bytes = this.blocks.get(key)
    if (!bytes) throw new RepoVerificationError('MissingBlock', `block ${cidString(cid)} is not in the CAR`)
    if (!this.checked.has(key)) {
      if (!blockMatchesCid(cid, bytes)) throw new RepoVerificationError('BadBlock', `block ${cidString(cid)} does not hash to its CID`)
      this.checked.add(key)
    }
    return bytes
  }

  /** A block's bytes without the hash check (for a look before deciding whether to verify at all). */
  peek(cid: CidBytes): Uint8Array | undefined {
    return this.blocks.get(cidKey(cid))
  }

  /** Every block CID in the CAR (for a full walk that must account for every block). */
  *cids(): IterableIterator<string> {
    yield* this.blocks.keys()
  }
}
