import { sql, type Kysely } from 'kysely'
import type { LabelerSchema } from '../db/schema'
import type { ScanSubject } from './analyser'

/** A subject waiting for the scan pipeline (migration 012-scan-backlog). */
export interface ScanBacklogTable {
  uri: string
  blobCid: string
  kind: ScanSubject['kind']
  author: string
  /** JSON array of the DIDs the record declares in depicts. */
  declared: string
  /** When it was (last) offered: a scan removes the row only if nothing offered it again meanwhile. */
  offeredAt: string
}

/** A subject read from the backlog, with the offer it came from. */
export type BackloggedSubject = ScanSubject & { offeredAt: string }

/** The key of a subject: the same record with other bytes is another scan. */
export const backlogKey = (s: Pick<ScanSubject, 'uri' | 'blobCid'>): string => `${s.uri} ${s.blobCid}`

/**
 * The scan pipeline's queue, in the database: ingestion adds what a batch indexed in that batch's
 * transaction (so it is kept exactly when the batch is), the scanner takes the oldest, and a scan
 * removes its row when done. A labeler restarted with a backlog scans it; one that is full skips
 * new subjects, as the in-memory queue did, but never loses the ones it took.
 */
export class ScanBacklog {
  constructor(private readonly max: number) {}

  /**
   * Adds subjects in `tx`, up to the backlog's size; returns those skipped because it was full. A
   * subject already waiting is offered again (its declared people and time updated), never doubled.
   */
  async add(tx: Kysely<LabelerSchema>, subjects: ScanSubject[], offeredAt = new Date().toISOString()): Promise<ScanSubject[]> {
    if (subjects.length === 0) return []
    const { n } = await tx.selectFrom('scan_backlog').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()
    let room = Math.max(0, this.max - Number(n))
    const skipped: ScanSubject[] = []
    for (const s of subjects) {
      const row = { uri: s.uri, blobCid: s.blobCid, kind: s.kind, author: s.author, declared: JSON.stringify(s.declared), offeredAt }
      // Already waiting (or being scanned): offered again, which needs no room.
      const again = await tx.updateTable('scan_backlog').set({ declared: row.declared, offeredAt }).where('uri', '=', s.uri).where('blobCid', '=', s.blobCid).executeTakeFirst()
      if (Number(again.numUpdatedRows) > 0) continue
      if (room === 0) {
        skipped.push(s)
        continue
      }
      await tx.insertInto('scan_backlog').values(row).execute()
      room--
    }
    return skipped
  }

  /** The oldest subjects waiting, except those whose keys are in `busy` (being scanned). */
  async next(db: Kysely<LabelerSchema>, limit: number, busy: ReadonlySet<string>): Promise<BackloggedSubject[]> {
    if (limit <= 0) return []
    const rows = await db.selectFrom('scan_backlog').selectAll().orderBy('offeredAt').orderBy('uri').limit(limit + busy.size).execute()
    return rows
      .filter((r) => !busy.has(backlogKey(r)))
      .slice(0, limit)
      .map((r) => ({ kind: r.kind, uri: r.uri, author: r.author, blobCid: r.blobCid, declared: JSON.parse(r.declared) as string[], offeredAt: r.offeredAt }))
  }

  /** Takes a scanned subject off the backlog, unless it was offered again while it was scanned. */
  async done(db: Kysely<LabelerSchema>, s: BackloggedSubject): Promise<void> {
    await db.deleteFrom('scan_backlog').where('uri', '=', s.uri).where('blobCid', '=', s.blobCid).where('offeredAt', '=', s.offeredAt).execute()
  }

  async size(db: Kysely<LabelerSchema>): Promise<number> {
    const { n } = await db.selectFrom('scan_backlog').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()
    return Number(n)
  }
}
