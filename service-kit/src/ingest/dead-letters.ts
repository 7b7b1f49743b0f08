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

/**
 * Files dead letters (inside the batch's transaction, so they commit with the cursor that passes them).
 * The same failure of the same record met again — a re-imported repo (#sync, backfill) still holding
 * the invalid record the stream brought — is one letter seen more than once (its attempts grow), not a
 * second letter; it takes the stream's seq if it had none.
 */
export async function fileDeadLetters(db: Kysely<IngestSchema>, letters: DeadLetter[]): Promise<void> {
  if (letters.length === 0) return
  const createdAt = new Date().toISOString()
  const fresh: DeadLetter[] = []
  for (const letter of letters) {
    const detail = letter.detail.slice(0, 2000)
    const known =
      letter.subject === null
        ? undefined
        : await db
            .selectFrom('dead_letter')
            .select(['id', 'seq'])
            .where('subject', '=', letter.subject)
            .where('reason', '=', letter.reason)
            .where('detail', '=', detail)
            .executeTakeFirst()
    if (!known) {
      fresh.push({ ...letter, detail })
      continue
    }
    await db
      .updateTable('dead_letter')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), ...(known.seq === null && letter.seq !== null ? { seq: letter.seq, frame: letter.frame ? Buffer.from(letter.frame) : null } : {}) }))
      .where('id', '=', known.id)
      .execute()
  }
  if (fresh.length === 0) return
  await db
    .insertInto('dead_letter')
    .values(fresh.map((l) => ({ ...l, frame: l.frame ? Buffer.from(l.frame) : null, attempts: 1, createdAt })))
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
