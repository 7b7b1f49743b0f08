import type { Kysely } from 'kysely'

/**
 * Several job runners share the generation queue: a running job names the runner that holds it and
 * when that runner last said it was alive, so a job whose runner died goes back to the queue while
 * live runners' jobs stay theirs.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('generation_job').addColumn('runner', 'varchar').execute()
    await db.schema.alterTable('generation_job').addColumn('heartbeatAt', 'varchar').execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('generation_job').dropColumn('heartbeatAt').execute()
    await db.schema.alterTable('generation_job').dropColumn('runner').execute()
  },
}
