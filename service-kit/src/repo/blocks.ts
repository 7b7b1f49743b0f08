import { createHash } from 'node:crypto'
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
  const digest = createHash('sha256').update(bytes).digest()
  return digest.equals(Buffer.from(cid.buffer, cid.byteOffset + 4, 32))
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
