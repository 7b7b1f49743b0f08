import type { Kysely } from 'kysely'

/**
 * Viewers' interactions (sendInteractions), and two indexes the personal feeds need: feed_item by
 * its companion post (an interaction names the post we listed) and by creator (the following feed).
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('feed_interaction')
      .ifNotExists()
      .addColumn('viewer', 'varchar', (c) => c.notNull())
      .addColumn('item', 'varchar', (c) => c.notNull())
      .addColumn('videoUri', 'varchar')
      .addColumn('creator', 'varchar', (c) => c.notNull())
      .addColumn('creatorLabel', 'varchar', (c) => c.notNull())
      .addColumn('tags', 'varchar', (c) => c.notNull())
      .addColumn('event', 'varchar', (c) => c.notNull())
      .addColumn('at', 'varchar', (c) => c.notNull())
      .addPrimaryKeyConstraint('feed_interaction_pkey', ['viewer', 'item'])
      .execute()
    await db.schema.createIndex('feed_interaction_viewer_at_idx').ifNotExists().on('feed_interaction').columns(['viewer', 'at']).execute()
    await db.schema.createIndex('feed_item_post_idx').ifNotExists().on('feed_item').column('post').execute()
    await db.schema.createIndex('feed_item_creator_made_idx').ifNotExists().on('feed_item').columns(['creator', 'madeAt', 'uri']).execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('feed_item_creator_made_idx').ifExists().execute()
    await db.schema.dropIndex('feed_item_post_idx').ifExists().execute()
    await db.schema.dropTable('feed_interaction').ifExists().execute()
  },
}
