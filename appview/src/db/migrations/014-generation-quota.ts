import type { Kysely } from 'kysely'
import { integerType } from '@framewright/service-kit'

/**
 * Daily generation quotas: jobs per creator, provider and UTC day, counted in the database so
 * every API replica spends the same count. Only the current day matters; earlier days are pruned.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('generation_quota')
      .addColumn('creator', 'varchar', (c) => c.notNull())
      .addColumn('provider', 'varchar', (c) => c.notNull())
      .addColumn('day', 'varchar', (c) => c.notNull())
      .addColumn('jobs', integerType(db), (c) => c.notNull())
      .addPrimaryKeyConstraint('generation_quota_pkey', ['creator', 'provider', 'day'])
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('generation_quota').execute()
  },
}
