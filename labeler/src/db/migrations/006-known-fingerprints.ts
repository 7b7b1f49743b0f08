import type { Kysely } from 'kysely'
import { autoIncrementKey, integerType } from '@framewright/service-kit'

/**
 * Perceptual fingerprints of videos moderators labelled (known-deepfake, !takedown), and the matches
 * of later videos with them, from which the known-copy detector labels the copies.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('known_fingerprint')
      .addColumn('id', ...autoIncrementKey(db))
      .addColumn('sourceUri', 'varchar', (c) => c.notNull())
      .addColumn('val', 'varchar', (c) => c.notNull())
      .addColumn('blobCid', 'varchar', (c) => c.notNull())
      .addColumn('author', 'varchar', (c) => c.notNull())
      .addColumn('status', 'varchar', (c) => c.notNull())
      .addColumn('frames', 'text', (c) => c.notNull())
      .addColumn('attempts', integerType(db), (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .addColumn('updatedAt', 'varchar', (c) => c.notNull())
      .addUniqueConstraint('known_fingerprint_source_val', ['sourceUri', 'val'])
      .execute()
    await db.schema.createIndex('known_fingerprint_status_idx').on('known_fingerprint').column('status').execute()
    await db.schema
      .createTable('known_copy_match')
      .addColumn('subjectUri', 'varchar', (c) => c.notNull())
      .addColumn('sourceUri', 'varchar', (c) => c.notNull())
      .addColumn('val', 'varchar', (c) => c.notNull())
      .addColumn('matchedFrames', integerType(db), (c) => c.notNull())
      .addColumn('probeFrames', integerType(db), (c) => c.notNull())
      .addColumn('meanDistanceTenths', integerType(db), (c) => c.notNull())
      .addColumn('mirrored', integerType(db), (c) => c.notNull())
      .addColumn('offsetMs', integerType(db), (c) => c.notNull())
      .addColumn('matchedAt', 'varchar', (c) => c.notNull())
      .addPrimaryKeyConstraint('known_copy_match_pk', ['subjectUri', 'sourceUri', 'val'])
      .execute()
    // Lifting an original finds its copies by source.
    await db.schema.createIndex('known_copy_match_source_idx').on('known_copy_match').columns(['sourceUri', 'val']).execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('known_copy_match').execute()
    await db.schema.dropTable('known_fingerprint').execute()
  },
}
