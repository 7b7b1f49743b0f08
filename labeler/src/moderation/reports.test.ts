import SqliteDb from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, type CompiledQuery } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { migrations } from '../db/migrations'
import type { LabelerSchema } from '../db/schema'
import { ReportQueue } from './reports'

let db: Kysely<LabelerSchema> | undefined
afterEach(async () => db?.destroy())

/** A migrated in-memory labeler database that remembers the last query it ran. */
async function reportsDb(): Promise<{ db: Kysely<LabelerSchema>; last: () => CompiledQuery }> {
  let query: CompiledQuery | undefined
  db = new Kysely<LabelerSchema>({
    dialect: new SqliteDialect({ database: new SqliteDb(':memory:') }),
    log: (event) => {
      query = event.query
    },
  })
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest()
  expect(error).toBeUndefined()
  return { db, last: () => query! }
}

describe('ReportQueue.listByReporter (listMyReports)', () => {
  it('reads one reporter’s reports through an index, newest first, without sorting the table', async () => {
    const { db, last } = await reportsDb()
    const rows = [
      ['did:plc:a', '2026-01-01T00:00:01.000Z'],
      ['did:plc:b', '2026-01-01T00:00:02.000Z'],
      ['did:plc:a', '2026-01-01T00:00:03.000Z'],
      ['did:plc:a', '2026-01-01T00:00:03.000Z'],
    ]
    for (const [reportedBy, createdAt] of rows) {
      await db.insertInto('report').values({ reasonType: 'spam', subjectType: 'record', subjectUri: 'at://did:plc:x/a.b.c/1', reportedBy: reportedBy!, createdAt: createdAt! } as never).execute()
    }
    const queue = new ReportQueue(db)
    const first = await queue.listByReporter('did:plc:a', { limit: 2 })
    expect(first.reports.map((r) => r.id)).toEqual([4, 3])
    const second = await queue.listByReporter('did:plc:a', { limit: 2, after: first.next })
    expect(second.reports.map((r) => r.id)).toEqual([1])
    expect(second.next).toBeUndefined()

    const listed = last()
    const plan = await db.executeQuery<{ detail: string }>({ ...listed, sql: `explain query plan ${listed.sql}` })
    const steps = plan.rows.map((r) => r.detail).join('\n')
    expect(steps).toContain('report_reporter_created_idx')
    expect(steps).not.toContain('TEMP B-TREE')
  })
})
