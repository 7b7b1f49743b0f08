import type { Kysely } from 'kysely'
import { integerType } from '@framewright/service-kit'

/**
 * What the appview learnt by probing a video blob (whether it has sound), keyed by the blob's CID:
 * a CID names immutable bytes, so a probe never goes stale and reposts of the same file share it.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('video_media')
      .addColumn('blobCid', 'varchar', (c) => c.primaryKey())
      .addColumn('hasAudio', integerType(db), (c) => c.notNull())
      .addColumn('probedAt', 'varchar', (c) => c.notNull())
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('video_media').execute()
  },
}
