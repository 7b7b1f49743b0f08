/**
 * Filter first, before decoding a commit's body at all. A #commit body is a DAG-CBOR map whose keys
 * are in canonical order, so its `ops` come first: this reads the ops' paths, then `seq`, `repo` and
 * `time`, comparing keys as bytes and skipping every other value by its length, and stops there —
 * the CAR, which is most of the frame, is never looked at. Most of the network's commits have no op
 * in our collections, and this is all that is ever read of them.
 */
export interface CommitPeek {
  seq: number
  time: string
  /** Whether an op's collection is one we index (then the body may be decoded in full). */
  wanted: boolean
  /** When wanted: the collections of our ops (each once), and the repo, for keep rules that need only those. */
  collections?: string[]
  repo?: string
}

/**
 * Peeks at a #commit body. Returns undefined when it is not a map of the expected shape: the
 * caller then decodes it in full (and reports it as malformed if it is).
 */
export function peekCommit(body: Uint8Array, wants: (collection: string) => boolean): CommitPeek | undefined {
  return readCommitBody(body, wants, false)?.peek
}

/**
 * peekCommit, and for a commit with ops of ours also what peekCommitOps reads (`read`; undefined when
 * it could not), in one pass over the body: the keys before the CAR are read once, not once for each.
 */
export function peekCommitWithOps(body: Uint8Array, wants: (collection: string) => boolean): { peek: CommitPeek; read?: CommitBodyRead } | undefined {
  return readCommitBody(body, wants, true)
}

/** A #commit body's ops, CAR and commit CID, as peekCommitOps reads them. */
export interface CommitBodyRead {
  ops: PeekedOp[]
  blocks: Uint8Array
  commit: Uint8Array
}

function readCommitBody(body: Uint8Array, wants: (collection: string) => boolean, withOps: boolean): { peek: CommitPeek; read?: CommitBodyRead } | undefined {
  // One Buffer view for the whole body: strings are sliced from it without a view per string.
  const r = { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength), pos: 0 }
  try {
    const entries = head(r, 5)
    let seq: number | undefined
    let time: string | undefined
    let repo: string | undefined
    let collections: string[] | undefined
    let sawOps = false
    let opsAt = -1
    let blocks: Uint8Array | undefined
    let commit: Uint8Array | undefined
    let tooBig = false
    for (let i = 0; i < entries; i++) {
      // Enough once the ops, seq, time (and, for a commit of ours, repo) are read; the keys after them
      // (the CAR among them) are read only when the ops are wanted too.
      if (seq !== undefined && time !== undefined && sawOps && (collections === undefined || (repo !== undefined && !withOps))) break
      const keyLength = head(r, 3)
      const k = r.pos
      r.pos += keyLength
      if (keyLength === 3 && body[k] === 0x6f && body[k + 1] === 0x70 && body[k + 2] === 0x73) {
        sawOps = true
        opsAt = r.pos
        collections = readOps(r, wants)
      } else if (keyLength === 3 && body[k] === 0x73 && body[k + 1] === 0x65 && body[k + 2] === 0x71) {
        seq = head(r, 0)
      } else if (keyLength === 4 && body[k] === 0x74 && body[k + 1] === 0x69 && body[k + 2] === 0x6d && body[k + 3] === 0x65) {
        time = readText(r)
      } else if (keyLength === 4 && body[k] === 0x72 && body[k + 1] === 0x65 && body[k + 2] === 0x70 && body[k + 3] === 0x6f) {
        repo = readText(r)
      } else if (withOps) {
        const key = keyAt(r.bytes, k, keyLength, BODY_KEYS)
        if (key === COMMIT) commit = readLink(r)
        else if (key === BLOCKS) blocks = readBytes(r, body)
        else {
          if (key === TOO_BIG) tooBig = r.bytes[r.pos] === 0xf5
          skip(r, 0)
        }
      } else skip(r, 0)
    }
    if (seq === undefined || !sawOps || r.pos > body.length) return undefined
    if (!collections) return { peek: { seq, time: time ?? '', wanted: false } }
    if (repo === undefined) return undefined
    const peek: CommitPeek = { seq, time: time ?? '', wanted: true, collections, repo }
    if (!withOps || tooBig || !blocks || !commit) return { peek }
    return { peek, read: { ops: readPeekedOps({ bytes: r.bytes, pos: opsAt }), blocks, commit } }
  } catch {
    return undefined
  }
}

/**
 * The text at a path of map keys in a DAG-CBOR record (e.g. ['embed', '$type']), read without
 * decoding it: other values are skipped by their length. Null when the path is not there (a key
 * missing, or a value on the way that is not a map), or holds something other than text;
 * undefined when the bytes are not DAG-CBOR this reader follows (the caller then decodes them).
 */
export function peekText(record: Uint8Array, path: readonly string[]): string | null | undefined {
  const r = { bytes: Buffer.from(record.buffer, record.byteOffset, record.byteLength), pos: 0 }
  try {
    for (let depth = 0; ; depth++) {
      if (r.bytes[r.pos]! >> 5 !== 5) return null
      const entries = head(r, 5)
      const want = path[depth]!
      let found = false
      for (let i = 0; i < entries; i++) {
        const keyLength = head(r, 3)
        const match = keyLength === Buffer.byteLength(want) && r.bytes.toString('utf8', r.pos, r.pos + keyLength) === want
        r.pos += keyLength
        if (match) {
          found = true
          break
        }
        skip(r, 0)
      }
      if (!found) return null
      if (depth === path.length - 1) return r.bytes[r.pos]! >> 5 === 3 ? readText(r) : null
    }
  } catch {
    return undefined
  }
}

/** An op of a commit as its frame carries it, read by `peekCommitOps` (the CID's bytes, without the multibase 0). */
export interface PeekedOp {
  action: string
  path: string
  cid: Uint8Array | null
}

/**
 * The ops, the CAR and the commit's CID of a #commit body, read as `peekCommit` reads it: the other fields skipped by
 * their length, nothing decoded into objects. It lets a commit whose records are judged on their
 * raw bytes (a like, a reply: see IngestHandler.keepRaw) be dropped without decoding its frame.
 * Undefined when the body is not of the expected shape (the caller then decodes it in full).
 */
export function peekCommitOps(body: Uint8Array): CommitBodyRead | undefined {
  const r = { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength), pos: 0 }
  try {
    const entries = head(r, 5)
    let ops: PeekedOp[] | undefined
    let blocks: Uint8Array | undefined
    let commit: Uint8Array | undefined
    for (let i = 0; i < entries; i++) {
      const key = readKey(r, BODY_KEYS)
      if (key === OPS) ops = readPeekedOps(r)
      else if (key === COMMIT) commit = readLink(r)
      else if (key === TOO_BIG && r.bytes[r.pos] === 0xf5) return undefined // its ops are not provable from it: decoded in full
      else if (key === BLOCKS) blocks = readBytes(r, body)
      else skip(r, 0)
    }
    return ops && blocks && commit ? { ops, blocks, commit } : undefined
  } catch {
    return undefined
  }
}

function readPeekedOps(r: Reader): PeekedOp[] {
  const count = head(r, 4)
  const ops: PeekedOp[] = []
  for (let i = 0; i < count; i++) {
    const fields = head(r, 5)
    let action = ''
    let path = ''
    let cid: Uint8Array | null = null
    for (let f = 0; f < fields; f++) {
      const key = readKey(r, OP_KEYS)
      if (key === ACTION) action = readAction(r)
      else if (key === PATH) path = readText(r)
      else if (key === CID && r.bytes[r.pos] !== 0xf6) cid = readLink(r)
      else skip(r, 0)
    }
    ops.push({ action, path, cid })
  }
  return ops
}

/** The keys peekCommitOps looks for, compared as bytes (no string is made of a key): their index in these lists. */
const BODY_KEYS = ['ops', 'commit', 'tooBig', 'blocks'].map((k) => Buffer.from(k, 'latin1'))
const [OPS, COMMIT, TOO_BIG, BLOCKS] = [0, 1, 2, 3]
const OP_KEYS = ['action', 'path', 'cid'].map((k) => Buffer.from(k, 'latin1'))
const [ACTION, PATH, CID] = [0, 1, 2]

/** A byte string, as a view of `body` (which the reader reads). */
function readBytes(r: Reader, body: Uint8Array): Uint8Array {
  const length = head(r, 2)
  if (r.pos + length > body.length) throw new Error('end of data')
  const bytes = body.subarray(r.pos, r.pos + length)
  r.pos += length
  return bytes
}

/** Reads a map key: the index of the one of `keys` it is, or -1. */
function readKey(r: Reader, keys: readonly Buffer[]): number {
  const length = head(r, 3)
  const at = r.pos
  r.pos += length
  if (r.pos > r.bytes.length) throw new Error('end of data')
  return keyAt(r.bytes, at, length, keys)
}

/** Which of `keys` the `length` bytes at `at` are (its index), or -1. */
function keyAt(bytes: Uint8Array, at: number, length: number, keys: readonly Buffer[]): number {
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!
    if (key.length !== length) continue
    let i = 0
    while (i < length && bytes[at + i] === key[i]) i++
    if (i === length) return k
  }
  return -1
}

/** An op's action: the three the firehose sends as shared strings, anything else read as text. */
const ACTIONS = ['create', 'update', 'delete'] as const
const ACTION_KEYS = ACTIONS.map((a) => Buffer.from(a, 'latin1'))
function readAction(r: Reader): string {
  if (r.bytes[r.pos]! >> 5 !== 3) return readText(r)
  const start = r.pos
  const known = readKey(r, ACTION_KEYS)
  if (known >= 0) return ACTIONS[known]!
  r.pos = start
  return readText(r)
}

/** A CID link: tag 42 around a byte string of a multibase 0 and the CID's bytes. */
function readLink(r: Reader): Uint8Array {
  if (head(r, 6) !== 42) throw new Error('not a CID link')
  const length = head(r, 2)
  if (length < 2 || r.bytes[r.pos] !== 0 || r.pos + length > r.bytes.length) throw new Error('not a CID link')
  const cid = new Uint8Array(r.bytes.buffer, r.bytes.byteOffset + r.pos + 1, length - 1)
  r.pos += length
  return cid
}

/** Reads the ops array; the wanted collections among its ops (undefined: none). */
function readOps(r: Reader, wants: (collection: string) => boolean): string[] | undefined {
  const count = head(r, 4)
  let wanted: string[] | undefined
  for (let i = 0; i < count; i++) {
    const fields = head(r, 5)
    for (let f = 0; f < fields; f++) {
      const keyLength = head(r, 3)
      const k = r.pos
      r.pos += keyLength
      const b = r.bytes
      if (keyLength === 4 && b[k] === 0x70 && b[k + 1] === 0x61 && b[k + 2] === 0x74 && b[k + 3] === 0x68) {
        const length = head(r, 3)
        const slash = b.indexOf(0x2f, r.pos)
        if (slash > r.pos && slash < r.pos + length) {
          const collection = b.toString('latin1', r.pos, slash)
          if (wants(collection) && !wanted?.includes(collection)) (wanted ??= []).push(collection)
        }
        r.pos += length
      } else skip(r, 0)
    }
  }
  return wanted
}

interface Reader {
  bytes: Buffer
  pos: number
}

function readText(r: Reader): string {
  const length = head(r, 3)
  if (r.pos + length > r.bytes.length) throw new Error('end of data')
  const text = r.bytes.toString('utf8', r.pos, r.pos + length)
  r.pos += length
  return text
}

/** Reads an item head of the expected major type (-1: any) and returns its argument. */
function head(r: Reader, major: number): number {
  const first = r.bytes[r.pos++]
  if (first === undefined) throw new Error('end of data')
  if (major >= 0 && first >> 5 !== major) throw new Error('unexpected type')
  const info = first & 0x1f
  if (info < 24) return info
  const b = r.bytes
  const p = r.pos
  if (info === 24) {
    r.pos += 1
    return b[p]!
  }
  if (info === 25) {
    r.pos += 2
    return (b[p]! << 8) | b[p + 1]!
  }
  if (info === 26) {
    r.pos += 4
    return b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!)
  }
  if (info === 27) {
    r.pos += 8
    const high = b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!)
    if (high >= 0x200000) throw new Error('too large')
    return high * 0x100000000 + (b[p + 4]! * 0x1000000 + ((b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!))
  }
  throw new Error('indefinite length')
}

/** Skips one value. */
function skip(r: Reader, depth: number): void {
  if (depth > 32) throw new Error('too deep')
  const major = r.bytes[r.pos]! >> 5
  const arg = head(r, -1)
  if (major === 2 || major === 3) r.pos += arg
  else if (major === 4) for (let i = 0; i < arg; i++) skip(r, depth + 1)
  else if (major === 5) for (let i = 0; i < arg * 2; i++) skip(r, depth + 1)
  else if (major === 6) skip(r, depth + 1)
}
