import type { Insertable, Kysely, Selectable } from 'kysely'
import { serializeWith } from '@framewright/service-kit'
import type { LabelerSchema, ReportTable } from '../db/schema'
import type { ReportCursor } from './cursor'

export type Report = Selectable<ReportTable>

/** A report as a reporter sends it (the queue sets its status). */
export type NewReport = Pick<Insertable<ReportTable>, 'reasonType' | 'reason' | 'subjectType' | 'subjectUri' | 'subjectCid' | 'reportedBy' | 'createdAt'>

/** The reports people sent us, and their resolution by moderators. */
export class ReportQueue {
  constructor(private readonly db: Kysely<LabelerSchema>) {}

  /**
   * Files a report, unless its reporter already has an open one about the same subject (the URI or
   * DID) for the same reason type: then that one is the answer and nothing is added (sending again,
   * or a flood of the same report, is idempotent). Checked and written in one transaction, under
   * the reporter's lock on Postgres, so reports sent at once file one row.
   */
  async file(report: NewReport): Promise<{ report: Report; created: boolean }> {
    return this.db.transaction().execute(async (tx) => {
      await serializeWith(tx, `report ${report.reportedBy}`)
      const open = await tx
        .selectFrom('report')
        .selectAll()
        .where('reportedBy', '=', report.reportedBy)
        .where('subjectUri', '=', report.subjectUri)
        .where('reasonType', '=', report.reasonType)
        .where('status', '=', 'open')
        .orderBy('id', 'asc')
        .executeTakeFirst()
      if (open) return { report: open, created: false }
      const filed = await tx.insertInto('report').values(report).returningAll().executeTakeFirstOrThrow()
      return { report: filed, created: true }
    })
  }

  /** Open reports, newest first, after the cursor; one more than limit tells whether a page follows. */
  async listOpen(opts: { limit: number; after?: ReportCursor }): Promise<{ reports: Report[]; next?: ReportCursor }> {
    let query = this.db
      .selectFrom('report')
      .selectAll()
      .where('status', '=', 'open')
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(opts.limit + 1)
    const after = opts.after
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('createdAt', '<', after.createdAt), eb.and([eb('createdAt', '=', after.createdAt), eb('id', '<', after.id)])]),
      )
    }
    const rows = await query.execute()
    const reports = rows.slice(0, opts.limit)
    const last = reports.at(-1)
    return { reports, next: rows.length > opts.limit && last ? { createdAt: last.createdAt, id: last.id } : undefined }
  }

  /** One reporter's reports, newest first, after the cursor; one more than limit tells whether a page follows. */
  async listByReporter(reporter: string, opts: { limit: number; after?: ReportCursor }): Promise<{ reports: Report[]; next?: ReportCursor }> {
    let query = this.db
      .selectFrom('report')
      .selectAll()
      .where('reportedBy', '=', reporter)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(opts.limit + 1)
    const after = opts.after
    if (after) query = query.where((eb) => eb(eb.refTuple('createdAt', 'id'), '<', eb.tuple(after.createdAt, after.id)))
    const rows = await query.execute()
    const reports = rows.slice(0, opts.limit)
    const last = reports.at(-1)
    return { reports, next: rows.length > opts.limit && last ? { createdAt: last.createdAt, id: last.id } : undefined }
  }

  /** The ids among these that no report has. */
  async missing(ids: number[]): Promise<number[]> {
    if (ids.length === 0) return []
    const found = await this.db.selectFrom('report').select('id').where('id', 'in', ids).execute()
    const known = new Set(found.map((r) => r.id))
    return ids.filter((id) => !known.has(id))
  }

  /** Marks reports resolved by a moderator (already resolved ones keep their first resolution). */
  async resolve(ids: number[], moderator: string): Promise<void> {
    if (ids.length === 0) return
    await this.db
      .updateTable('report')
      .set({ status: 'resolved', resolvedBy: moderator, resolvedAt: new Date().toISOString() })
      .where('id', 'in', ids)
      .where('status', '=', 'open')
      .execute()
  }
}
