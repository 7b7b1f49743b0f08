import { decode } from '@atcute/cbor'
import { cidString, peekBlocks } from '../repo/blocks'
import { RepoVerificationError } from '../repo/errors'
import type { OpClaim } from '../repo/verify'
import type { DeadLetter } from './dead-letters'
import { toLexRecord, type FirehoseEvent, type KeepQuestion, type RecordDeleteEvent, type RecordWriteEvent } from './events'
import { splitPath, type CollectionFilter } from './filter'
import type { FirehoseFrame } from './frames'
import type { VerifyJob, VerifyResult } from './verifier'

/** A frame turned into what the pipeline does with it: nothing, an event to apply, or a dead letter. */
export type Prepared =
  /** Nothing to apply: `events` frames in a row (default 1) up to `seq`, all dropped. */
  | { kind: 'skip'; seq: number; time: string; events?: number }
  | {
      kind: 'commit'
      seq: number
      time: string
      did: string
      rev: string
      frame: Uint8Array
      events: (RecordWriteEvent | RecordDeleteEvent)[]
      job: Omit<Extract<VerifyJob, { kind: 'commit' }>, 'didKey'>
      /** A verdict on this commit started when it arrived (see EarlyVerifier), covering every claim of `job`. */
      early?: Promise<VerifyResult | undefined>
      verdict?: VerifyResult
    }
  | { kind: 'sync'; seq: number; time: string; did: string; rev: string; frame: Uint8Array; job?: Omit<Extract<VerifyJob, { kind: 'sync' }>, 'didKey'>; verdict?: VerifyResult }
  | { kind: 'event'; seq: number; time: string; event: FirehoseEvent }
  | { kind: 'dead'; seq: number | undefined; time: string; letter: DeadLetter }

/** Decides what each op of a commit is to a service: its collections first, then its keep rule on the record. */
export interface KeepRules {
  filter: CollectionFilter
  keep?: (op: KeepQuestion) => boolean
  /** A look at the raw record first: false drops it undecoded (see IngestHandler.keepRaw). */
  keepRaw?: (op: Omit<KeepQuestion, 'record'>, record: Uint8Array) => boolean
}

/**
 * Prepares one decoded frame. For a commit this is where filter-first happens: ops outside our
 * collections are dropped before the CAR is even parsed; the CAR is read only for commits with
 * ops we might keep, and only their record blocks are decoded, for the keep rule. Nothing here is
 * trusted yet: kept commits carry a verification job, and their events apply only once it passes.
 */
export function prepareFrame(frame: Exclude<FirehoseFrame, { t: 'info' | 'error' }>, raw: Uint8Array, rules: KeepRules): Prepared {
  switch (frame.t) {
    case 'commit':
      return prepareCommit(frame, raw, rules)
    case 'sync':
      return { kind: 'sync', seq: frame.seq, time: frame.time, did: frame.did, rev: frame.rev, frame: raw, job: { kind: 'sync', car: frame.blocks, did: frame.did } }
    case 'identity':
      return { kind: 'event', seq: frame.seq, time: frame.time, event: { event: 'identity', seq: frame.seq, time: frame.time, did: frame.did, handle: frame.handle } }
    case 'account':
      return {
        kind: 'event',
        seq: frame.seq,
        time: frame.time,
        event: { event: 'account', seq: frame.seq, time: frame.time, did: frame.did, active: frame.active, status: frame.status },
      }
    case 'unknown':
      return { kind: 'skip', seq: frame.seq ?? -1, time: frame.time ?? '' }
  }
}

function prepareCommit(frame: Extract<FirehoseFrame, { t: 'commit' }>, raw: Uint8Array, rules: KeepRules): Prepared {
  const base = { seq: frame.seq, time: frame.time }
  const ops = rules.filter.wanted(frame.ops)
  if (ops.length === 0) return { kind: 'skip', ...base }
  if (frame.tooBig) {
    // Deprecated since sync 1.1: the ops cannot be proved from the frame. Our copy of the repo is
    // now behind; a #sync-like marker makes backfill re-import it.
    return { kind: 'sync', ...base, did: frame.repo, rev: frame.rev, frame: raw }
  }
  // Only the record blocks are looked for, in one walk of the CAR: most of these commits are then
  // dropped by the keep rule, and the verifier reads the whole CAR of the rest.
  let records: (Uint8Array | undefined)[]
  try {
    records = peekBlocks(frame.blocks, ops.flatMap((op) => (op.action === 'delete' ? [] : [op.cid!])))
  } catch (err) {
    return deadCommit(frame, raw, (err as RepoVerificationError).reason ?? 'BadCar', (err as Error).message)
  }
  let nextRecord = 0
  const events: (RecordWriteEvent | RecordDeleteEvent)[] = []
  const claims: OpClaim[] = []
  for (const op of ops) {
    const { collection, rkey } = splitPath(op.path)
    const uri = `at://${frame.repo}/${op.path}`
    const meta = { seq: frame.seq, time: frame.time, did: frame.repo, rev: frame.rev, collection, rkey, uri }
    if (op.action === 'delete') {
      if (rules.keep && !rules.keep({ did: frame.repo, collection, rkey, action: 'delete' })) continue
      events.push({ ...meta, event: 'delete' })
      claims.push({ path: op.path, cid: null })
      continue
    }
    // Read without the hash check: the verifier checks every block it relies on, records included.
    const bytes = records[nextRecord++]
    if (!bytes) return deadCommit(frame, raw, 'MissingBlock', `the record block of ${op.path} is not in the commit`, op.path)
    if (rules.keepRaw && !rules.keepRaw({ did: frame.repo, collection, rkey, action: op.action }, bytes)) continue
    let decoded: unknown
    try {
      decoded = decode(bytes)
    } catch (err) {
      return deadCommit(frame, raw, 'BadRecord', `${op.path} is not DAG-CBOR: ${(err as Error).message}`, op.path)
    }
    if (rules.keep && !rules.keep({ did: frame.repo, collection, rkey, action: op.action, record: decoded })) continue
    let record: unknown
    try {
      record = toLexRecord(decoded)
    } catch (err) {
      return deadCommit(frame, raw, 'BadRecord', `${op.path} is not a record: ${(err as Error).message}`, op.path)
    }
    events.push({ ...meta, event: op.action, cid: cidString(op.cid!), record })
    claims.push({ path: op.path, cid: op.cid })
  }
  if (events.length === 0) return { kind: 'skip', ...base }
  return {
    kind: 'commit',
    ...base,
    did: frame.repo,
    rev: frame.rev,
    frame: raw,
    events,
    job: { kind: 'commit', car: frame.blocks, did: frame.repo, commitCid: frame.commit, claims },
  }
}

function deadCommit(frame: Extract<FirehoseFrame, { t: 'commit' }>, raw: Uint8Array, reason: string, detail: string, path?: string): Prepared {
  return {
    kind: 'dead',
    seq: frame.seq,
    time: frame.time,
    letter: { seq: frame.seq, did: frame.repo, subject: path ? `at://${frame.repo}/${path}` : frame.repo, reason, detail, frame: raw },
  }
}

/**
 * A prepared frame moved onto its own copy of the frame's bytes. A frame off the websocket is a view
 * into the socket chunk it arrived in (often 64 KB, holding a dozen other frames): a kept commit
 * waiting in a batch with its CAR, CIDs and raw frame as views into it keeps the whole chunk alive,
 * and the batches in flight then hold several times the bytes of what they keep. Records are
 * copied out already (toLexRecord); this copies the frame once and points the rest into the copy.
 */
export function detachFrame(prepared: Prepared, raw: Uint8Array): Prepared {
  // Only what keeps the frame is copied: most decoded frames are dropped by a keep rule (a skip).
  if (raw.byteLength === 0 || raw.byteLength === raw.buffer.byteLength || (prepared.kind !== 'commit' && prepared.kind !== 'sync' && prepared.kind !== 'dead')) return prepared
  const own = raw.slice()
  const into = (view: Uint8Array): Uint8Array => (view.buffer === raw.buffer ? own.subarray(view.byteOffset - raw.byteOffset, view.byteOffset - raw.byteOffset + view.byteLength) : view)
  switch (prepared.kind) {
    case 'commit': {
      const { job } = prepared
      return {
        ...prepared,
        frame: own,
        job: { ...job, car: into(job.car), commitCid: into(job.commitCid), claims: job.claims.map((c) => ({ path: c.path, cid: c.cid && into(c.cid) })) },
      }
    }
    case 'sync':
      return { ...prepared, frame: own, job: prepared.job && { ...prepared.job, car: into(prepared.job.car) } }
    case 'dead':
      return { ...prepared, letter: { ...prepared.letter, frame: own } }
    default:
      return prepared
  }
}
