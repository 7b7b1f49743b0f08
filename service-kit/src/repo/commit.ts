import { decode, encode } from '@atcute/cbor'
import { cidString, type BlockMap, type CidBytes } from './blocks'
import { RepoVerificationError } from './errors'
import { linkOf } from './mst'
import { verifySignature, type KeyCache } from './keys'

/** A signed repo commit (v3): which repo, its MST root, its revision and the signature. */
export interface Commit {
  did: string
  version: number
  /** Root of the record MST. */
  data: CidBytes
  rev: string
  sig: Uint8Array
  /** The commit block as decoded, to rebuild the signed bytes from. */
  raw: Record<string, unknown>
}

/** Reads and shape-checks the commit block `cid` from a CAR. */
export function readCommit(blocks: BlockMap, cid: CidBytes): Commit {
  let raw: unknown
  try {
    raw = decode(blocks.get(cid))
  } catch (err) {
    if (err instanceof RepoVerificationError) throw err
    throw new RepoVerificationError('BadCommit', `commit ${cidString(cid)} is not DAG-CBOR`)
  }
  if (!raw || typeof raw !== 'object') throw new RepoVerificationError('BadCommit', 'the commit is not an object')
  const obj = raw as Record<string, unknown>
  const data = linkOf(obj.data)
  const sig = obj.sig && typeof obj.sig === 'object' ? (obj.sig as { buf?: unknown }).buf : undefined
  if (typeof obj.did !== 'string' || obj.version !== 3 || !data || typeof obj.rev !== 'string' || !(sig instanceof Uint8Array)) {
    throw new RepoVerificationError('BadCommit', `commit ${cidString(cid)} is not a signed v3 commit`)
  }
  return { did: obj.did, version: 3, data, rev: obj.rev, sig, raw: obj }
}

/** The bytes a commit's signature covers: the commit without `sig`, as canonical DAG-CBOR. */
export function unsignedCommitBytes(commit: Commit): Uint8Array {
  const { sig: _sig, ...unsigned } = commit.raw
  return encode(unsigned)
}

/**
 * Checks that a commit is by `did` and signed by `didKey` (the repo's current #atproto key). Throws
 * WrongRepo or BadSignature; a caller that suspects a rotated key re-resolves the DID and asks again.
 */
export function verifyCommitSignature(commit: Commit, did: string, didKey: string, keys: KeyCache): void {
  if (commit.did !== did) throw new RepoVerificationError('WrongRepo', `the commit is for ${commit.did}, not ${did}`)
  if (!verifySignature(keys.get(didKey), unsignedCommitBytes(commit), commit.sig)) {
    throw new RepoVerificationError('BadSignature', `the commit of ${did} at rev ${commit.rev} is not signed by ${didKey}`)
  }
}
