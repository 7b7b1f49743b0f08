import type { Kysely } from 'kysely'

/** Comments (Bluesky replies to companion posts), likes of companion posts, notifications. */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('comment')
      .addColumn('uri', 'varchar', (c) => c.primaryKey())
      .addColumn('cid', 'varchar', (c) => c.notNull())
      .addColumn('creator', 'varchar', (c) => c.notNull())
      .addColumn('videoUri', 'varchar', (c) => c.notNull())
      .addColumn('parentUri', 'varchar', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .addColumn('indexedAt', 'varchar', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('comment_video_idx').on('comment').columns(['videoUri', 'indexedAt', 'uri']).execute()
    await db.schema.createIndex('comment_creator_idx').on('comment').column('creator').execute()
    await db.schema
      .createTable('post_like')
      .addColumn('uri', 'varchar', (c) => c.primaryKey())
      .addColumn('creator', 'varchar', (c) => c.notNull())
      .addColumn('subject', 'varchar', (c) => c.notNull())
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('post_like_subject_idx').on('post_like').columns(['subject', 'creator']).execute()
    await db.schema.createIndex('post_like_creator_idx').on('post_like').column('creator').execute()
    await db.schema
      .createTable('notification')
      .addColumn('recipient', 'varchar', (c) => c.notNull())
      .addColumn('uri', 'varchar', (c) => c.notNull())
      .addColumn('reason', 'varchar', (c) => c.notNull())
      .addColumn('author', 'varchar', (c) => c.notNull())
      .addColumn('reasonSubject', 'varchar')
      .addColumn('text', 'text')
      .addColumn('indexedAt', 'varchar', (c) => c.notNull())
      .addPrimaryKeyConstraint('notification_pkey', ['recipient', 'uri', 'reason'])
      .execute()
    await db.schema.createIndex('notification_recipient_idx').on('notification').columns(['recipient', 'indexedAt', 'uri']).execute()
    await db.schema.createIndex('notification_uri_idx').on('notification').column('uri').execute()
    await db.schema
      .createTable('notification_seen')
      .addColumn('did', 'varchar', (c) => c.primaryKey())
      .addColumn('seenAt', 'varchar', (c) => c.notNull())
      .execute()
  },
  async down(db: Kysely<unknown>) {
    for (const t of ['notification_seen', 'notification', 'post_like', 'comment']) await db.schema.dropTable(t).execute()
  },
}
