import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDb from 'better-sqlite3'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors'
import { describeEngines } from '../testing'
import { Database } from './database'
import { dialectOf, valuesOf } from './dialect'

const VAR = 'FRAMEWRIGHT_TEST_DB'
const table = {
  async up(db: any) {
    await db.schema.createTable('thing').addColumn('id', 'varchar', (c: any) => c.primaryKey()).addColumn('size', 'bigint', (c: any) => c.notNull()).execute()
  },
}

describe('a SQLite file shared with another connection', () => {
  it('a transaction that reads and then writes is not refused because another connection took the write lock in between', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-immediate-'))
    const path = join(dir, 'db.sqlite')
    const database = Database.open<{ thing: { id: string; size: number } }>(path, { '001': table }, VAR, { checkpointThread: false })
    await database.migrateToLatest()
    // Another connection to the file (the checkpoint thread's RESTART, another process), never waiting for a lock.
    const other = new SqliteDb(path)
    other.pragma('busy_timeout = 0')
    try {
      let otherTookTheLock = false
      await database.db.transaction().execute(async (tx) => {
        await tx.selectFrom('thing').selectAll().execute()
        try {
          other.exec('begin immediate')
          otherTookTheLock = true
          setTimeout(() => other.exec('commit'), 100)
        } catch {
          // The transaction holds the write lock already: the other connection waits its turn.
        }
        await tx.insertInto('thing').values({ id: 'a', size: 1 }).execute()
      })
      expect(otherTookTheLock).toBe(false)
      expect(await database.db.selectFrom('thing').select('id').execute()).toEqual([{ id: 'a' }])
    } finally {
      other.close()
      await database.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('Database.reads', () => {
  it('reads a SQLite file beside a transaction of its own connection, seeing what was committed, without waiting for it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-reads-'))
    const database = Database.open<{ thing: { id: string; size: number } }>(join(dir, 'db.sqlite'), { '001': table }, VAR)
    await database.migrateToLatest()
    try {
      await database.db.insertInto('thing').values({ id: 'a', size: 1 }).execute()
      let release!: () => void
      const held = new Promise<void>((r) => (release = r))
      let inserted!: () => void
      const insertedYet = new Promise<void>((r) => (inserted = r))
      const batch = database.db.transaction().execute(async (tx) => {
        await tx.insertInto('thing').values({ id: 'b', size: 2 }).execute()
        inserted()
        await held
      })
      await insertedYet
      // On the one connection this read would wait for the transaction (and this test for ever).
      expect(await database.reads().selectFrom('thing').select('id').orderBy('id').execute()).toEqual([{ id: 'a' }])
      release()
      await batch
      expect(await database.reads().selectFrom('thing').select('id').orderBy('id').execute()).toEqual([{ id: 'a' }, { id: 'b' }])
      await expect(database.reads().insertInto('thing').values({ id: 'c', size: 3 }).execute()).rejects.toThrow(/readonly/)
    } finally {
      await database.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('is the connection itself where there is no second one (in memory)', async () => {
    const database = Database.open<{ thing: { id: string; size: number } }>(':memory:', { '001': table }, VAR)
    expect(database.reads()).toBe(database.db)
    await database.close()
  })
})

describe('a long run of SQLite statements', () => {
  it('lets the event loop turn every few milliseconds, inside a transaction too (a worker reply waits no longer)', async () => {
    const database = Database.open<any>(':memory:', {})
    try {
      await sql`create table t (n integer)`.execute(database.db)
      const turns: number[] = []
      let statements = 0
      await database.db.transaction().execute(async (tx) => {
        const started = performance.now()
        const tick = () => {
          turns.push(statements)
          if (performance.now() - started < 60) setImmediate(tick)
        }
        setImmediate(tick)
        // Statements back to back for 50 ms, as an ingestion batch writes: awaits on them are microtasks only.
        while (performance.now() - started < 50) {
          await tx.insertInto('t').values({ n: statements }).execute()
          statements++
        }
      })
      // The loop turned while the statements ran, not only once they had all run.
      expect(turns.filter((at) => at < statements).length).toBeGreaterThanOrEqual(3)
    } finally {
      await database.close()
    }
  })

  it('does not hold back a statement run alone', async () => {
    const database = Database.open<any>(':memory:', {})
    try {
      await new Promise((resolve) => setImmediate(resolve)) // whatever ran before has had its turn
      let turned = false
      setImmediate(() => (turned = true))
      await sql`select 1`.execute(database.db)
      expect(turned).toBe(false)
    } finally {
      await database.close()
    }
  })
})

describe('Database.open with a Postgres URL', () => {
  it.each([
    ['not a URL at all', 'postgres://', /needs a host and a database name/],
    ['no database name', 'postgresql://postgres@127.0.0.1:5432', /needs a host and a database name/],
    ['a schema name that would need quoting', 'postgresql://postgres@127.0.0.1/test?schema=Framewright-App', /not a usable schema name/],
  ])('refuses %s with a ConfigError naming the setting', (_name, url, message) => {
    const open = () => Database.open(url, {}, VAR)
    expect(open).toThrow(ConfigError)
    expect(open).toThrow(message)
    expect(open).toThrow(new RegExp(`^${VAR}:`))
  })

  it('says which server it cannot reach, and what to change, when nothing listens there', async () => {
    const database = Database.open('postgresql://postgres@127.0.0.1:1/test', {}, VAR)
    expect(database.dialect).toBe('postgres')
    expect(database.schema).toBe('public')
    const err = await database.migrateToLatest().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toMatch(/cannot reach the Postgres server at 127\.0\.0\.1:1\/test.*point FRAMEWRIGHT_TEST_DB at one that runs/)
    await database.close()
  })

  it('takes the schema from the URL before the option', () => {
    const database = Database.open('postgresql://postgres@127.0.0.1/test?schema=from_url', {}, VAR, { schema: 'from_option' })
    expect(database.schema).toBe('from_url')
    void database.close()
  })
})

describeEngines('a database', (engine) => {
  it('knows its dialect, reads bigint columns and counts as numbers, and takes a list as one parameter', async () => {
    const database = engine.open<{ thing: { id: string; size: number } }>({ '001': table })
    await database.migrateToLatest()
    expect(database.dialect).toBe(engine.name)
    expect(dialectOf(database.db)).toBe(engine.name)
    await database.db.insertInto('thing').values([{ id: 'a', size: 2 ** 40 }, { id: 'b', size: 1 }, { id: 'c', size: 3 }]).execute()
    const row = await database.db.selectFrom('thing').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('size').as('total')]).executeTakeFirstOrThrow()
    expect(row).toEqual({ n: 3, total: 2 ** 40 + 4 })
    const big = await database.db.selectFrom('thing').select('size').where('id', '=', 'a').executeTakeFirstOrThrow()
    expect(big.size).toBe(2 ** 40)
    const some = await database.db.selectFrom('thing').select('id').where('id', 'in', valuesOf(database.db, ['a', 'c', 'zz'])).orderBy('id').execute()
    expect(some.map((r) => r.id)).toEqual(['a', 'c'])
    await database.close()
  })

  it('stores a string with NUL in it (Postgres cannot: there it becomes U+FFFD) rather than fail the write', async () => {
    const database = engine.open<{ thing: { id: string; size: number } }>({ '001': table })
    await database.migrateToLatest()
    await database.db.insertInto('thing').values({ id: 'a\0b', size: 1 }).execute()
    await sql`insert into thing (id, size) values (${'c\0'}, 2)`.execute(database.db)
    const kept = engine.name === 'postgres' ? ['a\uFFFDb', 'c\uFFFD'] : ['a\0b', 'c\0']
    expect((await database.db.selectFrom('thing').select('id').orderBy('size').execute()).map((r) => r.id)).toEqual(kept)
    const found = await database.db.selectFrom('thing').select('id').where('id', 'in', valuesOf(database.db, ['a\0b'])).execute()
    expect(found.map((r) => r.id)).toEqual([kept[0]])
    await database.close()
  })

  it('keeps each database to itself (a schema of its own on Postgres)', async () => {
    const first = engine.open<{ thing: { id: string; size: number } }>({ '001': table })
    const second = engine.open<{ thing: { id: string; size: number } }>({ '001': table })
    await first.migrateToLatest()
    await second.migrateToLatest()
    await first.db.insertInto('thing').values({ id: 'only-in-first', size: 1 }).execute()
    const { rows } = await sql<{ n: number }>`select count(*) as n from thing`.execute(second.db)
    expect(rows[0]!.n).toBe(0)
    await first.close()
    await second.close()
  })

  it.runIf(engine.name === 'postgres')('looks only at its own schema when Kysely introspects (the Migrator does), so another schema dropped meanwhile cannot fail it', async () => {
    const own = engine.open<unknown>({ '001': table })
    const other = engine.open<unknown>({ '001': table, '002': { up: (db) => db.schema.createTable('elsewhere').addColumn('id', 'integer').execute() } })
    await own.migrateToLatest()
    await other.migrateToLatest()
    const tables = await own.db.introspection.getTables()
    expect(tables.map((t) => [t.schema, t.name])).toEqual([[own.schema, 'thing']])
    expect(tables[0]!.columns.map((c) => [c.name, c.isNullable])).toEqual([['id', false], ['size', false]])
    const withKysely = await own.db.introspection.getTables({ withInternalKyselyTables: true })
    expect(withKysely.map((t) => t.name).sort()).toEqual(['kysely_migration', 'kysely_migration_lock', 'thing'])
    // Introspecting while schemas come and go: Kysely's own read failed with "schema … does not exist" here.
    const churn = (async () => {
      for (let i = 0; i < 15; i++) {
        const passing = engine.open<unknown>({ '001': table })
        await passing.migrateToLatest()
        await sql`drop schema ${sql.id(passing.schema!)} cascade`.execute(passing.db)
        await passing.close()
      }
    })()
    const reads = (async () => {
      for (let i = 0; i < 60; i++) expect((await own.db.introspection.getTables()).map((t) => t.name)).toEqual(['thing'])
    })()
    await Promise.all([churn, reads])
    await own.close()
    await other.close()
  })
})

describeEngines('two processes starting on one database', (engine) => {
  it.runIf(engine.name === 'postgres')('both migrate it (schema and tables made once), neither fails', async () => {
    const first = engine.open<{ thing: { id: string; size: number } }>({ '001': table })
    const url = process.env.FRAMEWRIGHT_TEST_POSTGRES_URL!
    const second = Database.open<{ thing: { id: string; size: number } }>(url, { '001': table }, VAR, { schema: first.schema })
    await Promise.all([first.migrateToLatest(), second.migrateToLatest()])
    await second.db.insertInto('thing').values({ id: 'x', size: 1 }).execute()
    expect(await first.db.selectFrom('thing').select('id').execute()).toEqual([{ id: 'x' }])
    await second.close()
  })
})
