import type { Kysely } from 'kysely'
import { autoIncrementKey, bytesType, integerType } from '@framewright/service-kit'

/**
 * Enrolled face templates (sealed descriptors, never media) and the people the face-match scan found
 * in videos, the evidence behind likeness-undeclared.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('face_template')
      .addColumn('id', ...autoIncrementKey(db))
      .addColumn('did', 'varchar', (c) => c.notNull())
      .addColumn('sealed', bytesType(db), (c) => c.notNull())
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('face_template_did_idx').on('face_template').column('did').execute()
    await db.schema
      .createTable('found_depiction')
      .addColumn('subjectUri', 'varchar', (c) => c.notNull())
      .addColumn('did', 'varchar', (c) => c.notNull())
      .addColumn('author', 'varchar', (c) => c.notNull())
      .addColumn('method', 'varchar', (c) => c.notNull())
      .addColumn('similarity', integerType(db), (c) => c.notNull())
      .addColumn('frameMs', integerType(db), (c) => c.notNull())
      .addColumn('framesMatched', integerType(db), (c) => c.notNull())
      .addColumn('framesSampled', integerType(db), (c) => c.notNull())
      .addColumn('declared', integerType(db), (c) => c.notNull())
      .addColumn('foundAt', 'varchar', (c) => c.notNull())
      .addPrimaryKeyConstraint('found_depiction_pk', ['subjectUri', 'did'])
      .execute()
    await db.schema.createIndex('found_depiction_did_idx').on('found_depiction').columns(['did', 'foundAt']).execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('found_depiction').execute()
    await db.schema.dropTable('face_template').execute()
  },
}
