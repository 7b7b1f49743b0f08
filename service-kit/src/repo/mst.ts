import { createHash } from 'node:crypto'
import { decode } from '@atcute/cbor'
import { cidString, type BlockMap, type CidBytes } from './blocks'
import { RepoVerificationError } from './errors'

/** One decoded MST node: a left subtree, then entries each with a key, a value and a right subtree. */
interface MstNode {
  left: CidBytes | null
  entries: { key: string; value: CidBytes; right: CidBytes | null }[]
}

/**
 * The value (record CID) at `key` in the MST rooted at `root`, or null when the tree proves the key
 * absent. Only the nodes on the key's path are read, so a firehose commit's CAR (which carries that
 * path for each op: the covering proof) is enough; a node missing from it means the proof is
 * incomplete (BadMstProof), never "absent".
 */
export function mstGet(blocks: BlockMap, root: CidBytes, key: string): CidBytes | null {
  let cid: CidBytes | null = root
  for (let depth = 0; cid; depth++) {
    if (depth > 128) throw new RepoVerificationError('BadMst', 'the tree is deeper than any real repo')
    const node = readNode(blocks, cid, 'BadMstProof')
    let next = node.left
    for (const entry of node.entries) {
      if (entry.key === key) return entry.value
      if (entry.key > key) break
      next = entry.right
    }
    cid = next
  }
  return null
}

/**
 * Every (key, value) of the MST rooted at `root`, in key order, checking the structure a canonical
 * tree must have: every node block present and hashing to its CID, keys valid and strictly
 * increasing across the whole tree, each node's keys all on its layer (leading zero pairs of the
 * key's sha256), and each child exactly one layer below its parent. For verifying a whole repo.
 */
export function* walkMst(blocks: BlockMap, root: CidBytes): Generator<{ key: string; value: CidBytes }> {
  let last = ''
  // An explicit stack (not recursion): a deep or hostile tree cannot overflow the call stack.
  type Frame = { kind: 'node'; cid: CidBytes; layer: number | undefined } | { kind: 'leaf'; key: string; value: CidBytes }
  const stack: Frame[] = [{ kind: 'node', cid: root, layer: undefined }]
  while (stack.length > 0) {
    const frame = stack.pop()!
    if (frame.kind === 'leaf') {
      if (frame.key <= last && last !== '') throw new RepoVerificationError('BadMst', `keys out of order: ${frame.key} after ${last}`)
      last = frame.key
      yield { key: frame.key, value: frame.value }
      continue
    }
    const node = readNode(blocks, frame.cid, 'BadMst')
    const layers = new Set(node.entries.map((e) => keyLayer(e.key)))
    if (layers.size > 1) throw new RepoVerificationError('BadMst', `node ${cidString(frame.cid)} mixes keys of different layers`)
    const layer = node.entries.length > 0 ? [...layers][0]! : frame.layer
    if (frame.layer !== undefined && layer !== frame.layer) {
      throw new RepoVerificationError('BadMst', `node ${cidString(frame.cid)} is on layer ${layer}, expected ${frame.layer}`)
    }
    if (node.entries.length === 0 && frame.layer === undefined && node.left) {
      // An entry-less root above a subtree is not canonical (the tree would have been trimmed).
      throw new RepoVerificationError('BadMst', 'the root has no entries but a subtree')
    }
    const child = (cid: CidBytes | null): Frame[] => {
      if (!cid) return []
      if (layer === undefined || layer === 0) throw new RepoVerificationError('BadMst', `node ${cidString(frame.cid)} on layer 0 has a subtree`)
      return [{ kind: 'node', cid, layer: layer - 1 }]
    }
    // Pushed in reverse so that they pop in key order: left, key0, right0, key1, right1, …
    const order: Frame[] = [...child(node.left)]
    for (const entry of node.entries) order.push({ kind: 'leaf', key: entry.key, value: entry.value }, ...child(entry.right))
    for (let i = order.length - 1; i >= 0; i--) stack.push(order[i]!)
  }
}

/** How many leading zero pairs of bits sha256(key) has: the layer of the tree a key lives on (fanout 4). */
export function keyLayer(key: string): number {
  const hash = createHash('sha256').update(key, 'latin1').digest()
  let zeros = 0
  for (const byte of hash) {
    if (byte < 64) zeros++
    if (byte < 16) zeros++
    if (byte < 4) zeros++
    if (byte !== 0) break
    zeros++
  }
  return zeros
}

/** An MST key is `collection/rkey` with the repo's restricted alphabet, at most 1024 characters. */
export function isValidMstKey(key: string): boolean {
  if (key.length > 1024) return false
  const slash = key.indexOf('/')
  if (slash <= 0 || slash !== key.lastIndexOf('/') || slash === key.length - 1) return false
  return /^[a-zA-Z0-9_~\-:.]*\/[a-zA-Z0-9_~\-:.]*$/.test(key)
}

function readNode(blocks: BlockMap, cid: CidBytes, reason: 'BadMst' | 'BadMstProof'): MstNode {
  let bytes: Uint8Array
  try {
    bytes = blocks.get(cid)
  } catch (err) {
    if (err instanceof RepoVerificationError && err.reason === 'MissingBlock') {
      throw new RepoVerificationError(reason, `MST node ${cidString(cid)} is not in the CAR`)
    }
    throw err
  }
  let raw: unknown
  try {
    raw = decode(bytes)
  } catch (err) {
    throw new RepoVerificationError('BadMst', `MST node ${cidString(cid)} is not DAG-CBOR: ${(err as Error).message}`)
  }
  return parseNode(raw, cid)
}

function parseNode(raw: unknown, cid: CidBytes): MstNode {
  const bad = (why: string) => new RepoVerificationError('BadMst', `MST node ${cidString(cid)}: ${why}`)
  if (!raw || typeof raw !== 'object' || !('e' in raw) || !Array.isArray((raw as { e: unknown }).e)) throw bad('not a node')
  const { l, e } = raw as { l?: unknown; e: unknown[] }
  const entries: MstNode['entries'] = []
  let previous = ''
  for (const item of e) {
    if (!item || typeof item !== 'object') throw bad('an entry is not an object')
    const { p, k, v, t } = item as { p?: unknown; k?: unknown; v?: unknown; t?: unknown }
    const suffix = bytesOf(k)
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > previous.length || !suffix) throw bad('malformed entry')
    const key = previous.slice(0, p) + Buffer.from(suffix.buffer, suffix.byteOffset, suffix.byteLength).toString('latin1')
    if (!isValidMstKey(key)) throw bad(`invalid key ${JSON.stringify(key.slice(0, 80))}`)
    if (key <= previous && previous !== '') throw bad('keys out of order')
    const value = linkOf(v)
    if (!value) throw bad('entry value is not a CID')
    const right = t === null || t === undefined ? null : (linkOf(t) ?? null)
    if (t !== null && t !== undefined && !right) throw bad('right subtree is not a CID')
    entries.push({ key, value, right })
    previous = key
  }
  const left = l === null || l === undefined ? null : (linkOf(l) ?? null)
  if (l !== null && l !== undefined && !left) throw bad('left subtree is not a CID')
  return { left, entries }
}

/** CID bytes of a decoded CID link (@atcute/cbor's CidLinkWrapper), else undefined. */
export function linkOf(value: unknown): CidBytes | undefined {
  const bytes = value && typeof value === 'object' ? (value as { bytes?: unknown }).bytes : undefined
  return bytes instanceof Uint8Array && '$link' in (value as object) ? bytes : undefined
}

/** Bytes of a decoded byte string (@atcute/cbor's BytesWrapper), else undefined. */
function bytesOf(value: unknown): Uint8Array | undefined {
  const buf = value && typeof value === 'object' ? (value as { buf?: unknown }).buf : undefined
  return buf instanceof Uint8Array ? buf : undefined
}
