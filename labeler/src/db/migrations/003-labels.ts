import type { Kysely } from 'kysely'
import { autoIncrementKey, bytesType, integerType } from '@framewright/service-kit'

export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('label')
      .addColumn('seq', ...autoIncrementKey(db))
      .addColumn('src', 'varchar', (c) => c.notNull())
      .addColumn('uri', 'varchar', (c) => c.notNull())
      .addColumn('cid', 'varchar')
      .addColumn('val', 'varchar', (c) => c.notNull())
      .addColumn('neg', integerType(db), (c) => c.notNull())
      .addColumn('cts', 'varchar', (c) => c.notNull())
      .addColumn('exp', 'varchar')
      .addColumn('sig', bytesType(db), (c) => c.notNull())
      .execute()
    // Current state of (uri, val) is its highest seq: this index answers it and prefix searches.
    await db.schema.createIndex('label_uri_val_idx').on('label').columns(['uri', 'val', 'seq']).execute()
    await db.schema
      .createTable('label_explanation')
      .addColumn('labelSeq', integerType(db), (c) => c.primaryKey())
      .addColumn('detector', 'varchar', (c) => c.notNull())
      .addColumn('reason', 'varchar', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('report')
      .addColumn('id', ...autoIncrementKey(db))
      .addColumn('reasonType', 'varchar', (c) => c.notNull())
      .addColumn('reason', 'varchar')
      .addColumn('subjectType', 'varchar', (c) => c.notNull())
      .addColumn('subjectUri', 'varchar', (c) => c.notNull())
      .addColumn('subjectCid', 'varchar')
      .addColumn('reportedBy', 'varchar', (c) => c.notNull())
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('report_subject_idx').on('report').column('subjectUri').execute()
  },
  async down(db: Kysely<unknown>) {
    for (const t of ['report', 'label_explanation', 'label']) await db.schema.dropTable(t).execute()
  },
}
