import type { Kysely } from 'kysely'

/** Reports get a status, so moderators see what is still open and who resolved the rest. */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('report').addColumn('status', 'varchar', (c) => c.notNull().defaultTo('open')).execute()
    await db.schema.alterTable('report').addColumn('resolvedBy', 'varchar').execute()
    await db.schema.alterTable('report').addColumn('resolvedAt', 'varchar').execute()
    // listReports: open reports, newest first, keyset on (createdAt, id).
    await db.schema.createIndex('report_status_created_idx').on('report').columns(['status', 'createdAt', 'id']).execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('report_status_created_idx').execute()
    for (const column of ['resolvedAt', 'resolvedBy', 'status']) await db.schema.alterTable('report').dropColumn(column).execute()
  },
}
