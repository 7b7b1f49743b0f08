import type { Kysely } from 'kysely'

/** What each scanned file's C2PA manifest says (read by the scan pipeline), for the C2PA detectors. */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('c2pa_fact')
      .addColumn('subjectUri', 'varchar', (c) => c.primaryKey())
      .addColumn('blobCid', 'varchar', (c) => c.notNull())
      .addColumn('facts', 'text', (c) => c.notNull())
      .addColumn('readAt', 'varchar', (c) => c.notNull())
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('c2pa_fact').execute()
  },
}
