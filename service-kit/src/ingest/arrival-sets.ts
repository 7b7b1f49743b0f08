import { decode } from '@atcute/cbor'
import { splitPath } from './filter'
import { peekText, type PeekedOp } from './prefilter'
import type { RawOps } from './arrival'

/**
 * Set rules: drop rules that need what the service holds (the people it notifies, the posts it holds
 * replies to, its participants), judged on the arrival thread (ArrivalSetRules, used by ArrivalFilter)
 * with sets the ingesting thread mirrors there (ArrivalSets) and the records arriving there grow.
 *
 * Why they drop nothing the service would keep: the thread may drop an op only when the ingesting
 * thread's keep rules would drop it whatever the commits queued ahead of it bring. Its sets always hold
 * at least what those rules count, because (a) every value the ingesting thread adds is mirrored, and
 * sent before any other command; (b) what the commits still queued bring is added on the thread as
 * they pass it (SetGrowth, and keptRepoJoins, noted even while the rules wait); (c) where (b) cannot
 * hold — a commit of ours it could not read, a backfill's import, a thread started again after one
 * died — the rules wait until the ingesting thread has judged past it, and what that judging added is
 * mirrored before the message that ends the wait. Anything that adds to the keep rules' state without
 * going through the mirror breaks this: each owner of such state (the appview's SocialMembers and
 * GrantHolderNames, the graph's Participants) funnels every addition through one method.
 */

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

  private has(name: string, value: string): boolean {
    return !!this.sets.get(name)?.has(value)
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
