import type { Kysely, Selectable } from 'kysely'
import type { DeadLetterTable, IngestSchema } from './schema'

/** An event set aside, as it is written. */
export interface DeadLetter {
  seq: number | null
  did: string | null
  subject: string | null
  reason: string
  detail: string
  frame: Uint8Array | null
}

export type StoredDeadLetter = Selectable<DeadLetterTable>

/** Files dead letters (inside the batch's transaction, so they commit with the cursor that passes them). */
export async function fileDeadLetters(db: Kysely<IngestSchema>, letters: DeadLetter[]): Promise<void> {
  if (letters.length === 0) return
  const createdAt = new Date().toISOString()
  await db
    .insertInto('dead_letter')
    .values(letters.map((l) => ({ ...l, detail: l.detail.slice(0, 2000), frame: l.frame ? Buffer.from(l.frame) : null, attempts: 1, createdAt })))
    .execute()
}

/** How many events were given up, and the latest few (newest first), for the status method. */
export async function deadLetterSummary(db: Kysely<IngestSchema>, recent = 5) {
  const [count, latest] = await Promise.all([
    db.selectFrom('dead_letter').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    db.selectFrom('dead_letter').select(['id', 'seq', 'did', 'subject', 'reason', 'detail', 'createdAt']).orderBy('id', 'desc').limit(recent).execute(),
  ])
  return { count: Number(count?.n ?? 0), recent: latest }
}

/** Dead letters oldest first, after an id (for replaying them). */
export async function listDeadLetters(db: Kysely<IngestSchema>, opts: { after?: number; limit: number }): Promise<StoredDeadLetter[]> {
  let query = db.selectFrom('dead_letter').selectAll().orderBy('id', 'asc').limit(opts.limit)
  if (opts.after !== undefined) query = query.where('id', '>', opts.after)
  return query.execute()
}
