import { decodeFirst } from '@atcute/cbor'
import { peekBlocks } from '../repo/blocks'
import { CollectionFilter, splitPath } from './filter'
import type { ArrivalSetRules } from './arrival-sets'
import { decodeFrame } from './frames'
import { peekCommitWithOps, peekText, type CommitBodyRead, type CommitPeek, type PeekedOp } from './prefilter'

/**
 * What a frame's arrival needs before anything of the service is asked: its seq, whether it has ops
 * in our collections, and the ops' records read straight from its CAR. Shared by the ingester (on
 * its own thread) and the arrival thread (see arrival-thread.ts), which drops there what needs no
 * state of the service to drop.
 */

/** The header of a #commit frame as canonical DAG-CBOR ({t: '#commit', op: 1}): compared as bytes, not decoded. */
export const COMMIT_HEADER = new Uint8Array([0xa2, 0x61, 0x74, 0x67, 0x23, 0x63, 0x6f, 0x6d, 0x6d, 0x69, 0x74, 0x62, 0x6f, 0x70, 0x01])

export function isCommitFrame(data: Uint8Array): boolean {
  if (data.length < COMMIT_HEADER.length) return false
  for (let i = 0; i < COMMIT_HEADER.length; i++) if (data[i] !== COMMIT_HEADER[i]) return false
  return true
}

/**
 * Most of the network's commits are in collections we do not index: for those only the ops'
 * paths, the seq and the time are read (see prefilter.ts). A commit of ours is read up to its ops
 * and CAR in the same pass. Undefined for anything that is not a commit, or anything odd: the
 * caller decodes it in full.
 */
export function peekFrame(data: Uint8Array, wants: (collection: string) => boolean): { peek: CommitPeek; read?: CommitBodyRead } | undefined {
  try {
    if (isCommitFrame(data)) return peekCommitWithOps(data.subarray(COMMIT_HEADER.length), wants)
    const [header, body] = decodeFirst(data) as [{ op?: unknown; t?: unknown }, Uint8Array]
    if (header.op !== 1 || header.t !== '#commit') return undefined
    return peekCommitWithOps(body, wants)
  } catch {
    return undefined
  }
}

/** A commit's ops in our collections as its frame carries them, with their records (undefined: not in its CAR). */
export interface RawOps {
  read: CommitBodyRead
  ours: PeekedOp[]
  records: (Uint8Array | undefined)[]
}

/**
 * The ops of ours of a commit body, with their records read from its CAR without decoding them;
 * undefined when there are none, or the CAR does not read up to them (the full decode then judges
 * the commit, and files what is wrong with it).
 */
export function opsWithRecords(filter: CollectionFilter, read: CommitBodyRead): RawOps | undefined {
  const ours = filter.wanted(read.ops)
  if (ours.length === 0) return undefined
  let found: (Uint8Array | undefined)[]
  try {
    found = peekBlocks(read.blocks, ours.flatMap((op) => (op.cid ? [op.cid] : [])))
  } catch {
    return undefined
  }
  let next = 0
  return { read, ours, records: ours.map((op) => (op.cid ? found[next++] : undefined)) }
}

/** A commit body's read with its views moved from the bytes they were read from to a copy of those bytes. */
export function rebased(read: CommitBodyRead, from: Uint8Array, to: Uint8Array): CommitBodyRead {
  if (from === to) return read
  const move = <T extends Uint8Array | null>(view: T): T => (view === null ? view : (to.subarray(view.byteOffset - from.byteOffset, view.byteOffset - from.byteOffset + view.byteLength) as T))
  return { ops: read.ops.map((op) => ({ ...op, cid: move(op.cid) })), blocks: move(read.blocks), commit: move(read.commit) }
}

/**
 * A rule that drops a new record on its raw bytes alone, needing nothing of the service's state (so
 * that it can be judged on another thread, as frames arrive): a create in `collection` is dropped
 * when the text at `path` is missing, or (with `keepIf`) is none of those values. Bytes the reader
 * cannot follow are never dropped by it. Plain data: it is sent to the arrival thread as is.
 */
export interface RawDropRule {
  collection: string
  path: readonly string[]
  keepIf?: readonly string[]
}

/** Whether a rule drops a new record of its collection, on its raw bytes. */
export function dropsRecord(rule: RawDropRule, record: Uint8Array): boolean {
  const text = peekText(record, rule.path)
  if (text === undefined) return false
  return text === null || (rule.keepIf !== undefined && !rule.keepIf.includes(text))
}

/** Whether a rule drops this op (only a create with its record at hand is ever judged). */
export function dropsByRule(rules: readonly RawDropRule[], op: PeekedOp, record: Uint8Array | undefined): boolean {
  if (op.action !== 'create' || !record) return false
  const { collection } = splitPath(op.path)
  for (const rule of rules) if (rule.collection === collection && dropsRecord(rule, record)) return true
  return false
}

/** Whether the rules drop every op of ours of a commit. */
export function dropsEveryOp(rules: readonly RawDropRule[], raw: RawOps): boolean {
  if (rules.length === 0) return false
  for (let i = 0; i < raw.ours.length; i++) if (!dropsByRule(rules, raw.ours[i]!, raw.records[i])) return false
  return true
}

/** What the arrival thread makes of a frame: dropped (only its seq and time matter now), or passed on whole. */
export type Arrival = { drop: true; seq: number; time: string } | { drop: false; seq: number | undefined }

/**
 * Judges frames as they arrive, with the service's collections, its stateless drop rules and (given)
 * its set rules: a commit with no op of ours, or whose every op of ours a rule drops, is dropped;
 * anything else (a commit the service must judge, an #identity, an odd frame) is passed on whole.
 */
export class ArrivalFilter {
  private readonly filter: CollectionFilter
  private readonly wants: (collection: string) => boolean

  constructor(
    collections: readonly string[],
    private readonly rules: readonly RawDropRule[],
    readonly sets?: ArrivalSetRules,
  ) {
    this.filter = new CollectionFilter(collections)
    this.wants = (collection) => this.filter.matches(collection)
  }

  judge(data: Uint8Array): Arrival {
    const peeked = peekFrame(data, this.wants)
    if (!peeked) {
      if (this.sets) this.oddFrame(data)
      return { drop: false, seq: undefined }
    }
    const { peek, read } = peeked
    if (!peek.wanted) return { drop: true, seq: peek.seq, time: peek.time }
    // Read as the ingester reads a frame it judges on arrival (only in the usual shape): one it could not read so, the set rules have not read either.
    const raw = (this.rules.length > 0 || this.sets) && read && isCommitFrame(data) ? opsWithRecords(this.filter, read) : undefined
    if (this.sets) {
      if (!raw) this.sets.passedUnread(peek.seq)
      else this.sets.grow(raw, peek.repo!)
    }
    if (raw && this.dropsEveryOp(raw, peek.repo!)) return { drop: true, seq: peek.seq, time: peek.time }
    return { drop: false, seq: peek.seq }
  }

  private dropsEveryOp(raw: RawOps, repo: string): boolean {
    if (!this.sets) return dropsEveryOp(this.rules, raw)
    // Every op is judged (no stopping at the first kept): each one kept is noted (SetDropRule.keptRepoJoins).
    let dropped = true
    for (let i = 0; i < raw.ours.length; i++) {
      const op = raw.ours[i]!
      const record = raw.records[i]
      if (!dropsByRule(this.rules, op, record) && !this.sets.drops(op, record, repo)) dropped = false
    }
    return dropped
  }

  /** A frame the peek does not read: a commit among them is one whose ops the set rules have not seen. */
  private oddFrame(data: Uint8Array): void {
    try {
      const frame = decodeFrame(data)
      if (frame.t === 'commit') this.sets!.passedUnread(frame.seq)
    } catch {
      // Not a frame the ingester can use either: it files it, and it brings nothing.
    }
  }
}
