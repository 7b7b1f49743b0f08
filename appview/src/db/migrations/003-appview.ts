import type { Kysely } from 'kysely'
import { bytesType, integerType } from '@framewright/service-kit'

export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('feed_generator')
      .addColumn('uri', 'varchar', (c) => c.primaryKey())
      .addColumn('cid', 'varchar', (c) => c.notNull())
      .addColumn('creator', 'varchar', (c) => c.notNull())
      .addColumn('did', 'varchar', (c) => c.notNull())
      .addColumn('displayName', 'varchar', (c) => c.notNull())
      .addColumn('description', 'varchar')
      .addColumn('contentMode', 'varchar')
      .addColumn('acceptsInteractions', integerType(db), (c) => c.notNull())
      .addColumn('indexedAt', 'varchar', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('labeler_service')
      .addColumn('did', 'varchar', (c) => c.primaryKey())
      .addColumn('cid', 'varchar', (c) => c.notNull())
      .addColumn('policies', 'text', (c) => c.notNull())
      .addColumn('indexedAt', 'varchar', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('label')
      .addColumn('src', 'varchar', (c) => c.notNull())
      .addColumn('uri', 'varchar', (c) => c.notNull())
      .addColumn('val', 'varchar', (c) => c.notNull())
      .addColumn('cid', 'varchar')
      .addColumn('neg', integerType(db), (c) => c.notNull())
      .addColumn('cts', 'varchar', (c) => c.notNull())
      .addColumn('exp', 'varchar')
      .addColumn('sig', bytesType(db), (c) => c.notNull())
      .addPrimaryKeyConstraint('label_pkey', ['src', 'uri', 'val'])
      .execute()
    await db.schema.createIndex('label_uri_idx').on('label').columns(['uri', 'src']).execute()
    await db.schema
      .createTable('actor_handle')
      .addColumn('did', 'varchar', (c) => c.primaryKey())
      .addColumn('handle', 'varchar', (c) => c.notNull())
      .addColumn('checkedAt', 'varchar', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('generation_job')
      .addColumn('id', 'varchar', (c) => c.primaryKey())
      .addColumn('creator', 'varchar', (c) => c.notNull())
      .addColumn('status', 'varchar', (c) => c.notNull())
      .addColumn('progress', integerType(db), (c) => c.notNull())
      .addColumn('stage', 'varchar')
      .addColumn('provider', 'varchar', (c) => c.notNull())
      .addColumn('model', 'varchar', (c) => c.notNull())
      .addColumn('prompt', 'text', (c) => c.notNull())
      .addColumn('seed', 'bigint', (c) => c.notNull())
      .addColumn('durationMs', integerType(db), (c) => c.notNull())
      .addColumn('width', integerType(db), (c) => c.notNull())
      .addColumn('height', integerType(db), (c) => c.notNull())
      .addColumn('depicts', 'text', (c) => c.notNull())
      .addColumn('remixOfUri', 'varchar')
      .addColumn('remixOfCid', 'varchar')
      .addColumn('providerJobId', 'varchar')
      .addColumn('error', 'varchar')
      .addColumn('result', 'text')
      .addColumn('provenance', 'text')
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .addColumn('updatedAt', 'varchar', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('generation_job_status_idx').on('generation_job').columns(['status', 'createdAt']).execute()
    await db.schema.createIndex('generation_job_creator_idx').on('generation_job').columns(['creator', 'createdAt']).execute()
  },
  async down(db: Kysely<unknown>) {
    for (const t of ['generation_job', 'actor_handle', 'label', 'labeler_service', 'feed_generator']) {
      await db.schema.dropTable(t).execute()
    }
  },
}
