import type { Kysely } from 'kysely'
import { integerType } from '@framewright/service-kit'

/**
 * How many times a job was taken back from a runner that stopped mid-job (a crash, a kill, or on
 * SQLite any stop): a job that itself brings the service down is given up after a few, instead of
 * being resumed, and bringing it down again, forever.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('generation_job')
      .addColumn('interruptions', integerType(db), (c) => c.notNull().defaultTo(0))
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('generation_job').dropColumn('interruptions').execute()
  },
}
