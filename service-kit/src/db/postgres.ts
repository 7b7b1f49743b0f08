import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  OperationNodeTransformer,
  PostgresDialect,
  sql,
  type ColumnMetadata,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type KyselyPlugin,
  type PostgresDialectConfig,
  type PrimitiveValueListNode,
  type SchemaMetadata,
  type TableMetadata,
  type ValueNode,
} from 'kysely'
import pg from 'pg'
import { ConfigError } from '../errors'

/** Where a service's tables live on a Postgres server: the server and the schema of its own. */
export interface PostgresLocation {
  /** The connection URL without our own `schema` parameter. */
  url: string
  schema: string
  /** host:port/database, for messages (never the password). */
  describe: string
}

/** Letters, digits and `_`, starting with a letter or `_`: a schema name that needs no quoting anywhere. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/** True when a database setting names a Postgres server rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location)
}

/**
 * Reads a `postgres://` URL: the schema comes from its `?schema=` parameter, else `schema`, else
 * `public`. `variable` is the setting named in errors.
 */
export function parsePostgresUrl(location: string, variable: string, schema?: string): PostgresLocation {
  let url: URL
  try {
    url = new URL(location)
  } catch {
    throw new ConfigError(variable, 'is not a valid Postgres URL; expected postgresql://user[:password]@host[:port]/database[?schema=name]')
  }
  if (!url.hostname || url.pathname.length <= 1) {
    throw new ConfigError(variable, `the Postgres URL needs a host and a database name, as in postgresql://user@host:5432/database`)
  }
  const chosen = url.searchParams.get('schema') ?? schema ?? 'public'
  if (!SCHEMA_NAME.test(chosen)) {
    throw new ConfigError(variable, `"${chosen}" is not a usable schema name; use lower-case letters, digits and _ (for example framewright_appview)`)
  }
  url.searchParams.delete('schema')
  const describe = `${url.hostname}:${url.port || 5432}${url.pathname}`
  return { url: url.toString(), schema: chosen, describe }
}

/** The same server and database with `?schema=` set: how one URL becomes each service's own place. */
export function postgresUrlWithSchema(location: string, schema: string): string {
  const url = new URL(location)
  url.searchParams.set('schema', schema)
  return url.toString()
}

/** Postgres type OIDs whose text form we read as JS numbers. */
const INT8 = 20
const NUMERIC = 1700

/**
 * A pool whose every connection works in the service's schema (search_path, set at connect, so
 * no query names a schema) and reads counts as numbers: pg returns int8 and numeric as strings,
 * and the services' counts and bigint columns (sizes, sequence numbers, cursors) stay well inside
 * 2^53. The parsers belong to this pool only, not to every pg client in the process.
 */
export function createPool(location: PostgresLocation, opts: { max?: number } = {}): pg.Pool {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value)
      return pg.types.getTypeParser(oid, format as 'text')
    },
  }
  const pool = new pg.Pool({
    connectionString: location.url,
    options: `-c search_path=${location.schema}`,
    types: types as pg.CustomTypesConfig,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 10_000,
  })
  // An idle connection the server dropped (a restart, a failover) is an 'error' event on the pool,
  // which would end the process unheard; the pool discards that connection and the next query
  // opens another, and a query that fails says so itself.
  pool.on('error', () => undefined)
  // So is a connection lost while checked out (a writer lock's, held for hours): the query on it
  // fails and its owner hears of it (see writer-lock.ts); the event itself must not end the process.
  pool.on('connect', (client) => client.on('error', () => undefined))
  return pool
}

/**
 * Creates the schema if missing, once the database is known to sort text as Framewright needs. It
 * is also the first thing said to the server, so a server that cannot be reached or refuses us
 * becomes a ConfigError that says what to change.
 */
export async function ensureSchema(pool: pg.Pool, location: PostgresLocation, variable: string): Promise<void> {
  try {
    // Asked of the sorting itself, not the catalogue: an ICU database names "C" as its LC_COLLATE.
    const { rows } = await pool.query<{ collation: string; byCodePoint: boolean }>(
      `select datcollate as collation, ('B' < 'a' and 'a-z' < 'a_a' and 'Z' < 'a') as "byCodePoint" from pg_database where datname = current_database()`,
    )
    // Keyset cursors, prefix ranges (`>= p and < p || U+FFFF`) and the order code compares in JS
    // all assume strings sort by code point, as SQLite sorts them; a language's collation does not.
    if (rows[0] && !rows[0].byCodePoint) {
      throw new ConfigError(
        variable,
        `the database ${location.describe} sorts text by a language's rules (collation "${rows[0].collation}"); Framewright needs code-point order: create the database with LOCALE_PROVIDER libc LC_COLLATE 'C' TEMPLATE template0 (createdb --locale-provider=libc --lc-collate=C)`,
      )
    }
    await pool.query(`create schema if not exists "${location.schema}"`).catch((err: { code?: string }) => {
      // Two processes creating the same schema at once: one wins, and the other's is there too.
      if (err.code !== '23505' && err.code !== '42P06') throw err
    })
  } catch (err) {
    throw connectionError(err, location, variable) ?? err
  }
}

/** A ConfigError for a failure to connect, or undefined when the failure is something else. */
function connectionError(err: unknown, location: PostgresLocation, variable: string): ConfigError | undefined {
  const code = (err as { code?: string }).code
  const where = location.describe
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || /timeout/i.test(String((err as Error).message))) {
    return new ConfigError(variable, `cannot reach the Postgres server at ${where} (${code ?? (err as Error).message}); start it, or point ${variable} at one that runs`)
  }
  if (code === '3D000') return new ConfigError(variable, `the Postgres server has no database ${where}; create it (createdb) or name another one in ${variable}`)
  if (code === '28P01' || code === '28000') return new ConfigError(variable, `the Postgres server at ${where} refused the login (${(err as Error).message}); correct the user or password in ${variable}`)
  if (code === '42501') return new ConfigError(variable, `the Postgres user may not create schema "${location.schema}" at ${where}; create it beforehand or grant CREATE on the database`)
  return undefined
}

/** A string's NUL characters as U+FFFD; other values as they are (lists of strings too). */
function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value
  if (Array.isArray(value) && value.some((v) => typeof v === 'string' && v.includes('\0'))) return value.map(withoutNul)
  return value
}

class NulFreeValues extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = withoutNul(node.value)
    return value === node.value ? node : { ...node, value }
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...node, values: node.values.map(withoutNul) }
  }
}

/**
 * Postgres text cannot hold U+0000, which SQLite and JSON can: one NUL in a record's caption would
 * fail its whole ingestion batch, again on every retry, stalling the stream. Strings written to
 * Postgres carry U+FFFD in its place instead.
 */
export function nulFreeStrings(): KyselyPlugin {
  const transformer = new NulFreeValues()
  return {
    transformQuery: (args) => transformer.transformNode(args.node),
    transformResult: async (args) => args.result,
  }
}

/**
 * Postgres as Kysely speaks it, but looking only at the service's own schema when it introspects.
 * Kysely's own introspector reads every schema on the server (the Migrator asks it whether its
 * tables exist), and `has_schema_privilege` on a schema that another process drops at that moment
 * fails the whole read with "schema … does not exist": a migration failed that way while another
 * service's tests cleaned up on the same server.
 */
export class SchemaPostgresDialect extends PostgresDialect {
  constructor(
    config: PostgresDialectConfig,
    private readonly schema: string,
  ) {
    super(config)
  }

  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db, this.schema)
  }
}

class OwnSchemaIntrospector implements DatabaseIntrospector {
  constructor(
    private readonly db: Kysely<any>,
    private readonly schema: string,
  ) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace where nspname = ${this.schema}`.execute(this.db)
    return rows
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const { rows } = await sql<{ table: string; kind: string; column: string; notNull: boolean; hasDefault: boolean; type: string; typeSchema: string; serial: string | null }>`
      select c.relname as "table", c.relkind as kind, a.attname as "column", a.attnotnull as "notNull",
             a.atthasdef as "hasDefault", t.typname as type, tns.nspname as "typeSchema",
             pg_get_serial_sequence(quote_ident(ns.nspname) || '.' || quote_ident(c.relname), a.attname) as serial
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      join pg_catalog.pg_type t on t.oid = a.atttypid
      join pg_catalog.pg_namespace tns on tns.oid = t.typnamespace
      where ns.nspname = ${this.schema} and c.relkind in ('r', 'v', 'p')
      order by c.relname, a.attnum`.execute(this.db)
    const tables = new Map<string, TableMetadata & { columns: ColumnMetadata[] }>()
    for (const r of rows) {
      if (!options.withInternalKyselyTables && (r.table === DEFAULT_MIGRATION_TABLE || r.table === DEFAULT_MIGRATION_LOCK_TABLE)) continue
      let table = tables.get(r.table)
      if (!table) tables.set(r.table, (table = { name: r.table, schema: this.schema, isView: r.kind === 'v', columns: [] }))
      table.columns.push({
        name: r.column,
        dataType: r.type,
        dataTypeSchema: r.typeSchema,
        isNullable: !r.notNull,
        hasDefaultValue: r.hasDefault,
        isAutoIncrementing: r.serial !== null,
      })
    }
    return [...tables.values()]
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) }
  }
}
