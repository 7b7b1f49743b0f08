import { sql, type Kysely } from 'kysely'
import { autoIncrementKey, bytesType, integerType } from '../db/dialect'

/** Creates dead_letter and repo_state (see schema.ts). Every service lists it in its migrations. */
export const ingestPipelineMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('dead_letter')
      .addColumn('id', ...autoIncrementKey(db))
      .addColumn('seq', 'bigint')
      .addColumn('did', 'varchar')
      .addColumn('subject', 'varchar')
      .addColumn('reason', 'varchar', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('frame', bytesType(db))
      .addColumn('attempts', integerType(db), (c) => c.notNull())
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('repo_state')
      .addColumn('did', 'varchar', (c) => c.primaryKey())
      .addColumn('rev', 'varchar', (c) => c.notNull())
      .addColumn('needsResync', integerType(db), (c) => c.notNull())
      .addColumn('updatedAt', 'varchar', (c) => c.notNull())
      .execute()
    // Backfill walks the repos to re-import; a partial index keeps that list free to read.
    await db.schema.createIndex('repo_state_resync_idx').on('repo_state').column('did').where(sql.ref('needsResync'), '=', 1).execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('repo_state').execute()
    await db.schema.dropTable('dead_letter').execute()
  },
}
