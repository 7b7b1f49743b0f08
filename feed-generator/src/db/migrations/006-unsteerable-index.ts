import { sql, type Kysely } from 'kysely'

/**
 * Every start asks for feed items written before steering (words is null) so it can refresh them.
 * Without an index that is a scan of the whole feed on each start; this partial index holds only
 * those rows, so once they are refreshed the question costs nothing.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('feed_item_unsteerable_idx').ifNotExists().on('feed_item').column('uri').where(sql.ref('words'), 'is', null).execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('feed_item_unsteerable_idx').ifExists().execute()
  },
}
