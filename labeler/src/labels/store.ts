import { EventEmitter } from 'node:events'
import type { Keypair } from '@atproto/crypto'
import type { Kysely, Selectable } from 'kysely'
import type { LabelerSchema, LabelTable } from '../db/schema'
import { fixedSizeChunks, serializeWith, signLabel, type Database, type SignedLabel } from '@framewright/service-kit'

export type StoredLabel = SignedLabel & { seq: number }

/** Why a label was applied or negated. */
export interface Explanation {
  detector: string
  reason: string
  evidence: unknown
}

/** A label to apply (neg false) or negate (neg true), with its explanation. */
export interface LabelChange {
  uri: string
  /** Only this version of the record, when set. */
  cid?: string
  val: string
  neg: boolean
  /** When the label stops being in force by itself (signed into the label). */
  exp?: string
  explanation: Explanation
}

/**
 * The labeler's label log. Labels are signed, then committed with a seq before anyone can see
 * them; subscribers are woken after the commit. The current state of (uri, val) is its latest
 * row, so negations and re-applications are just newer rows.
 */
/** Label rows per insert statement (8 values each, well inside both engines' parameter limits). */
const LABEL_ROWS_PER_INSERT = 500

/** The note labels' commits send to every process of the labeler. */
const LABELS_TOPIC = 'labels'

export class LabelStore {
  private readonly events = new EventEmitter()

  private readonly stopListening: () => Promise<void>

  constructor(
    private readonly db: Kysely<LabelerSchema>,
    private readonly keypair: Keypair,
    /** Our DID: the `src` of every label we sign. */
    readonly src: string,
    /**
     * Notes between the labeler's processes (the Database; Postgres LISTEN/NOTIFY): labels committed
     * by the ingest process wake the subscribers of every API replica at once, not at their next poll.
     */
    private readonly notes?: Pick<Database<unknown>, 'notify' | 'listen'>,
  ) {
    this.events.setMaxListeners(0)
    this.stopListening = notes?.listen(LABELS_TOPIC, () => this.events.emit('labels')) ?? (async () => {})
  }

  /** Stops listening for other processes' labels (before the database closes). */
  close(): Promise<void> {
    return this.stopListening()
  }

  /**
   * Signs and commits label changes in one transaction (the caller's, when `db` is one: the
   * ingestion batch's); returns them with their seqs.
   */
  async apply(changes: LabelChange[], db: Kysely<LabelerSchema> = this.db): Promise<StoredLabel[]> {
    if (changes.length === 0) return []
    const write = async (tx: Kysely<LabelerSchema>) => {
      await this.serialize(tx)
      // The latest cts of every (uri, val) touched, in one query rather than one per label.
      const uris = [...new Set(changes.map((c) => c.uri))]
      const previous = await tx
        .selectFrom('label')
        .select(['uri', 'val', (eb) => eb.fn.max('cts').as('cts')])
        .where('uri', 'in', uris)
        .groupBy(['uri', 'val'])
        .execute()
      const lastCts = new Map(previous.map((p) => [`${p.uri} ${p.val}`, Date.parse(String(p.cts))]))
      const unsigned: Promise<{ label: SignedLabel; change: LabelChange }>[] = []
      for (const change of changes) {
        // cts orders versions of a label: keep it strictly increasing even within one millisecond.
        const key = `${change.uri} ${change.val}`
        const before = lastCts.get(key)
        const at = before === undefined ? Date.now() : Math.max(Date.now(), before + 1)
        lastCts.set(key, at)
        const cts = new Date(at).toISOString()
        // A negation never expires: it carries no exp (signed or stored).
        const exp = change.neg ? undefined : change.exp
        unsigned.push(signLabel({ ver: 1, src: this.src, uri: change.uri, cid: change.cid, val: change.val, neg: change.neg, cts, exp }, this.keypair).then((label) => ({ label, change })))
      }
      // Signed all at once: the key may sign off this thread (see NodeKeypair.sign).
      const signed = await Promise.all(unsigned)
      // Written many rows to a statement (an ingestion batch can change thousands of labels). Seqs
      // come back matched by (uri, val, cts), which the loop above made unique, not by row order.
      const out: StoredLabel[] = []
      for (const chunk of fixedSizeChunks(signed, LABEL_ROWS_PER_INSERT)) {
        const rows = await tx
          .insertInto('label')
          .values(chunk.map(({ label, change }) => ({ src: label.src, uri: label.uri, cid: label.cid ?? null, val: label.val, neg: change.neg ? 1 : 0, cts: label.cts, exp: label.exp ?? null, sig: label.sig })))
          .returning(['seq', 'uri', 'val', 'cts'])
          .execute()
        const seqOf = new Map(rows.map((r) => [`${r.uri} ${r.val} ${new Date(r.cts).toISOString()}`, r.seq]))
        const stored = chunk.map(({ label, change }) => ({ label: { ...label, seq: seqOf.get(`${label.uri} ${label.val} ${label.cts}`)! }, change }))
        await tx
          .insertInto('label_explanation')
          .values(
            stored.map(({ label, change }) => ({
              labelSeq: label.seq,
              detector: change.explanation.detector,
              reason: change.explanation.reason,
              evidence: JSON.stringify(change.explanation.evidence ?? null),
            })),
          )
          .execute()
        out.push(...stored.map((s) => s.label))
      }
      // Callers and subscribers expect seq order, which is the order of the changes.
      out.sort((a, b) => a.seq - b.seq)
      // Delivered at commit to every process of the labeler (its subscribers read the table then).
      await this.notes?.notify(LABELS_TOPIC, tx)
      return out
    }
    const stored = db.isTransaction ? await write(db) : await db.transaction().execute(write)
    // Subscribers read on the same connection, so they see these only once the transaction commits.
    this.events.emit('labels')
    return stored
  }

  /**
   * Makes label-writing transactions run one at a time from here to their commit (Postgres; SQLite
   * runs one transaction at a time anyway): subscribers read `seq > cursor`, so seqs must become
   * visible in order (a lower one committing after a higher would be skipped), and a transaction
   * that reads the labels in force and writes their next versions must not interleave with another.
   */
  async serialize(tx: Kysely<LabelerSchema>): Promise<void> {
    if (tx.isTransaction) await serializeWith(tx, 'label log')
  }

  /** The latest row (label or negation) of every (uri, val) for the given URIs. */
  async latest(uris: string[], db: Kysely<LabelerSchema> = this.db): Promise<Map<string, Map<string, StoredLabel>>> {
    const result = new Map<string, Map<string, StoredLabel>>(uris.map((u) => [u, new Map()]))
    if (uris.length === 0) return result
    const rows = await db.selectFrom('label').selectAll().where('uri', 'in', uris).orderBy('seq', 'asc').execute()
    for (const row of rows) result.get(row.uri)?.set(row.val, toLabel(row))
    return result
  }

  /** The labels in force (latest version, not negated, not expired) on each of the given URIs. */
  async inForce(uris: string[]): Promise<Map<string, StoredLabel[]>> {
    const latest = await this.latest(uris)
    return new Map([...latest].map(([uri, byVal]) => [uri, [...byVal.values()].filter(isInForce)]))
  }

  /** Labels with seq > after, in seq order (for subscribeLabels replay and tail). */
  async since(after: number, limit: number): Promise<StoredLabel[]> {
    const rows = await this.db.selectFrom('label').selectAll().where('seq', '>', after).orderBy('seq', 'asc').limit(limit).execute()
    return rows.map(toLabel)
  }

  /** The highest seq committed, or 0. */
  async headSeq(): Promise<number> {
    const row = await this.db.selectFrom('label').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst()
    return Number(row?.seq ?? 0)
  }

  /**
   * Labels currently in force on URIs matching the patterns (a trailing '*' is a prefix match):
   * the latest version of each (uri, val), leaving out negated and expired ones. Paged by seq.
   */
  async queryCurrent(opts: { patterns: string[]; limit: number; after?: number }): Promise<StoredLabel[]> {
    const now = new Date().toISOString()
    let query = this.db
      .selectFrom('label')
      .selectAll()
      .where('neg', '=', 0)
      .where((eb) => eb.or([eb('exp', 'is', null), eb('exp', '>', now)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('label as newer')
              .select('newer.seq')
              .whereRef('newer.uri', '=', 'label.uri')
              .whereRef('newer.val', '=', 'label.val')
              .whereRef('newer.seq', '>', 'label.seq'),
          ),
        ),
      )
      .where((eb) =>
        eb.or(
          opts.patterns.map((p) =>
            // A prefix as a range: exact (no LIKE wildcards to escape, no case folding) and indexable.
            p.endsWith('*') ? eb.and([eb('uri', '>=', p.slice(0, -1)), eb('uri', '<', `${p.slice(0, -1)}\uffff`)]) : eb('uri', '=', p),
          ),
        ),
      )
      .orderBy('seq', 'asc')
      .limit(opts.limit)
    if (opts.after !== undefined) query = query.where('seq', '>', opts.after)
    return (await query.execute()).map(toLabel)
  }

  /** Explanations of the latest versions of a subject's labels (optionally one value). */
  async explain(uri: string, val?: string, db: Kysely<LabelerSchema> = this.db): Promise<{ label: StoredLabel; explanation: Explanation }[]> {
    let query = db
      .selectFrom('label')
      .innerJoin('label_explanation', 'label_explanation.labelSeq', 'label.seq')
      .selectAll('label')
      .select(['label_explanation.detector', 'label_explanation.reason', 'label_explanation.evidence'])
      .where('label.uri', '=', uri)
      .orderBy('label.seq', 'asc')
    if (val) query = query.where('label.val', '=', val)
    const latest = new Map<string, { label: StoredLabel; explanation: Explanation }>()
    for (const row of await query.execute()) {
      latest.set(row.val, {
        label: toLabel(row),
        explanation: { detector: row.detector, reason: row.reason, evidence: JSON.parse(row.evidence) },
      })
    }
    return [...latest.values()]
  }

  /** Calls `listener` whenever labels commit, here or (with notes) in another process; returns a function that stops it. */
  onCommitted(listener: () => void): () => void {
    this.events.on('labels', listener)
    return () => void this.events.off('labels', listener)
  }
}

/** Whether a label (the latest version of its uri and val) is in force: applied, not negated, not expired. */
export function isInForce(label: { neg?: boolean; exp?: string } | undefined): label is StoredLabel {
  if (!label || label.neg) return false
  return !label.exp || Date.parse(label.exp) > Date.now()
}

function toLabel(row: Selectable<LabelTable>): StoredLabel {
  const label: StoredLabel = { seq: row.seq, ver: 1, src: row.src, uri: row.uri, val: row.val, cts: row.cts, sig: new Uint8Array(row.sig) }
  if (row.cid) label.cid = row.cid
  if (row.neg) label.neg = true
  if (row.exp) label.exp = row.exp
  return label
}
