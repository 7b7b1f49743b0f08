import type { DidDocument } from '@atproto/identity'
import type { Kysely } from 'kysely'
import { fixedSizeChunks } from '../db/statement-shapes'

/**
 * The DID documents the ingester verified commits against, kept in the service's database so that
 * a restart does not look every repo up again: a service catching up after an hour down meets the
 * same repos it met before, and each look-up is a request to the DID directory (some 0.4 ms of the
 * ingesting thread here; a rate-limited request at plc.directory). Kept documents are used for
 * DOCUMENT_MAX_AGE_MS after they were fetched, and go as soon as an #identity event says the DID
 * changed; a signature that does not verify against a kept key is checked again against a freshly
 * resolved one, as with any cached key.
 */
export interface DidDocumentTable {
  did: string
  /** The document as JSON. */
  document: string
  /** When it was fetched from the directory (ISO time). */
  resolvedAt: string
}

export interface DidDocumentSchema {
  did_document: DidDocumentTable
}

/** As long as the in-memory DID cache answers a document at all (a day; it refreshes after an hour). */
export const DOCUMENT_MAX_AGE_MS = 24 * 60 * 60_000

/**
 * How often a batch also deletes documents too old to be used (most repos met once are never met
 * again: without it the table grows by one row for every repo ever verified), and at most how many
 * rows one batch deletes, so that a first prune of a large table does not make one batch long.
 */
export const PRUNE_EVERY_MS = 60 * 60_000
export const PRUNE_MAX_ROWS = 5_000

/** Creates did_document. Every service that ingests lists it in its migrations. */
export const didDocumentsMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('did_document')
      .addColumn('did', 'varchar', (c) => c.primaryKey())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('resolvedAt', 'varchar', (c) => c.notNull())
      .execute()
    // For pruning by age (see DidDocumentStore.write).
    await db.schema.createIndex('did_document_resolved_at').on('did_document').column('resolvedAt').execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('did_document').execute()
  },
}

/**
 * Reads kept documents at once, and writes newly fetched ones with the ingester's next batch (in its
 * transaction: no writes of their own, and nothing written by a process that is not the writer).
 */
export class DidDocumentStore {
  /** Fetched and not written yet. */
  private readonly unsaved = new Map<string, { document: DidDocument; resolvedAt: number }>()
  /** When documents too old to use were last deleted (never yet: the first batch does it). */
  private prunedAt = -Infinity
  private prunedRows = 0

  constructor(
    private readonly db: Kysely<DidDocumentSchema>,
    private readonly now: () => number = Date.now,
  ) {}

  /** A kept document of `did` and when it was fetched, unless none is kept or it is too old. */
  async get(did: string): Promise<{ document: DidDocument; resolvedAt: number } | undefined> {
    const waiting = this.unsaved.get(did)
    if (waiting) return waiting
    const row = await this.db.selectFrom('did_document').select(['document', 'resolvedAt']).where('did', '=', did).executeTakeFirst()
    if (!row) return undefined
    const resolvedAt = Date.parse(row.resolvedAt)
    if (!(this.now() - resolvedAt < DOCUMENT_MAX_AGE_MS)) return undefined
    try {
      return { document: JSON.parse(row.document) as DidDocument, resolvedAt }
    } catch {
      return undefined // a row we cannot read is looked up again, and overwritten
    }
  }

  /** A document just fetched from the directory: written with the next batch. */
  fetched(did: string, document: DidDocument): void {
    this.unsaved.set(did, { document, resolvedAt: this.now() })
  }

  /** Documents deleted for their age since start. */
  get pruned(): number {
    return this.prunedRows
  }

  /** How many fetched documents wait to be written. */
  get pending(): number {
    return this.unsaved.size
  }

  /**
   * Writes the fetched documents in `tx` and deletes those of `changed` (DIDs an #identity event in
   * the batch names), and once every PRUNE_EVERY_MS those too old to be used. Returns what to call
   * once `tx` has committed: until then they stay pending, so a batch that rolls back writes them
   * with its retry.
   */
  async write(tx: Kysely<any>, changed: readonly string[]): Promise<() => void> {
    const db = tx as Kysely<DidDocumentSchema>
    const pruned = await this.prune(db)
    for (const did of changed) this.unsaved.delete(did)
    const written = [...this.unsaved]
    if (changed.length > 0) await db.deleteFrom('did_document').where('did', 'in', [...changed]).execute()
    const rows = written.map(([did, { document, resolvedAt }]) => ({ did, document: JSON.stringify(document), resolvedAt: new Date(resolvedAt).toISOString() }))
    for (const chunk of fixedSizeChunks(rows, 256)) {
      await db
        .insertInto('did_document')
        .values(chunk)
        .onConflict((oc) => oc.column('did').doUpdateSet({ document: (eb) => eb.ref('excluded.document'), resolvedAt: (eb) => eb.ref('excluded.resolvedAt') }))
        .execute()
    }
    return () => {
      for (const [did, entry] of written) if (this.unsaved.get(did) === entry) this.unsaved.delete(did)
      if (pruned) {
        this.prunedAt = pruned.at
        this.prunedRows += pruned.rows
      }
    }
  }

  /** Deletes up to PRUNE_MAX_ROWS documents too old to use, when it is time (undefined when it is not). */
  private async prune(db: Kysely<DidDocumentSchema>): Promise<{ at: number; rows: number } | undefined> {
    const at = this.now()
    if (at - this.prunedAt < PRUNE_EVERY_MS) return undefined
    const cutoff = new Date(at - DOCUMENT_MAX_AGE_MS).toISOString()
    const oldest = db.selectFrom('did_document').select('did').where('resolvedAt', '<', cutoff).limit(PRUNE_MAX_ROWS)
    const result = await db.deleteFrom('did_document').where('did', 'in', oldest).executeTakeFirst()
    const rows = Number(result.numDeletedRows)
    // A full round: there may be more; the next batch goes on rather than waiting an hour.
    return { at: rows >= PRUNE_MAX_ROWS ? -Infinity : at, rows }
  }
}
