import { sql, type Kysely } from 'kysely'
import { dialectOf } from '@framewright/service-kit'
import { CREATE_SEARCH, DROP_SEARCH } from '../../search/fts-sqlite'
import { DROP_SEARCH_008, SEARCH_008 } from './008-search'

/**
 * Search rows found by rowid (see search/fts-sqlite.ts): the FTS tables are rebuilt from what is
 * indexed. Nothing to do on Postgres, whose search (008) is keyed by URI and DID from the start.
 */
export default {
  async up(db: Kysely<unknown>) {
    if (dialectOf(db) === 'postgres') return
    for (const statement of [...DROP_SEARCH_008, ...CREATE_SEARCH]) await sql.raw(statement).execute(db)
  },
  async down(db: Kysely<unknown>) {
    if (dialectOf(db) === 'postgres') return
    for (const statement of [...DROP_SEARCH, ...SEARCH_008]) await sql.raw(statement).execute(db)
  },
}
