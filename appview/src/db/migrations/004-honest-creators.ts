import type { Kysely } from 'kysely'

/**
 * Grant holders' display names (for prompts that name them, and typeahead), an index for handle
 * typeahead, and the restrictions a job carries.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('grant_holder_name')
      .addColumn('did', 'varchar', (c) => c.primaryKey())
      .addColumn('displayName', 'varchar')
      .addColumn('normalizedName', 'varchar')
      .addColumn('firstWord', 'varchar')
      .addColumn('checkedAt', 'varchar', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('grant_holder_name_word_idx').on('grant_holder_name').column('firstWord').execute()
    await db.schema.createIndex('grant_holder_name_name_idx').on('grant_holder_name').column('normalizedName').execute()
    await db.schema.createIndex('actor_handle_handle_idx').on('actor_handle').column('handle').execute()
    await db.schema.alterTable('generation_job').addColumn('restrictions', 'text').execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('generation_job').dropColumn('restrictions').execute()
    await db.schema.dropIndex('actor_handle_handle_idx').execute()
    await db.schema.dropTable('grant_holder_name').execute()
  },
}
