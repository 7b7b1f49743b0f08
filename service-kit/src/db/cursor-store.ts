import type { Kysely } from 'kysely'

/** Where an ingester keeps its position in a stream, in the same database as what it indexed. */
export interface CursorStore {
  get(): Promise<number | undefined>
  set(cursor: number): Promise<void>
}

/** Schema of the shared `ingest_cursor` table (one row per stream a service follows). */
export interface IngestCursorTable {
  stream: string
  cursor: number
  updatedAt: string
}

export type IngestCursorSchema = { ingest_cursor: IngestCursorTable }

/** Migration creating the ingest_cursor table; every service lists it in its migrations. */
export const ingestCursorMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('ingest_cursor')
      .addColumn('stream', 'varchar', (col) => col.primaryKey())
      .addColumn('cursor', 'bigint', (col) => col.notNull())
      .addColumn('updatedAt', 'varchar', (col) => col.notNull())
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('ingest_cursor').execute()
  },
}

/** A cursor store backed by the ingest_cursor table. Cursors only move forward. */
export class DbCursorStore implements CursorStore {
  constructor(
    private readonly db: Kysely<IngestCursorSchema>,
    readonly stream: string,
  ) {}

  async get(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('ingest_cursor')
      .select('cursor')
      .where('stream', '=', this.stream)
      .executeTakeFirst()
    return row ? Number(row.cursor) : undefined
  }

  async set(cursor: number): Promise<void> {
    const updatedAt = new Date().toISOString()
    await this.db
      .insertInto('ingest_cursor')
      .values({ stream: this.stream, cursor, updatedAt })
      .onConflict((oc) =>
        oc.column('stream').doUpdateSet({ cursor, updatedAt }).where('ingest_cursor.cursor', '<', cursor),
      )
      .execute()
  }

  /** Forgets the position (e.g. when the source was reset and our cursor is in its future). */
  async reset(): Promise<void> {
    await this.db.deleteFrom('ingest_cursor').where('stream', '=', this.stream).execute()
  }
}
