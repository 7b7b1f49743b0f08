import type { Kysely } from 'kysely'
import { integerType } from '../db/dialect'

/** Creates the video graph tables (see schema.ts). Shipped migrations are never edited. */
export const videoGraphMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('video')
      .addColumn('uri', 'varchar', (c) => c.primaryKey())
      .addColumn('cid', 'varchar', (c) => c.notNull())
      .addColumn('creator', 'varchar', (c) => c.notNull())
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .addColumn('indexedAt', 'varchar', (c) => c.notNull())
      .addColumn('sortAt', 'varchar', (c) => c.notNull())
      .addColumn('text', 'varchar', (c) => c.notNull())
      .addColumn('provider', 'varchar', (c) => c.notNull())
      .addColumn('model', 'varchar', (c) => c.notNull())
      .addColumn('prompt', 'varchar', (c) => c.notNull())
      .addColumn('blobCid', 'varchar', (c) => c.notNull())
      .addColumn('blobMime', 'varchar', (c) => c.notNull())
      .addColumn('blobSize', 'bigint', (c) => c.notNull())
      .addColumn('durationMs', integerType(db))
      .addColumn('width', integerType(db))
      .addColumn('height', integerType(db))
      .addColumn('remixOfUri', 'varchar')
      .addColumn('remixOfCid', 'varchar')
      .addColumn('crosspostUri', 'varchar')
      .addColumn('crosspostCid', 'varchar')
      .addColumn('record', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('video_creator_idx').on('video').columns(['creator', 'sortAt']).execute()
    await db.schema.createIndex('video_crosspost_idx').on('video').column('crosspostUri').execute()
    await db.schema.createIndex('video_remix_of_idx').on('video').column('remixOfUri').execute()

    await db.schema
      .createTable('depiction')
      .addColumn('videoUri', 'varchar', (c) => c.notNull())
      .addColumn('creator', 'varchar', (c) => c.notNull())
      .addColumn('subject', 'varchar', (c) => c.notNull())
      .addColumn('grantUri', 'varchar')
      .addPrimaryKeyConstraint('depiction_pkey', ['videoUri', 'subject'])
      .execute()
    await db.schema.createIndex('depiction_subject_idx').on('depiction').columns(['subject', 'creator']).execute()

    await db.schema
      .createTable('likeness_grant')
      .addColumn('did', 'varchar', (c) => c.primaryKey())
      .addColumn('uri', 'varchar', (c) => c.notNull())
      .addColumn('cid', 'varchar', (c) => c.notNull())
      .addColumn('audience', 'varchar', (c) => c.notNull())
      .addColumn('approved', 'text', (c) => c.notNull())
      .addColumn('restrictions', 'varchar')
      .addColumn('expiresAt', 'varchar')
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .addColumn('indexedAt', 'varchar', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('likeness_review')
      .addColumn('uri', 'varchar', (c) => c.primaryKey())
      .addColumn('reviewer', 'varchar', (c) => c.notNull())
      .addColumn('videoUri', 'varchar', (c) => c.notNull())
      .addColumn('verdict', 'varchar', (c) => c.notNull())
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .addColumn('indexedAt', 'varchar', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('likeness_review_video_idx')
      .on('likeness_review')
      .columns(['videoUri', 'reviewer', 'createdAt'])
      .execute()

    await db.schema
      .createTable('follow')
      .addColumn('uri', 'varchar', (c) => c.primaryKey())
      .addColumn('creator', 'varchar', (c) => c.notNull())
      .addColumn('subject', 'varchar', (c) => c.notNull())
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('follow_pair_idx').on('follow').columns(['creator', 'subject']).execute()

    await db.schema
      .createTable('actor')
      .addColumn('did', 'varchar', (c) => c.primaryKey())
      .addColumn('active', integerType(db), (c) => c.notNull())
      .addColumn('status', 'varchar')
      .addColumn('updatedAt', 'varchar', (c) => c.notNull())
      .execute()
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['actor', 'follow', 'likeness_review', 'likeness_grant', 'depiction', 'video']) {
      await db.schema.dropTable(table).execute()
    }
  },
}
