import { createHash } from 'node:crypto'
import { decode } from '@atcute/cbor'
import { cidString, type BlockMap, type CidBytes } from './blocks'
import { RepoVerificationError } from './errors'

/** One decoded MST node: a left subtree, then entries each with a key, a value and a right subtree. */
export interface MstNode {
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
  const node = readCanonicalNode(bytes)
  if (node) return checkNode(node, cid)
  let raw: unknown
  try {
    raw = decode(bytes)
  } catch (err) {
    throw new RepoVerificationError('BadMst', `MST node ${cidString(cid)} is not DAG-CBOR: ${(err as Error).message}`)
  }
  return parseNode(raw, cid)
}

/** A node as its block spells it: each entry's key as the prefix length and suffix it stores. */
export interface RawNode {
  left: CidBytes | null
  entries: { p: number; k: string; value: CidBytes; right: CidBytes | null }[]
}

/**
 * A node block in the one encoding the reference implementation writes (canonical DAG-CBOR
 * {e: [{k, p, t, v}…], l}, every field present, CIDv1 sha2-256 links), read straight from its bytes:
 * decoding it whole made an object per CID link and per entry, about a third of verifying a commit
 * (bench/verify.ts). Undefined for anything else, which the full decoder then reads (and judges).
 */
export function readCanonicalNode(bytes: Uint8Array): RawNode | undefined {
  const r = { b: bytes, pos: 0 }
  // {e, l}: a map of two, 'e' first (canonical key order).
  if (bytes[0] !== 0xa2 || bytes[1] !== 0x61 || bytes[2] !== 0x65) return undefined
  r.pos = 3
  const count = readHead(r, 4)
  if (count === undefined) return undefined
  const entries: RawNode['entries'] = []
  for (let i = 0; i < count; i++) {
    // {k, p, t, v}: a map of four, in that order.
    if (bytes[r.pos] !== 0xa4 || bytes[r.pos + 1] !== 0x61 || bytes[r.pos + 2] !== 0x6b) return undefined
    r.pos += 3
    const suffixLength = readHead(r, 2)
    if (suffixLength === undefined || r.pos + suffixLength > bytes.length) return undefined
    const k = Buffer.from(bytes.buffer, bytes.byteOffset + r.pos, suffixLength).toString('latin1')
    r.pos += suffixLength
    if (bytes[r.pos] !== 0x61 || bytes[r.pos + 1] !== 0x70) return undefined
    r.pos += 2
    const p = readHead(r, 0)
    if (p === undefined || bytes[r.pos] !== 0x61 || bytes[r.pos + 1] !== 0x74) return undefined
    r.pos += 2
    const right = readNullableLink(r)
    if (right === undefined || bytes[r.pos] !== 0x61 || bytes[r.pos + 1] !== 0x76) return undefined
    r.pos += 2
    const value = readNullableLink(r)
    if (!value) return undefined
    entries.push({ p, k, value, right })
  }
  if (bytes[r.pos] !== 0x61 || bytes[r.pos + 1] !== 0x6c) return undefined
  r.pos += 2
  const left = readNullableLink(r)
  if (left === undefined || r.pos !== bytes.length) return undefined
  return { left, entries }
}

/** The argument of an item head of major type `major` (lengths up to 2^32), or undefined for anything else. */
function readHead(r: { b: Uint8Array; pos: number }, major: number): number | undefined {
  const first = r.b[r.pos]
  if (first === undefined || first >> 5 !== major) return undefined
  const info = first & 0x1f
  const b = r.b
  const p = r.pos + 1
  // The shortest form only (canonical), as the full decoder requires.
  if (info < 24) {
    r.pos = p
    return info
  }
  if (info === 24 && b[p]! >= 24) {
    r.pos = p + 1
    return b[p]
  }
  if (info === 25 && p + 2 <= b.length && ((b[p]! << 8) | b[p + 1]!) >= 256) {
    r.pos = p + 2
    return (b[p]! << 8) | b[p + 1]!
  }
  if (info === 26 && p + 4 <= b.length) {
    const value = b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!)
    if (value < 65536) return undefined
    r.pos = p + 4
    return value
  }
  return undefined
}

/** null, or a CID link to a CIDv1 sha2-256 block (dag-cbor or raw): its 36 bytes; undefined for anything else. */
function readNullableLink(r: { b: Uint8Array; pos: number }): CidBytes | null | undefined {
  const b = r.b
  const at = r.pos
  if (b[at] === 0xf6) {
    r.pos = at + 1
    return null
  }
  // tag 42, a byte string of 37: the multibase 0, then the CID.
  if (b[at] !== 0xd8 || b[at + 1] !== 0x2a || b[at + 2] !== 0x58 || b[at + 3] !== 0x25 || b[at + 4] !== 0x00) return undefined
  if (b[at + 5] !== 0x01 || (b[at + 6] !== 0x71 && b[at + 6] !== 0x55) || b[at + 7] !== 0x12 || b[at + 8] !== 0x20 || at + 41 > b.length) return undefined
  r.pos = at + 41
  return b.subarray(at + 5, at + 41)
}

/** The tree's rules for a node's entries: keys valid and strictly increasing, each prefix within the key before it. */
export function checkNode(raw: RawNode, cid: CidBytes): MstNode {
  const entries: MstNode['entries'] = []
  let previous = ''
  for (const { p, k, value, right } of raw.entries) {
    if (p > previous.length) throw new RepoVerificationError('BadMst', `MST node ${cidString(cid)}: malformed entry`)
    const key = previous.slice(0, p) + k
    if (!isValidMstKey(key)) throw new RepoVerificationError('BadMst', `MST node ${cidString(cid)}: invalid key ${JSON.stringify(key.slice(0, 80))}`)
    if (key <= previous && previous !== '') throw new RepoVerificationError('BadMst', `MST node ${cidString(cid)}: keys out of order`)
    entries.push({ key, value, right })
    previous = key
  }
  return { left: raw.left, entries }
}

/** A node decoded by the full decoder: its shape checked, then the same checks as a node read from its bytes. */
export function parseNode(raw: unknown, cid: CidBytes): MstNode {
  const bad = (why: string) => new RepoVerificationError('BadMst', `MST node ${cidString(cid)}: ${why}`)
  if (!raw || typeof raw !== 'object' || !('e' in raw) || !Array.isArray((raw as { e: unknown }).e)) throw bad('not a node')
  const { l, e } = raw as { l?: unknown; e: unknown[] }
  const entries = e.map((item): RawNode['entries'][number] => {
    if (!item || typeof item !== 'object') throw bad('an entry is not an object')
    const { p, k, v, t } = item as { p?: unknown; k?: unknown; v?: unknown; t?: unknown }
    const suffix = bytesOf(k)
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || !suffix) throw bad('malformed entry')
    const value = linkOf(v)
    if (!value) throw bad('entry value is not a CID')
    const right = t === null || t === undefined ? null : (linkOf(t) ?? null)
    if (t !== null && t !== undefined && !right) throw bad('right subtree is not a CID')
    return { p, k: Buffer.from(suffix.buffer, suffix.byteOffset, suffix.byteLength).toString('latin1'), value, right }
  })
  const left = l === null || l === undefined ? null : (linkOf(l) ?? null)
  if (l !== null && l !== undefined && !left) throw bad('left subtree is not a CID')
  return checkNode({ left, entries }, cid)
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
