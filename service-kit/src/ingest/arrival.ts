import { decode, decodeFirst } from '@atcute/cbor'
import { peekBlocks } from '../repo/blocks'
import { CollectionFilter, splitPath } from './filter'
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

/**
 * A rule that drops a record op by what the service holds (so that the network's likes and follows
 * of people it does not know are dropped as they arrive, on another thread): a create or update in
 * `collection` is kept when the text at `path` is in the set `keepIfIn`, or its repo's DID in the set
 * `keepIfRepoIn`; else it is dropped (as it is when the path holds no text). Bytes the reader cannot
 * follow are never dropped by it. A delete is kept when its repo's DID is in one of the sets
 * `deletesKeptIfRepoIn` (without them, every delete is kept), and a write the rule keeps adds its
 * repo's DID to `keptRepoJoins`, so that its undo is kept too. The sets are the service's, mirrored
 * to the arrival thread (see ArrivalSets), and grown there by the records that arrive (see
 * SetGrowth). Plain data.
 */
export interface SetDropRule {
  collection: string
  path?: readonly string[]
  keepIfIn?: string
  keepIfRepoIn?: string
  deletesKeptIfRepoIn?: readonly string[]
  keptRepoJoins?: string
}

/**
 * What joins a set as a record write arrives, in stream order, before anything after it is judged (a
 * video's companion post, before the likes of it): the text at `path` (`*` steps into every element
 * of an array), or with `path` 'repo' the DID of the repo it is written to. Plain data.
 */
export interface SetGrowth {
  collection: string
  set: string
  path: readonly string[] | 'repo'
}

/** Named sets of texts, as sent to the arrival thread: each set's values. */
export type SetValues = Record<string, readonly string[]>

/** What the set rules of the arrival thread start from (and start again from, when it is started again or reconnects). */
export interface SetState {
  drops: readonly SetDropRule[]
  growth: readonly SetGrowth[]
  sets: SetValues
  /** Seqs of commits of ours passed on unread and not yet judged by the ingester: no set rule drops anything until they are. */
  unread: readonly number[]
  /** False while the service imports what comes before the stream (a backfill): its sets are not whole until then. */
  judging: boolean
}

/**
 * The set rules on the arrival thread, with their sets. They answer for the commits ahead of them in
 * the ingester's queue, which may bring what the sets lack: whatever a commit of ours brings is added
 * as it arrives (SetGrowth), and a commit of ours that cannot be read here (so its growth is unknown)
 * stops every set rule until the ingester has judged it (it says so: `judged`).
 */
export class ArrivalSetRules {
  private readonly sets = new Map<string, Set<string>>()
  private readonly unread: Set<number>
  private readonly rules: Map<string, SetDropRule>
  private readonly growth: Map<string, SetGrowth[]>
  judging: boolean

  constructor(state: SetState) {
    this.rules = new Map(state.drops.map((rule) => [rule.collection, rule]))
    this.growth = new Map()
    for (const g of state.growth) this.growth.set(g.collection, [...(this.growth.get(g.collection) ?? []), g])
    this.add(state.sets)
    this.unread = new Set(state.unread)
    this.judging = state.judging
  }

  add(values: SetValues): void {
    for (const [name, list] of Object.entries(values)) {
      const set = this.set(name)
      for (const value of list) set.add(value)
    }
  }

  /** The ingester has judged this commit (one passed on unread, or any other: then nothing changes). */
  judged(seq: number): void {
    this.unread.delete(seq)
  }

  /** After a reconnect: the commits passed on unread that the ingester still holds (the rest will be read again). */
  resetUnread(seqs: readonly number[]): void {
    this.unread.clear()
    for (const seq of seqs) this.unread.add(seq)
  }

  has(name: string, value: string): boolean {
    return !!this.sets.get(name)?.has(value)
  }

  /** A commit of ours passed on without its ops read (an odd frame, a CAR that does not read up to them). */
  passedUnread(seq: number): void {
    this.unread.add(seq)
  }

  /** Adds what a commit's writes bring to the sets. */
  grow(raw: RawOps, repo: string): void {
    for (let i = 0; i < raw.ours.length; i++) {
      const op = raw.ours[i]!
      const record = raw.records[i]
      if (op.action !== 'create' && op.action !== 'update') continue
      const rules = this.growth.get(splitPath(op.path).collection)
      if (!rules) continue
      let decoded: unknown
      for (const rule of rules) {
        if (rule.path === 'repo') {
          this.set(rule.set).add(repo)
          continue
        }
        if (!record) continue
        if (!rule.path.includes('*')) {
          const text = peekText(record, rule.path)
          if (typeof text === 'string') this.set(rule.set).add(text)
          continue
        }
        if (decoded === undefined) decoded = decodedOrNull(record)
        for (const text of textsAt(decoded, rule.path)) this.set(rule.set).add(text)
      }
    }
  }

  /**
   * Whether a set rule drops this op (one in a collection that has a rule: a delete, or a create or
   * update with its record at hand). A write it keeps is noted (see SetDropRule.keptRepoJoins), also
   * while the rules wait (the ingester may keep it, and its undo must not be dropped after).
   */
  drops(op: PeekedOp, record: Uint8Array | undefined, repo: string): boolean {
    const rule = this.rules.get(splitPath(op.path).collection)
    if (!rule) return false
    const judging = this.judging && this.unread.size === 0
    if (op.action === 'delete') return judging && !!rule.deletesKeptIfRepoIn && !rule.deletesKeptIfRepoIn.some((set) => this.has(set, repo))
    if (op.action !== 'create' && op.action !== 'update') return false
    const dropped = judging && !!record && !(rule.keepIfRepoIn && this.has(rule.keepIfRepoIn, repo)) && this.dropsText(rule, record)
    if (!dropped && rule.keptRepoJoins) this.set(rule.keptRepoJoins).add(repo)
    return dropped
  }

  private dropsText(rule: SetDropRule, record: Uint8Array): boolean {
    if (!rule.path || !rule.keepIfIn) return true
    const text = peekText(record, rule.path)
    return text !== undefined && (text === null || !this.has(rule.keepIfIn, text))
  }

  private set(name: string): Set<string> {
    let set = this.sets.get(name)
    if (!set) this.sets.set(name, (set = new Set()))
    return set
  }
}

function decodedOrNull(record: Uint8Array): unknown {
  try {
    return decode(record)
  } catch {
    return null
  }
}

/** The texts at a path of a decoded record (`*`: every element of an array). */
export function textsAt(value: unknown, path: readonly string[]): string[] {
  if (path.length === 0) return typeof value === 'string' ? [value] : []
  const [step, ...rest] = path
  if (step === '*') return Array.isArray(value) ? value.flatMap((v) => textsAt(v, rest)) : []
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
  return textsAt((value as Record<string, unknown>)[step!], rest)
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

/**
 * The ingesting thread's side of the set rules: the rules, and the sets the service grows (people it
 * knows, posts it holds), every value of which is sent to the arrival thread, in order, soon after it
 * is added (see ArrivalThread). Additions are kept until then only once a thread has asked for them.
 */
export class ArrivalSets {
  private readonly sets = new Map<string, Set<string>>()
  private pending: Map<string, string[]> | undefined
  private onAdded?: () => void
  private readonly rules = new Map<string, SetDropRule>()
  private readonly growthRules = new Map<string, SetGrowth>()

  /**
   * Adds rules, one per collection (each part of a service adds its own: the video graph its follows
   * rule, the appview its likes and replies); a rule for a collection that has one replaces it.
   */
  rule(...drops: SetDropRule[]): this {
    for (const rule of drops) this.rules.set(rule.collection, rule)
    return this
  }

  grows(...growth: SetGrowth[]): this {
    for (const g of growth) this.growthRules.set(JSON.stringify(g), g)
    return this
  }

  get drops(): SetDropRule[] {
    return [...this.rules.values()]
  }

  get growth(): SetGrowth[] {
    return [...this.growthRules.values()]
  }

  add(name: string, value: string): void {
    let set = this.sets.get(name)
    if (!set) this.sets.set(name, (set = new Set()))
    if (set.has(value)) return
    set.add(value)
    if (!this.pending) return
    const list = this.pending.get(name)
    if (list) list.push(value)
    else this.pending.set(name, [value])
    if (this.pending.size === 1 && list === undefined) this.onAdded?.()
  }

  has(name: string, value: string): boolean {
    return !!this.sets.get(name)?.has(value)
  }

  /** Every set as it is now; from now on additions are kept for `takeAdded`, and `onAdded` hears of the first of each run. */
  snapshot(onAdded: () => void): SetValues {
    this.onAdded = onAdded
    this.pending = new Map()
    return Object.fromEntries([...this.sets].map(([name, set]) => [name, [...set]]))
  }

  /** What was added since the snapshot or the last take (undefined: nothing). */
  takeAdded(): SetValues | undefined {
    if (!this.pending || this.pending.size === 0) return undefined
    const added = Object.fromEntries(this.pending)
    this.pending = new Map()
    return added
  }
}
