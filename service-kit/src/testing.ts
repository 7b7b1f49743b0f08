import { sql, type Kysely } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import type { Database, Migrations } from './db/database'
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

/**
 * The migration checks of a service, on each engine: every migration runs forward from an empty
 * database, a second run changes nothing, and the service's `tables` are there; on SQLite the schema
 * is the snapshot next to the calling test (shipped migrations may gain a Postgres branch, never a
 * different SQLite schema: existing files were made by them).
 */
export function describeMigrations(service: string, migrations: Migrations, tables: string[]): void {
  describeEngines(`${service} migrations`, (engine) => {
    it('run forward from an empty database, every one of them, and a second run changes nothing', async () => {
      const database = engine.open(migrations)
      await database.migrateToLatest()
      const found = await tableNames(database)
      expect(await appliedMigrations(database)).toEqual(Object.keys(migrations).sort())
      expect(found).toEqual(expect.arrayContaining(tables))
      await database.migrateToLatest()
      expect(await tableNames(database)).toEqual(found)
    })

    it.runIf(engine.name === 'sqlite')('create the SQLite schema exactly as shipped', async () => {
      const database = engine.open(migrations)
      await database.migrateToLatest()
      expect(await sqliteSchema(database)).toMatchSnapshot()
    })
  })
}
