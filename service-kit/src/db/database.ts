import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDb from 'better-sqlite3'
import {
  CompiledQuery,
  Kysely,
  Migrator,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type Migration,
  type MigrationProvider,
  type QueryResult,
  type SqliteDialectConfig,
} from 'kysely'
import type pg from 'pg'
import { WalCheckpointer } from './checkpointer'
import type { SqlDialect } from './dialect'
import { InListPadding } from './statement-shapes'
import { SchemaPostgresDialect, createPool, ensureSchema, isPostgresUrl, nulFreeStrings, parsePostgresUrl, type PostgresLocation } from './postgres'

export type Migrations = Record<string, Migration>

export interface OpenOptions {
  /** SQLite: false for a short-lived connection that leaves checkpointing to the service. */
  checkpointThread?: boolean
  /** Postgres: the schema to work in when the URL has no `?schema=` (default `public`). */
  schema?: string
  /** Postgres: the most connections the pool holds (default 10). */
  poolSize?: number
}

/**
 * SQLite with transactions that begin IMMEDIATE, taking the write lock at BEGIN (waiting for it
 * under busy_timeout). A deferred transaction that reads and then writes must upgrade its read lock
 * when it writes, and SQLite refuses that at once, without waiting, whenever another connection
 * holds the write lock at that moment: the checkpoint thread's RESTART does, briefly, and so does
 * another process on the same file. A feed generator spending pages at ~900 a second answered
 * some with "database is locked" that way (bench/feed-http.ts, case steered-paging).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings)
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings)
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new TurnTakingConnection(await super.acquireConnection())
  }
}

/** How long SQLite statements may run back to back before the thread takes a turn of its event loop. */
const STATEMENTS_WITHOUT_A_TURN_MS = 4

/**
 * Since when this thread has run statements without its event loop turning: a pending setImmediate
 * marks a run, and its firing ends it (whoever made the loop turn). Shared by the thread's connections.
 */
let runSince: number | undefined
const endRun = () => (runSince = undefined)

/**
 * A SQLite connection whose statements, run back to back for longer than a few milliseconds, let the
 * event loop turn before the next one. better-sqlite3 runs each statement on the calling thread and
 * Kysely awaits only microtasks between them, so a batch of writes (an ingestion batch: thousands of
 * rows) held off every I/O callback until it ended: the replies of the verification workers and the
 * DID directory that the next batch waits for, and the firehose socket. Statements of a transaction
 * still run alone: the connection is held by the transaction meanwhile, as before.
 */
class TurnTakingConnection implements DatabaseConnection {
  constructor(private readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (runSince === undefined) {
      runSince = performance.now()
      setImmediate(endRun)
    } else if (performance.now() - runSince > STATEMENTS_WITHOUT_A_TURN_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    return this.inner.executeQuery<R>(query)
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize)
  }
}

/**
 * A service's database: a Kysely instance plus its explicit, numbered migrations, on SQLite (one
 * file, the embedded default) or Postgres (a schema of its own on a shared server). SQL goes only
 * through Kysely; where the engines differ, see dialect.ts.
 */
export class Database<Schema> {
  private closed = false

  private constructor(
    readonly db: Kysely<Schema>,
    private readonly migrations: Migrations,
    readonly dialect: SqlDialect,
    /** Checkpoints the write-ahead log off this thread (a SQLite file only). */
    readonly checkpointer?: WalCheckpointer,
    private readonly postgres?: { pool: pg.Pool; location: PostgresLocation; variable: string },
    /** The SQLite file, when it is one (a second connection can read it: see reads). */
    private readonly sqliteFile?: string,
  ) {}

  private reader?: Kysely<Schema>

  /**
   * For reads that must not wait for this process's own transactions: on a SQLite file, a second,
   * read-only connection, which (in WAL mode) reads the last committed state while a batch writes —
   * on the one connection a read waits until the batch has committed. Elsewhere the connection
   * itself: a Postgres pool reads beside a transaction already, and ':memory:' has no second one.
   */
  reads(): Kysely<Schema> {
    if (!this.sqliteFile) return this.db
    if (!this.reader) {
      const sqlite = new SqliteDb(this.sqliteFile, { readonly: true })
      sqlite.pragma('busy_timeout = 5000')
      cacheStatements(sqlite)
      this.reader = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new InListPadding()] })
    }
    return this.reader
  }

  /**
   * Opens the database at a location: a file path (SQLite, WAL mode), ':memory:', or a
   * `postgres://` URL (a pool working in the URL's `?schema=`, created by migrateToLatest if
   * missing). `variable` names the setting a person would change when the location is wrong. A file
   * database gets a checkpoint thread (see checkpointer.ts) unless `checkpointThread` is false.
   */
  static open<Schema>(location: string, migrations: Migrations, variable = 'database location', opts: OpenOptions = {}): Database<Schema> {
    if (isPostgresUrl(location)) {
      const where = parsePostgresUrl(location, variable, opts.schema)
      const pool = createPool(where, { max: opts.poolSize })
      const db = new Kysely<Schema>({ dialect: new SchemaPostgresDialect({ pool }, where.schema), plugins: [nulFreeStrings()] })
      return new Database(db, migrations, 'postgres', undefined, { pool, location: where, variable })
    }
    const path = location.replace(/^sqlite:(\/\/)?/, '')
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    const sqlite = new SqliteDb(path)
    // WAL lets API reads proceed while the ingester writes; NORMAL sync is durable at checkpoints
    // and safe against corruption, which is the right trade for an index we can rebuild.
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('foreign_keys = ON')
    cacheStatements(sqlite)
    const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: sqlite }), plugins: [new InListPadding()] })
    // A short-lived connection (a tool, a test's probe) leaves checkpointing to SQLite and the service.
    if (path === ':memory:') return new Database(db, migrations, 'sqlite')
    if (opts.checkpointThread === false) return new Database(db, migrations, 'sqlite', undefined, undefined, path)
    // Checkpoints run on their own thread (see checkpointer.ts); this connection checkpoints itself
    // only if the log passes 64 MB (16,384 pages of 4 KB), should that thread fall behind.
    sqlite.pragma('wal_autocheckpoint = 16384')
    return new Database(db, migrations, 'sqlite', new WalCheckpointer(path), undefined, path)
  }

  /**
   * The same connection typed with only the tables a shared module knows about (Kysely's schema
   * type is invariant, so a service's full schema does not fit a module's subset otherwise).
   */
  tables<Sub>(): Schema extends Sub ? Kysely<Sub> : never {
    return this.db as never
  }

  /**
   * On SQLite, a number that changes whenever another connection (another process) commits to the
   * file, and only then: what this process read is still what the file holds while it stays the
   * same (its own writes do not change it). Undefined on Postgres, which has no such cheap signal.
   */
  async dataVersion(): Promise<number | undefined> {
    if (this.dialect !== 'sqlite') return undefined
    const { rows } = await sql<{ data_version: number }>`pragma data_version`.execute(this.db)
    return rows[0]?.data_version
  }

  /** The Postgres schema this database works in (undefined on SQLite). */
  get schema(): string | undefined {
    return this.postgres?.location.schema
  }

  /**
   * Applies every migration not yet applied, in name order; throws with the failing one's name.
   * On Postgres it first creates the schema, and a server that cannot be reached is a ConfigError.
   */
  async migrateToLatest(): Promise<void> {
    if (this.postgres) await ensureSchema(this.postgres.pool, this.postgres.location, this.postgres.variable)
    const provider: MigrationProvider = { getMigrations: async () => this.migrations }
    // Named on Postgres: Kysely looks for its own tables in every schema of the server otherwise,
    // and would take another service's for ours.
    const migrator = new Migrator({ db: this.db, provider, migrationTableSchema: this.schema })
    const { error, results } = await migrator.migrateToLatest()
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName
      throw new Error(`database migration ${failed ?? ''} failed`, { cause: error })
    }
  }

  /**
   * Tells every process on this database that something changed on `topic` (a wake-up, the table
   * stays the truth), as part of `db`'s transaction when it is one: Postgres delivers the note at
   * commit, to every process listening (see `listen`), in this schema only, with `payload` (short:
   * Postgres takes under 8000 bytes). SQLite has one process: nothing to tell.
   */
  async notify(topic: string, db: Kysely<any> = this.db, payload = ''): Promise<void> {
    if (!this.postgres) return
    await sql`select pg_notify(${this.channel(topic)}, ${payload})`.execute(db)
  }

  /**
   * Calls `onNote` with the payload whenever any process notifies `topic` (Postgres LISTEN on a
   * connection of its own, opened again if it drops). Each time it starts listening, the first time
   * too, it calls `onNote('')`: whatever was noted while nobody listened, look again at the table.
   * Returns a function that stops listening. On SQLite it never calls: there is no other process.
   */
  listen(topic: string, onNote: (payload: string) => void): () => Promise<void> {
    const postgres = this.postgres
    if (!postgres) return async () => {}
    const channel = this.channel(topic)
    let stopped = false
    let client: pg.PoolClient | undefined
    const connect = async (): Promise<void> => {
      while (!stopped && !this.closed) {
        try {
          const c = await postgres.pool.connect()
          c.on('notification', (n) => n.channel === channel && onNote(n.payload ?? ''))
          c.on('error', () => {
            c.release(true)
            if (client === c) client = undefined
            void connect()
          })
          await c.query(`LISTEN ${c.escapeIdentifier(channel)}`)
          if (stopped) return c.release()
          client = c
          // Listening from here on; what was noted before (or while a dropped connection was down) is in the table.
          onNote('')
          return
        } catch {
          await new Promise((r) => setTimeout(r, 1_000))
        }
      }
    }
    const started = connect()
    return async () => {
      stopped = true
      await started
      const c = client
      client = undefined
      if (!c) return
      await c.query(`UNLISTEN ${c.escapeIdentifier(channel)}`).catch(() => undefined)
      c.release()
    }
  }

  /** A notification channel of this database's schema (channels are server-wide). */
  private channel(topic: string): string {
    return `${this.postgres?.location.schema ?? 'public'}:${topic}`.slice(0, 63)
  }

  /** Closes the connection (the pool, on Postgres); safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.checkpointer?.close()
    await this.reader?.destroy()
    await this.db.destroy()
  }
}

/**
 * Kysely's SQLite driver prepares every query afresh; ingestion runs the same few statements tens
 * of thousands of times a minute, and preparing was a tenth of its time. Statements are reused by
 * their SQL text (at most `max`, least recently used dropped). Safe because the driver runs one
 * statement at a time to completion on this connection (nothing here streams with iterate()).
 */
function cacheStatements(sqlite: SqliteDb.Database, max = 500): void {
  const prepare = sqlite.prepare.bind(sqlite)
  const cache = new Map<string, SqliteDb.Statement>()
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source)
    if (statement) {
      cache.delete(source)
    } else {
      statement = prepare(source)
      if (cache.size >= max) cache.delete(cache.keys().next().value!)
    }
    cache.set(source, statement)
    return statement
  }) as typeof sqlite.prepare
}
