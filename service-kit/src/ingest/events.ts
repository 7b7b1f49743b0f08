import { BlobRef } from '@atproto/lexicon'
import { CID } from 'multiformats/cid'

interface EventMeta {
  seq: number
  /** When the source says the event happened (ISO time). */
  time: string
  did: string
}

/** A verified record write of a collection the service keeps. `record` is in lex form (CIDs, BlobRefs, bytes). */
export interface RecordWriteEvent extends EventMeta {
  event: 'create' | 'update'
  rev: string
  collection: string
  rkey: string
  uri: string
  cid: string
  record: unknown
}

/** A verified record delete (the commit's MST proves the path is gone). */
export interface RecordDeleteEvent extends EventMeta {
  event: 'delete'
  rev: string
  collection: string
  rkey: string
  uri: string
}

/** A hosting status change: `active` false while deactivated, taken down, suspended or deleted. */
export interface AccountEvent extends EventMeta {
  event: 'account'
  active: boolean
  status?: string
}

/** The DID document or handle may have changed: caches of it must be dropped. */
export interface IdentityEvent extends EventMeta {
  event: 'identity'
  handle?: string
}

/** The repo's state was reset to a (verified) commit: what we hold of it may be stale. */
export interface SyncEvent extends EventMeta {
  event: 'sync'
  rev: string
}

/** What a service's ingestion handler receives, in stream order. */
export type FirehoseEvent = RecordWriteEvent | RecordDeleteEvent | AccountEvent | IdentityEvent | SyncEvent

/** What a service's keep rule sees of a record op, before anything is verified. */
export interface KeepQuestion {
  did: string
  collection: string
  rkey: string
  action: 'create' | 'update' | 'delete'
  /** The record as decoded from the commit (CID links as {$link}), for creates and updates. */
  record?: unknown
}

/**
 * A record decoded by @atcute/cbor, in the lex form the rest of the code (and @atproto/lexicon
 * validation) reads: CID objects, BlobRefs, byte arrays. Only kept records pay for this, and it
 * goes straight from the decoded bytes in one pass (no JSON and base32 round trip). It gives what
 * @atproto/lexicon's ipldToLex gives (a test holds them equal), without the schema checks that
 * function runs on every object to find blobs, which made it most of the cost of a kept record.
 */
export function toLexRecord(decoded: unknown): unknown {
  if (Array.isArray(decoded)) return decoded.map(toLexRecord)
  if (decoded === null || typeof decoded !== 'object') return decoded
  const link = (decoded as { bytes?: unknown }).bytes
  // Copies, not views into the frame: a view would hold the whole socket chunk the frame came in
  // (see detachFrame in prepare.ts) for as long as the record lives.
  if (link instanceof Uint8Array && '$link' in decoded) return CID.decode(link.slice())
  const buf = (decoded as { buf?: unknown }).buf
  if (buf instanceof Uint8Array && '$bytes' in decoded) return buf.slice()
  const out: Record<string, unknown> = {}
  let keys = 0
  for (const key in decoded) {
    out[key] = toLexRecord((decoded as Record<string, unknown>)[key])
    keys++
  }
  return blobRefOf(out, keys) ?? out
}

/**
 * A blob reference, as ipldToLex recognises one: exactly {$type: 'blob', ref, mimeType, size}, or
 * the legacy exactly {cid, mimeType}.
 */
function blobRefOf(obj: Record<string, unknown>, keys: number): BlobRef | undefined {
  if (keys === 4 && obj.$type === 'blob') {
    const ref = CID.asCID(obj.ref)
    if (ref && typeof obj.mimeType === 'string' && typeof obj.size === 'number' && !Number.isNaN(obj.size)) return new BlobRef(ref, obj.mimeType, obj.size)
  } else if (keys === 2 && typeof obj.cid === 'string' && typeof obj.mimeType === 'string') {
    return new BlobRef(CID.parse(obj.cid), obj.mimeType, -1, obj as { cid: string; mimeType: string })
  }
  return undefined
}
