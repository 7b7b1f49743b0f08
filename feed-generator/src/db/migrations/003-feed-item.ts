import type { Kysely } from 'kysely'
import { integerType } from '@framewright/service-kit'

export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('feed_item')
      .addColumn('uri', 'varchar', (c) => c.primaryKey())
      .addColumn('post', 'varchar', (c) => c.notNull())
      .addColumn('creator', 'varchar', (c) => c.notNull())
      .addColumn('rank', 'bigint', (c) => c.notNull())
      .addColumn('madeAt', 'bigint', (c) => c.notNull())
      .addColumn('consented', integerType(db), (c) => c.notNull())
      .addColumn('context', 'varchar', (c) => c.notNull())
      .execute()
    // Keyset pagination reads exactly (rank, uri) in order; the row-value cursor condition uses it.
    await db.schema.createIndex('feed_item_rank_idx').on('feed_item').columns(['consented', 'rank', 'uri']).execute()
    await db.schema.createIndex('feed_item_made_idx').on('feed_item').columns(['madeAt', 'uri']).execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('feed_item').execute()
  },
}
