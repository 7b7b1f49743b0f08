import type { Kysely } from 'kysely'
import { expect, it } from 'vitest'
import { describeEngines } from '../testing'
import { preparedQuery } from './prepared'

type Schema = { thing: { id: string; kind: string; size: number } }
const table = {
  async up(db: Kysely<any>) {
    await db.schema.createTable('thing').addColumn('id', 'varchar', (c) => c.primaryKey()).addColumn('kind', 'varchar', (c) => c.notNull()).addColumn('size', 'bigint', (c) => c.notNull()).execute()
  },
}

describeEngines('preparedQuery', (engine) => {
  it('answers as the built query does, for every argument, constants in the query kept', async () => {
    const database = engine.open<Schema>({ '001': table })
    await database.migrateToLatest()
    const db = database.db
    await db.insertInto('thing').values([
      { id: 'a', kind: 'cat', size: 1 },
      { id: 'b', kind: 'cat', size: 5 },
      { id: 'c', kind: 'dog', size: 5 },
      { id: 'd', kind: 'cat', size: 9 },
    ]).execute()
    const build = (q: Kysely<Schema>, kind: string, atLeast: number) =>
      q.selectFrom('thing').select(['id', 'size']).where('kind', '=', kind).where('size', '>=', atLeast).where('id', '!=', 'zzz').orderBy('id')
    const prepared = preparedQuery(build)
    for (const [kind, atLeast] of [['cat', 0], ['cat', 5], ['dog', 1], ['dog', 6], ['bird', 0]] as const) {
      expect(await prepared(db, kind, atLeast)).toEqual(await build(db, kind, atLeast).execute())
    }
    // Inside a transaction too (compiled again for it).
    await db.transaction().execute(async (tx) => expect(await prepared(tx, 'cat', 9)).toEqual([{ id: 'd', size: 9 }]))
  })

  it('refuses a query that does not use an argument as a value, rather than run a wrong one', async () => {
    const database = engine.open<Schema>({ '001': table })
    await database.migrateToLatest()
    const shaped = preparedQuery((q: Kysely<Schema>, column: string) => q.selectFrom('thing').select(column === 'id' ? 'id' : 'kind'))
    await expect(shaped(database.db, 'id')).rejects.toThrow(/must use each of its 1 arguments as a value/)
  })
})
