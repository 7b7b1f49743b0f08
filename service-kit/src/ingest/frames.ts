import { decode, decodeFirst } from '@atcute/cbor'
import { linkOf } from '../repo/mst'
import { isObject } from '../util'

/** One op of a commit, as the frame carries it: no record yet, only the path and the new CID. */
export interface FrameOp {
  action: 'create' | 'update' | 'delete'
  /** collection/rkey */
  path: string
  /** The record's CID after the op; null for a delete. */
  cid: Uint8Array | null
}

/**
 * A decoded com.atproto.sync.subscribeRepos frame (sync 1.1). Only the header and the body's
 * top-level fields are decoded: a commit's CAR stays raw bytes until someone wants its records.
 */
export type FirehoseFrame =
  | {
      t: 'commit'
      seq: number
      time: string
      repo: string
      rev: string
      commit: Uint8Array
      /** The CAR: new blocks plus the covering proof, rooted at the commit. */
      blocks: Uint8Array
      ops: FrameOp[]
      tooBig: boolean
    }
  | { t: 'identity'; seq: number; time: string; did: string; handle?: string }
  | { t: 'account'; seq: number; time: string; did: string; active: boolean; status?: string }
  | { t: 'sync'; seq: number; time: string; did: string; rev: string; blocks: Uint8Array }
  | { t: 'info'; name: string; message?: string }
  | { t: 'error'; error: string; message?: string }
  /** A message type this code does not know (the protocol may add some): skipped, with its seq. */
  | { t: 'unknown'; type: string; seq?: number; time?: string }

/** A frame that cannot be read. `seq` is set when the body got far enough to say which event it was. */
export class MalformedFrameError extends Error {
  override name = 'MalformedFrameError'
  constructor(
    message: string,
    readonly seq?: number,
    readonly did?: string,
  ) {
    super(message)
  }
}

const ACCOUNT_STATUSES = new Set(['takendown', 'suspended', 'deleted', 'deactivated', 'desynchronized', 'throttled'])

/** Decodes one websocket message of subscribeRepos. Throws MalformedFrameError for anything that is not a valid frame. */
export function decodeFrame(bytes: Uint8Array): FirehoseFrame {
  let header: unknown
  let body: unknown
  try {
    const [first, rest] = decodeFirst(bytes)
    header = first
    body = decode(rest)
  } catch (err) {
    throw new MalformedFrameError(`not two DAG-CBOR objects: ${(err as Error).message}`)
  }
  if (!isObject(header) || !isObject(body)) throw new MalformedFrameError('header or body is not a map')
  if (header.op === -1) return { t: 'error', error: str(body.error) ?? 'Unknown', message: str(body.message) }
  if (header.op !== 1 || typeof header.t !== 'string') throw new MalformedFrameError('header has no op 1 and type')
  const seq = typeof body.seq === 'number' && Number.isSafeInteger(body.seq) && body.seq >= 0 ? body.seq : undefined
  const did = str(body.repo) ?? str(body.did)
  // No closure per frame: under tsx each one costs a keep-names call, on every frame we decode.
  const where: FrameWhere = { type: header.t, seq, did }
  const time = str(body.time) ?? ''
  switch (header.t) {
    case '#commit': {
      if (seq === undefined || !did || !str(body.rev) || !Array.isArray(body.ops)) throw malformed(where, 'missing seq, repo, rev or ops')
      const commit = linkOf(body.commit)
      const blocks = bytesOf(body.blocks)
      if (!commit || !blocks) throw malformed(where, 'missing commit CID or blocks')
      const ops: FrameOp[] = []
      for (const op of body.ops) ops.push(parseOp(op, where))
      return { t: 'commit', seq, time, repo: did, rev: body.rev as string, commit, blocks, ops, tooBig: body.tooBig === true }
    }
    case '#identity':
      if (seq === undefined || !did) throw malformed(where, 'missing seq or did')
      return { t: 'identity', seq, time, did, handle: str(body.handle) }
    case '#account': {
      if (seq === undefined || !did || typeof body.active !== 'boolean') throw malformed(where, 'missing seq, did or active')
      const status = str(body.status)
      if (status !== undefined && !ACCOUNT_STATUSES.has(status)) throw malformed(where, `unknown status ${status}`)
      return { t: 'account', seq, time, did, active: body.active, status }
    }
    case '#sync': {
      const blocks = bytesOf(body.blocks)
      if (seq === undefined || !did || !str(body.rev) || !blocks) throw malformed(where, 'missing seq, did, rev or blocks')
      return { t: 'sync', seq, time, did, rev: body.rev as string, blocks }
    }
    case '#info':
      return { t: 'info', name: str(body.name) ?? 'Unknown', message: str(body.message) }
    default:
      return { t: 'unknown', type: header.t, seq, time }
  }
}

/** Which frame a MalformedFrameError is about. */
interface FrameWhere {
  type: string
  seq: number | undefined
  did: string | undefined
}

function malformed(where: FrameWhere, why: string): MalformedFrameError {
  return new MalformedFrameError(`${where.type}: ${why}`, where.seq, where.did)
}

function parseOp(raw: unknown, where: FrameWhere): FrameOp {
  if (!isObject(raw)) throw malformed(where, 'an op is not a map')
  const action = raw.action
  const path = str(raw.path)
  if ((action !== 'create' && action !== 'update' && action !== 'delete') || !path) throw malformed(where, 'an op has no action or path')
  const cid = raw.cid === null || raw.cid === undefined ? null : (linkOf(raw.cid) ?? null)
  if (action !== 'delete' && !cid) throw malformed(where, `${action} of ${path} has no CID`)
  return { action, path, cid: action === 'delete' ? null : cid }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function bytesOf(value: unknown): Uint8Array | undefined {
  const buf = value && typeof value === 'object' ? (value as { buf?: unknown }).buf : undefined
  return buf instanceof Uint8Array ? buf : undefined
}
