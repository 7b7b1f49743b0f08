import type { Kysely } from 'kysely'

/**
 * Plain Bluesky posts that embed a video, kept only as far as the reupload detector needs them
 * (which bytes, by whom), so a re-post of one of our AI videos can be matched by its blob CID.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('bsky_video_post')
      .addColumn('uri', 'varchar', (c) => c.primaryKey())
      .addColumn('cid', 'varchar', (c) => c.notNull())
      .addColumn('author', 'varchar', (c) => c.notNull())
      .addColumn('blobCid', 'varchar', (c) => c.notNull())
      .addColumn('createdAt', 'varchar', (c) => c.notNull())
      .execute()
    // Both directions of the match go by blob: a post finds its original, a video finds its re-posts.
    await db.schema.createIndex('bsky_video_post_blob_idx').on('bsky_video_post').column('blobCid').execute()
    await db.schema.createIndex('video_blob_idx').on('video').column('blobCid').execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('video_blob_idx').execute()
    await db.schema.dropTable('bsky_video_post').execute()
  },
}
