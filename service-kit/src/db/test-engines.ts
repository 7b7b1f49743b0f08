import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { Database, type Migrations } from './database'
import { postgresUrlWithSchema } from './postgres'
import type { SqlDialect } from './dialect'

/** The variable that points tests at a Postgres server (CI sets it; without it Postgres tests are skipped). */
export const TEST_POSTGRES_VARIABLE = 'FRAMEWRIGHT_TEST_POSTGRES_URL'

/**
 * An engine tests run a database on: each `open` is a fresh, empty database (a temporary SQLite
 * file, or a uniquely named Postgres schema), and `cleanup` removes every one it opened.
 */
export interface TestEngine {
  name: SqlDialect
  /** Why this engine cannot run here (its tests are skipped), or undefined. */
  skip?: string
  /** A fresh database with `migrations` listed (not yet applied). */
  open<Schema>(migrations: Migrations): Database<Schema>
  /**
   * Where a fresh database lives, for a test that opens it more than once (a restart): a file path
   * or a postgres URL with its own `?schema=`. Open it with Database.open; cleanup removes it.
   */
  location(): string
  /** Closes and removes every database this engine opened. */
  cleanup(): Promise<void>
}

/** SQLite in temporary files (no checkpoint thread: tests are short). */
function sqliteEngine(): TestEngine {
  const dirs: string[] = []
  const opened: Database<unknown>[] = []
  return {
    name: 'sqlite',
    open<Schema>(migrations: Migrations) {
      const database = Database.open<Schema>(this.location(), migrations, 'test database', { checkpointThread: false })
      opened.push(database as Database<unknown>)
      return database
    },
    location() {
      const dir = mkdtempSync(join(tmpdir(), 'fw-test-db-'))
      dirs.push(dir)
      return join(dir, 'test.sqlite')
    },
    async cleanup() {
      for (const database of opened.splice(0)) await database.close()
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Postgres at `url`, each database a schema of its own (created by migrateToLatest, dropped by cleanup). */
function postgresEngine(url: string | undefined): TestEngine {
  const schemas: string[] = []
  const opened: Database<unknown>[] = []
  return {
    name: 'postgres',
    skip: url ? undefined : `set ${TEST_POSTGRES_VARIABLE} (e.g. postgresql://postgres@127.0.0.1:5432/test) to run these on Postgres`,
    open<Schema>(migrations: Migrations) {
      if (!url) throw new Error(`${TEST_POSTGRES_VARIABLE} is not set`)
      const schema = uniqueSchemaName()
      schemas.push(schema)
      const database = Database.open<Schema>(url, migrations, TEST_POSTGRES_VARIABLE, { schema, poolSize: 4 })
      opened.push(database as Database<unknown>)
      return database
    },
    location() {
      if (!url) throw new Error(`${TEST_POSTGRES_VARIABLE} is not set`)
      const schema = uniqueSchemaName()
      schemas.push(schema)
      return postgresUrlWithSchema(url, schema)
    },
    async cleanup() {
      for (const database of opened.splice(0)) await database.close()
      if (!url || schemas.length === 0) return
      await dropSchemas(url, schemas.splice(0))
    },
  }
}

/** A schema name no other test run uses (letters, digits and _ only). */
export function uniqueSchemaName(prefix = 'fwtest'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
}

/** Drops schemas and everything in them. */
export async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`)
  } finally {
    await client.end()
  }
}

/**
 * Both engines, for `describe.each(testEngines())`: SQLite always, Postgres when
 * FRAMEWRIGHT_TEST_POSTGRES_URL is set (otherwise present with `skip` saying how to run it).
 */
export function testEngines(env: Record<string, string | undefined> = process.env): TestEngine[] {
  return [sqliteEngine(), postgresEngine(env[TEST_POSTGRES_VARIABLE]?.trim() || undefined)]
}
