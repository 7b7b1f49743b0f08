import { BlockMap, cidString, type CidBytes } from './blocks'
import { readCommit, verifyCommitSignature, type Commit } from './commit'
import { RepoVerificationError } from './errors'
import type { KeyCache } from './keys'
import { mstGet, walkMst } from './mst'

/** What an op says about one path: the record CID it now holds, or null for a delete (now absent). */
export interface OpClaim {
  path: string
  cid: CidBytes | null
}

/**
 * Verifies a firehose commit (sync 1.1): the CAR's root is the commit, the commit is by `did` and
 * signed by `didKey`, and for every claimed op the MST under the commit's `data` proves the path
 * holds exactly that CID (a delete: that it is absent), with every block read hashing to its CID
 * (records included). Throws RepoVerificationError naming what failed.
 *
 * The structural checks run first and the signature last, so a caller that retries a BadSignature
 * with a freshly resolved key knows nothing else was wrong.
 */
export function verifyCommitOps(
  car: Uint8Array | BlockMap,
  opts: { did: string; commitCid: CidBytes; claims: OpClaim[]; didKey: string; keys: KeyCache },
): Commit {
  const blocks = car instanceof BlockMap ? car : new BlockMap(car)
  const root = blocks.roots[0]
  if (!root || !sameBytes(root, opts.commitCid)) throw new RepoVerificationError('BadCommit', 'the CAR root is not the commit the event names')
  const commit = readCommit(blocks, opts.commitCid)
  for (const claim of opts.claims) {
    const found = mstGet(blocks, commit.data, claim.path)
    if (claim.cid === null) {
      if (found !== null) throw new RepoVerificationError('BadMstProof', `${claim.path} is deleted by the op but still in the tree`)
      continue
    }
    if (found === null || !sameBytes(found, claim.cid)) {
      throw new RepoVerificationError('BadMstProof', `the tree does not hold ${cidString(claim.cid)} at ${claim.path}`)
    }
    blocks.get(claim.cid) // the record block itself must be there and hash to its CID
  }
  verifyCommitSignature(commit, opts.did, opts.didKey, opts.keys)
  return commit
}

/** Verifies a CAR whose only job is to carry a signed commit (a #sync event): root, shape, signature. */
export function verifyCommitOnly(car: Uint8Array, opts: { did: string; didKey: string; keys: KeyCache }): Commit {
  const blocks = new BlockMap(car)
  const root = blocks.roots[0]
  if (!root) throw new RepoVerificationError('BadCar', 'the CAR has no root')
  const commit = readCommit(blocks, root)
  verifyCommitSignature(commit, opts.did, opts.didKey, opts.keys)
  return commit
}

/** One record of a verified repo. */
export interface RepoRecord {
  collection: string
  rkey: string
  cid: string
  bytes: Uint8Array
}

/**
 * Verifies a whole repository export (com.atproto.sync.getRepo): the commit is signed by `didKey`,
 * the MST is well formed (walked in full, see walkMst), and every record block of a collection
 * `wanted` accepts is present and hashes to its CID. Returns the commit and those records; nothing
 * is returned unless everything verified.
 */
export function verifyRepoCar(
  car: Uint8Array,
  opts: { did: string; didKey: string; keys: KeyCache; wanted?: (collection: string) => boolean },
): { commit: Commit; records: RepoRecord[] } {
  const blocks = new BlockMap(car)
  const root = blocks.roots[0]
  if (!root) throw new RepoVerificationError('BadCar', 'the CAR has no root')
  const commit = readCommit(blocks, root)
  verifyCommitSignature(commit, opts.did, opts.didKey, opts.keys)
  const records: RepoRecord[] = []
  for (const { key, value } of walkMst(blocks, commit.data)) {
    const slash = key.indexOf('/')
    const collection = key.slice(0, slash)
    if (opts.wanted && !opts.wanted(collection)) continue
    records.push({ collection, rkey: key.slice(slash + 1), cid: cidString(value), bytes: blocks.get(value) })
  }
  return { commit, records }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
