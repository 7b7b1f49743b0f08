import type { Kysely } from 'kysely'

/**
 * listMyReports: one reporter's reports, newest first, keyset on (createdAt, id). Without this the
 * reporter's lookup scanned every report and sorted them.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('report_reporter_created_idx').on('report').columns(['reportedBy', 'createdAt', 'id']).execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('report_reporter_created_idx').execute()
  },
}
