import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Database } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { migrations } from '../db/migrations'
import type { LabelerSchema } from '../db/schema'
import { ReportQueue } from './reports'

describeEngines('report queue', (engine) => {
  let database: Database<LabelerSchema>
  let queue: ReportQueue

  beforeEach(async () => {
    database = engine.open<LabelerSchema>(migrations)
    await database.migrateToLatest()
    queue = new ReportQueue(database.db)
    // Two reports share a second: the id breaks the tie across pages.
    const rows = [
      ['did:plc:a', '2026-01-01T00:00:01.000Z'],
      ['did:plc:b', '2026-01-01T00:00:02.000Z'],
      ['did:plc:a', '2026-01-01T00:00:03.000Z'],
      ['did:plc:a', '2026-01-01T00:00:03.000Z'],
    ]
    for (const [reportedBy, createdAt] of rows) {
      await database.db.insertInto('report').values({ reasonType: 'spam', subjectType: 'record', subjectUri: 'at://did:plc:x/a.b.c/1', reportedBy: reportedBy!, createdAt: createdAt! } as never).execute()
    }
  })
  afterEach(() => database.close())

  it('numbers reports from 1 and pages one reporter’s newest first, ties by id', async () => {
    const first = await queue.listByReporter('did:plc:a', { limit: 2 })
    expect(first.reports.map((r) => r.id)).toEqual([4, 3])
    const second = await queue.listByReporter('did:plc:a', { limit: 2, after: first.next })
    expect(second.reports.map((r) => r.id)).toEqual([1])
    expect(second.next).toBeUndefined()
  })

  it('lists open reports across pages, resolves once, and names ids it never had', async () => {
    const page = await queue.listOpen({ limit: 3 })
    expect(page.reports.map((r) => r.id)).toEqual([4, 3, 2])
    expect((await queue.listOpen({ limit: 3, after: page.next })).reports.map((r) => r.id)).toEqual([1])
    await queue.resolve([2, 3], 'did:plc:mod')
    await queue.resolve([3], 'did:plc:later')
    expect((await queue.listOpen({ limit: 10 })).reports.map((r) => r.id)).toEqual([4, 1])
    const three = await database.db.selectFrom('report').select(['status', 'resolvedBy']).where('id', '=', 3).executeTakeFirstOrThrow()
    expect(three).toEqual({ status: 'resolved', resolvedBy: 'did:plc:mod' })
    expect(await queue.missing([1, 9, 4, 12])).toEqual([9, 12])
  })
})
