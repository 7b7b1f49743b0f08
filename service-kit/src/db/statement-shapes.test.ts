import { Kysely, SqliteDialect } from 'kysely'
import SqliteDb from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { Database } from './database'
import { InListPadding, fixedSizeChunks } from './statement-shapes'

type Schema = { thing: { id: string; kind: string } }
const table = {
  async up(db: Kysely<any>) {
    await db.schema.createTable('thing').addColumn('id', 'varchar', (c) => c.primaryKey()).addColumn('kind', 'varchar', (c) => c.notNull()).execute()
  },
}

describe('fixedSizeChunks', () => {
  it.each([
    [0, 500, []],
    [1, 500, [1]],
    [45, 500, [32, 8, 4, 1]],
    [256, 500, [256]],
    [700, 500, [256, 256, 128, 32, 16, 8, 4]],
    [5, 1, [1, 1, 1, 1, 1]],
  ])('%i items, at most %i a chunk: %j', (count, max, sizes) => {
    const items = Array.from({ length: count }, (_, i) => i)
    const chunks = fixedSizeChunks(items, max)
    expect(chunks.map((c) => c.length)).toEqual(sizes)
    expect(chunks.flat()).toEqual(items)
  })
})

describe('InListPadding', () => {
  const padded = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new SqliteDb(':memory:') }), plugins: [new InListPadding()] })
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `id${i}`)

  it('gives `in` lists of 5 to 8 values one SQL text, and leaves lists of a power of two, and of one, as they are', () => {
    const text = (n: number) => padded.selectFrom('thing').select('id').where('id', 'in', ids(n)).compile()
    expect(new Set([5, 6, 7, 8].map((n) => text(n).sql)).size).toBe(1)
    expect(text(5).parameters).toEqual([...ids(5), 'id4', 'id4', 'id4'])
    expect(text(8).parameters).toEqual(ids(8))
    expect(text(1).parameters).toEqual(['id0'])
    // Too long to pad safely: as it was.
    expect(text(1500).parameters).toHaveLength(1500)
  })

  it('pads inside and/or and parentheses, `not in` too, and never touches inserted values', () => {
    const query = padded
      .deleteFrom('thing')
      .where((eb) => eb.or([eb('id', 'in', ids(3)), eb.and([eb('kind', 'not in', ['a', 'b', 'c']), eb('id', '=', 'x')])]))
      .compile()
    expect(query.parameters).toEqual(['id0', 'id1', 'id2', 'id2', 'a', 'b', 'c', 'c', 'x'])
    const insert = padded.insertInto('thing').values([{ id: 'a', kind: 'k' }, { id: 'b', kind: 'k' }, { id: 'c', kind: 'k' }]).compile()
    expect(insert.parameters).toEqual(['a', 'k', 'b', 'k', 'c', 'k'])
  })

  it('finds the same rows as the unpadded query (a service database pads)', async () => {
    const database = Database.open<Schema>(':memory:', { '001': table })
    await database.migrateToLatest()
    await database.db.insertInto('thing').values(ids(10).map((id, i) => ({ id, kind: i % 2 ? 'odd' : 'even' }))).execute()
    const rows = await database.db.selectFrom('thing').select('id').where('id', 'in', ['id1', 'id3', 'id9']).where('kind', 'not in', ['even', 'none', 'x']).orderBy('id').execute()
    expect(rows.map((r) => r.id)).toEqual(['id1', 'id3', 'id9'])
    const gone = await database.db.deleteFrom('thing').where('id', 'in', ['id0', 'id2', 'id4']).executeTakeFirst()
    expect(Number(gone.numDeletedRows)).toBe(3)
    await database.close()
  })
})
