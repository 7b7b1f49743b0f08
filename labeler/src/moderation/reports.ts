import type { Kysely, Selectable } from 'kysely'
import type { LabelerSchema, ReportTable } from '../db/schema'
import type { ReportCursor } from './cursor'

export type Report = Selectable<ReportTable>

/** The reports people sent us, and their resolution by moderators. */
export class ReportQueue {
  constructor(private readonly db: Kysely<LabelerSchema>) {}

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
