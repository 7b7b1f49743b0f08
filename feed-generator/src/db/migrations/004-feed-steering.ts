import type { Kysely } from 'kysely'
import { integerType } from '@framewright/service-kit'

/**
 * Steering and finite feeds: each viewer's feed.prefs record, the items served to each viewer per
 * UTC day (the daily limit), and on feed_item the facts a per-viewer re-score needs. Rows of
 * feed_item written before this migration have `words` null and are refreshed at start.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('feed_prefs')
      .addColumn('did', 'varchar', (c) => c.primaryKey())
      .addColumn('uri', 'varchar', (c) => c.notNull())
      .addColumn('cid', 'varchar', (c) => c.notNull())
      .addColumn('instruction', 'varchar')
      .addColumn('weightRemixes', integerType(db))
      .addColumn('weightNewCreators', integerType(db))
      .addColumn('weightFollowing', integerType(db))
      .addColumn('weightFreshness', integerType(db))
      .addColumn('dailyLimit', integerType(db))
      .addColumn('breakReminderMinutes', integerType(db))
      .addColumn('mutedTags', 'text', (c) => c.notNull())
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .addColumn('indexedAt', 'varchar', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('feed_served')
      .addColumn('viewer', 'varchar', (c) => c.notNull())
      .addColumn('day', 'varchar', (c) => c.notNull())
      .addColumn('uri', 'varchar', (c) => c.notNull())
      .addPrimaryKeyConstraint('feed_served_pkey', ['viewer', 'day', 'uri'])
      .execute()

    // One statement per column: SQLite adds one column per ALTER TABLE.
    await db.schema.alterTable('feed_item').addColumn('isRemix', integerType(db), (c) => c.notNull().defaultTo(0)).execute()
    await db.schema.alterTable('feed_item').addColumn('newCreator', integerType(db), (c) => c.notNull().defaultTo(0)).execute()
    await db.schema.alterTable('feed_item').addColumn('remixCount', integerType(db), (c) => c.notNull().defaultTo(0)).execute()
    await db.schema.alterTable('feed_item').addColumn('tags', 'varchar', (c) => c.notNull().defaultTo('')).execute()
    await db.schema.alterTable('feed_item').addColumn('words', 'varchar').execute()
  },
  async down(db: Kysely<unknown>) {
    for (const column of ['words', 'tags', 'remixCount', 'newCreator', 'isRemix']) {
      await db.schema.alterTable('feed_item').dropColumn(column).execute()
    }
    await db.schema.dropTable('feed_served').execute()
    await db.schema.dropTable('feed_prefs').execute()
  },
}
