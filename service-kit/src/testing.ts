import { readFileSync } from 'node:fs'
import type { Worker } from 'node:worker_threads'
import SqliteDb from 'better-sqlite3'
import { sql, type Kysely } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { Database, type Migrations } from './db/database'
import { TEST_POSTGRES_VARIABLE, testEngines, type TestEngine } from './db/test-engines'

export * from './db/test-engines'
export * from './upgrade-rows'
export * from './http/subscribe-attempt'

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

/** What a service's upgrade test writes before the upgrade and reads after it. */
export interface UpgradeCase<Schema> {
  /**
   * Writes rows as the previous release's code would have, into every table that release had
   * (the test fails naming any table left empty). The schema is the previous release's, so writes
   * go through an untyped Kysely: the current types may name columns that did not exist yet.
   */
  fill(db: Kysely<any>): Promise<void>
  /**
   * Columns added since the previous release to tables it already had, by table, each with the
   * value every row written before it must read back as (its documented default). A column added
   * without an entry here fails the test: someone has to say what old rows hold.
   */
  addedColumns: Record<string, Record<string, unknown>>
  /** Reads the upgraded rows through the service's own code (a feed page, a job, a label). */
  check(database: Database<Schema>): Promise<void>
  /**
   * The SQLite database the previous release's own files made, as SQL (written by
   * db/fixtures/previous-release-schema.ts): on SQLite the upgrade is checked from it too.
   */
  previousSqlite?: URL
}

/**
 * The upgrade check of a service, on each engine: a database made by the previous release's
 * migrations (`previousRelease`, names in `migrations`) and filled as that release would have, then
 * opened by this release and migrated to the latest; every row keeps its values, the added columns
 * read as `addedColumns` says, and `check` reads the data through the service's own code. On
 * SQLite, with `previousSqlite`, the same from the file the previous release's own files made.
 */
export function describeUpgrade<Schema>(service: string, migrations: Migrations, previousRelease: readonly string[], upgrade: UpgradeCase<Schema>): void {
  describeEngines(`${service} upgrade from the previous release`, (engine) => {
    it('names a previous release that is the start of this one', () => {
      expect(Object.keys(migrations).sort().slice(0, previousRelease.length)).toEqual([...previousRelease])
    })

    it("keeps every row of the previous release's database through the upgrade, and the service reads them", async () => {
      await checkUpgrade(engine.location(), migrations, previousRelease, upgrade)
    })

    const fixture = upgrade.previousSqlite
    if (engine.name !== 'sqlite' || !fixture) return

    it("has the SQLite schema the previous release's own files made, from its migrations as they are now", async () => {
      // Shipped migrations may gain a Postgres branch; a file on disk was made by the old text.
      const location = engine.location()
      loadSqlDump(location, readFileSync(fixture, 'utf8'))
      const made = openAt(location, pick(migrations, previousRelease))
      const now = engine.open(pick(migrations, previousRelease))
      try {
        await now.migrateToLatest()
        expect(await sqliteSchema(now)).toEqual(await sqliteSchema(made))
      } finally {
        await made.close()
      }
    })

    it("keeps every row of a SQLite file the previous release's own files made, and the service reads them", async () => {
      const location = engine.location()
      loadSqlDump(location, readFileSync(fixture, 'utf8'))
      await checkUpgrade(location, migrations, previousRelease, upgrade)
    })
  })
}

/**
 * Opens `location` with the previous release's migrations and fills it, then with every migration
 * (one database opened twice, as the previous release's process and then this release's would),
 * and checks what the upgrade kept.
 */
async function checkUpgrade<Schema>(location: string, migrations: Migrations, previousRelease: readonly string[], upgrade: UpgradeCase<Schema>): Promise<void> {
  const older = openAt<Schema>(location, pick(migrations, previousRelease))
  let before: Map<string, Table>
  try {
    await older.migrateToLatest()
    await upgrade.fill(older.db as Kysely<any>)
    before = await readTables(older)
  } finally {
    await older.close()
  }
  const empty = [...before].filter(([, t]) => t.rows.length === 0).map(([name]) => name)
  expect(empty, 'tables the fill left empty').toEqual([])

  const database = openAt<Schema>(location, migrations)
  try {
    await database.migrateToLatest()
    const after = await readTables(database)
    for (const [name, old] of before) {
      const now = after.get(name)
      expect(now, `table ${name}`).toBeDefined()
      const added = now!.columns.filter((c) => !old.columns.includes(c))
      expect(added, `columns added to ${name}`).toEqual(Object.keys(upgrade.addedColumns[name] ?? {}).sort())
      // Every row is still there with its values, and reads its added columns as documented.
      const kept = (rows: Record<string, unknown>[]) => sortRows(rows.map((r) => only(r, old.columns)))
      expect(kept(now!.rows), `rows of ${name}`).toEqual(kept(old.rows))
      for (const row of now!.rows) expect(only(row, added), `added columns of a row of ${name}`).toEqual(upgrade.addedColumns[name] ?? {})
    }
    await upgrade.check(database)
  } finally {
    await database.close()
  }
}

/** Makes the SQLite file at `location` from SQL (see db/fixtures/previous-release-schema.ts). */
function loadSqlDump(location: string, dump: string): void {
  const db = new SqliteDb(location)
  try {
    db.exec(dump)
  } finally {
    db.close()
  }
}

interface Table {
  columns: string[]
  rows: Record<string, unknown>[]
}

function openAt<Schema>(location: string, migrations: Migrations): Database<Schema> {
  return Database.open<Schema>(location, migrations, TEST_POSTGRES_VARIABLE, { checkpointThread: false })
}

function pick(migrations: Migrations, names: readonly string[]): Migrations {
  return Object.fromEntries(names.map((name) => [name, migrations[name]!]))
}

/** Every table of a database (its own schema on Postgres: the dialect introspects no other), without Kysely's, with its columns and rows. */
async function readTables<Schema>(database: Database<Schema>): Promise<Map<string, Table>> {
  const db = database.db as Kysely<unknown>
  const result = new Map<string, Table>()
  for (const table of await db.introspection.getTables()) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(db)
    result.set(table.name, { columns: table.columns.map((c) => c.name).sort(), rows })
  }
  return result
}

function only(row: Record<string, unknown>, columns: string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, row[c]]))
}

/** Rows in one order, whatever order the engine returned them in. */
function sortRows(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const keyed = rows.map((row) => ({ row, key: JSON.stringify(row) }))
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((k) => k.row)
}

/** A worker thread's first message (its error, if it fails first); the worker is stopped after. */
export async function firstMessage(worker: Worker): Promise<unknown> {
  try {
    return await new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
  } finally {
    await worker.terminate()
  }
}
