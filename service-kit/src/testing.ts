import { sql, type Kysely } from 'kysely'
import { afterAll, describe } from 'vitest'
import type { Database } from './db/database'
import { testEngines, type TestEngine } from './db/test-engines'

export * from './db/test-engines'

/**
 * Declares a suite once per database engine: `title (sqlite)` always, `title (postgres)` when
 * FRAMEWRIGHT_TEST_POSTGRES_URL is set, and otherwise a skipped suite whose name says how to run it.
 * Every database the body opens through `engine.open` is removed after the suite.
 */
export function describeEngines(title: string, body: (engine: TestEngine) => void): void {
  for (const engine of testEngines()) {
    const name = `${title} (${engine.name})`
    if (engine.skip) {
      describe.skip(`${name}: ${engine.skip}`, () => body(engine))
      continue
    }
    describe(name, () => {
      afterAll(() => engine.cleanup())
      body(engine)
    })
  }
}

/** The tables of a database (on Postgres, of its own schema only), sorted, without Kysely's own. */
export async function tableNames(database: Database<unknown>): Promise<string[]> {
  const tables = await database.db.introspection.getTables()
  return tables
    .filter((t) => database.schema === undefined || t.schema === database.schema)
    .map((t) => t.name)
    .filter((name) => !name.startsWith('kysely_'))
    .sort()
}

/** The names of the migrations applied to a database, in order. */
export async function appliedMigrations(database: Database<unknown>): Promise<string[]> {
  const db = database.db as Kysely<{ kysely_migration: { name: string } }>
  const rows = await (database.schema ? db.withSchema(database.schema) : db).selectFrom('kysely_migration').select('name').orderBy('name').execute()
  return rows.map((r) => r.name)
}

/** A SQLite database's schema as SQLite keeps it (every table, index and trigger's own SQL), by name. */
export async function sqliteSchema(database: Database<unknown>): Promise<string[]> {
  const { rows } = await sql<{ type: string; name: string; sql: string | null }>`select type, name, sql from sqlite_master order by name`.execute(database.db)
  return rows.map((r) => `${r.type} ${r.name}: ${r.sql ?? ''}`)
}
