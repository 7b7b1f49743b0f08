import { sql, type Kysely } from 'kysely'
import { CREATE_SEARCH, DROP_SEARCH } from '../../search/fts-sqlite'

/** Full-text search over videos (caption, tags, prompt) and people (handle, display name): SQLite FTS5, kept in step by triggers. */
export default {
  async up(db: Kysely<unknown>) {
    for (const statement of CREATE_SEARCH) await sql.raw(statement).execute(db)
  },
  async down(db: Kysely<unknown>) {
    for (const statement of DROP_SEARCH) await sql.raw(statement).execute(db)
  },
}
