import { PostgresAdapter, sql, type ColumnDataType, type ColumnDefinitionBuilder, type Kysely, type RawBuilder } from 'kysely'

/**
 * The one place where SQL differs between the engines a service runs on. Services' queries and
 * migrations are written once through Kysely; where SQLite and Postgres cannot share a form, the
 * branch lives here (or, for a feature's own SQL such as search, in a sibling file per engine),
 * so a reader finds every difference in one file.
 */
export type SqlDialect = 'sqlite' | 'postgres'

/** Which engine a Kysely instance (or a transaction of one) talks to. */
export function dialectOf(db: Kysely<any>): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/** Bytes: SQLite's blob, Postgres's bytea (both come back as a Buffer). */
export function bytesType(db: Kysely<any>): ColumnDataType {
  return dialectOf(db) === 'postgres' ? 'bytea' : 'blob'
}

/**
 * The arguments of `addColumn(name, ...)` for an integer primary key the database numbers itself:
 * SQLite's `integer primary key autoincrement` (numbers never reused, as shipped), Postgres's
 * `bigserial primary key`.
 */
export function autoIncrementKey(db: Kysely<any>): [ColumnDataType, (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  if (dialectOf(db) === 'postgres') return ['bigserial', (c) => c.primaryKey()]
  return ['integer', (c) => c.primaryKey().autoIncrement()]
}

/**
 * A list of strings as one bound parameter, for `column in (…)`: the SQL text stays the same
 * whatever the list's length, so a prepared statement is reused (an `in (?, ?, …)` list is a new
 * statement for every length, each batch), and no engine's cap on parameters applies. SQLite reads
 * it as JSON (json_each), Postgres as a text array (unnest).
 */
export function valuesOf(db: Kysely<any>, values: string[]): RawBuilder<string> {
  if (dialectOf(db) === 'postgres') return sql<string>`(select unnest(cast(${values} as text[])))`
  return sql<string>`(select value from json_each(${JSON.stringify(values)}))`
}

/**
 * Makes transactions that name the same `key` run one after another, from here to their commit.
 * SQLite needs nothing: its one connection runs one transaction at a time. A Postgres pool runs
 * them side by side, so code that reads and then writes what it read (a count against a limit, a
 * sequence whose commit order subscribers rely on) takes a transaction-scoped advisory lock.
 * Call it first thing inside the transaction.
 */
export async function serializeWith(tx: Kysely<any>, key: string): Promise<void> {
  if (dialectOf(tx) !== 'postgres') return
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx)
}

/**
 * An integer column: SQLite's `integer` holds 64 bits, so on Postgres it is `bigint` (a 32-bit
 * `integer` would refuse a record's large durationMs that SQLite keeps). Read back as a number
 * on both (see postgres.ts).
 */
export function integerType(db: Kysely<any>): ColumnDataType {
  return dialectOf(db) === 'postgres' ? 'bigint' : 'integer'
}
