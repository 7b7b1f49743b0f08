import { afterEach, expect, it } from 'vitest'
import { Database } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { migrations } from '../db/migrations'
import type { LabelerSchema } from '../db/schema'
import { ReportQueue, type NewReport } from './reports'

const report = (over: Partial<NewReport> = {}): NewReport => ({
  reasonType: 'com.atproto.moderation.defs#reasonSpam',
  reason: 'spam',
  subjectType: 'record',
  subjectUri: 'at://did:plc:x/app.framewright.video.post/1',
  subjectCid: 'bafyfirst',
  reportedBy: 'did:plc:reporter',
  createdAt: new Date().toISOString(),
  ...over,
})

describeEngines('filing reports', (engine) => {
  const opened: Database<LabelerSchema>[] = []
  afterEach(async () => {
    for (const d of opened.splice(0)) await d.close()
  })
  async function open(location = engine.location()) {
    const database = Database.open<LabelerSchema>(location, migrations, 'test database', { checkpointThread: false })
    opened.push(database)
    await database.migrateToLatest()
    return database
  }

  it('answers a repeat of an open report with the first one, and files anew what differs or follows a resolution', async () => {
    const database = await open()
    const queue = new ReportQueue(database.db)
    const first = await queue.file(report())
    expect(first.created).toBe(true)
    // The same reporter, subject and reason type: the first report (even for another version of the record).
    const again = await queue.file(report({ reason: 'really spam', subjectCid: 'bafysecond' }))
    expect(again).toMatchObject({ created: false, report: { id: first.report.id, reason: 'spam', subjectCid: 'bafyfirst' } })
    // Another reason type, another reporter, another subject: reports of their own.
    expect((await queue.file(report({ reasonType: 'com.atproto.moderation.defs#reasonRude' }))).created).toBe(true)
    expect((await queue.file(report({ reportedBy: 'did:plc:other' }))).created).toBe(true)
    expect((await queue.file(report({ subjectType: 'account', subjectUri: 'did:plc:x', subjectCid: null }))).created).toBe(true)
    expect((await queue.file(report({ subjectType: 'account', subjectUri: 'did:plc:x', subjectCid: null }))).created).toBe(false)
    // Once a moderator resolved it, the same report is news again.
    await queue.resolve([first.report.id], 'did:plc:mod')
    const after = await queue.file(report())
    expect(after.created).toBe(true)
    expect(after.report.id).not.toBe(first.report.id)
    expect(await database.db.selectFrom('report').select('id').execute()).toHaveLength(5)
  })

  it('files one report when the same one is sent many times at once, through two replicas', async () => {
    const location = engine.location()
    const first = await open(location)
    // On Postgres each replica has its own connections; SQLite has one process.
    const second = engine.name === 'postgres' ? await open(location) : first
    const queues = [new ReportQueue(first.db), new ReportQueue(second.db)]
    const filed = await Promise.all(Array.from({ length: 10 }, (_, i) => queues[i % 2]!.file(report())))
    expect(filed.filter((f) => f.created)).toHaveLength(1)
    expect(new Set(filed.map((f) => f.report.id)).size).toBe(1)
    expect(await first.db.selectFrom('report').select('id').execute()).toHaveLength(1)
  })
})
