import type { Kysely } from 'kysely'

/**
 * The scan backlog: videos and Bluesky video posts waiting for the scan pipeline, written in the
 * ingestion batch that indexed them, so that a labeler restarted (or killed) with a queue still
 * scans what it had not: before, the queue lived only in memory and a restart dropped it.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('scan_backlog')
      .addColumn('uri', 'text', (c) => c.notNull())
      .addColumn('blobCid', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      /** JSON array of the DIDs the record declares in depicts. */
      .addColumn('declared', 'text', (c) => c.notNull())
      .addColumn('offeredAt', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('scan_backlog_pk', ['uri', 'blobCid'])
      .execute()
    await db.schema.createIndex('scan_backlog_offered_idx').on('scan_backlog').columns(['offeredAt', 'uri']).execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('scan_backlog').execute()
  },
}
