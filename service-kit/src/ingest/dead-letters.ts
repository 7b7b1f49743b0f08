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
  // One statement, so one snapshot: counted and listed apart (two pooled connections on Postgres), a
  // letter filed in between was listed but not counted.
  const rows = await db
    .selectFrom('dead_letter')
    .select(['id', 'seq', 'did', 'subject', 'reason', 'detail', 'createdAt'])
    .select((eb) => eb.fn.countAll<number>().over().as('total'))
    .orderBy('id', 'desc')
    .limit(recent)
    .execute()
  return { count: Number(rows[0]?.total ?? 0), recent: rows.map(({ total: _, ...letter }) => letter) }
}

/** Dead letters oldest first, after an id (for replaying them). */
export async function listDeadLetters(db: Kysely<IngestSchema>, opts: { after?: number; limit: number }): Promise<StoredDeadLetter[]> {
  let query = db.selectFrom('dead_letter').selectAll().orderBy('id', 'asc').limit(opts.limit)
  if (opts.after !== undefined) query = query.where('id', '>', opts.after)
  return query.execute()
}

/** What replayDeadLetters did. */
export interface DeadLetterReplay {
  /** Letters taken off the table: their repos will be imported again. */
  replayed: number
  /** The repos marked for re-import. */
  repos: string[]
  /** Letters asked for that name no repo (a frame that could not be read): nothing to import, they stay. */
  kept: number
}

/**
 * Replays dead letters (the given ids, or all): each one's repo is marked for re-import
 * (repo_state.needsResync) and the letter removed, in one transaction. The service's writer then
 * imports those repos from their PDS, verified, as backfill and #sync do (it looks for marked repos
 * every RESYNC_POLL_MS): the records as they are now, never the old commit again, so a replay cannot
 * take a record back to an older version. A record that still fails is filed again, with its reason;
 * one that now passes (a fixed bug, a repaired record) is indexed. A crash between the two loses
 * nothing: the mark is durable and read again at start.
 */
export async function replayDeadLetters(db: Kysely<IngestSchema>, opts: { ids?: number[] } = {}): Promise<DeadLetterReplay> {
  return db.transaction().execute(async (tx) => {
    let query = tx.selectFrom('dead_letter').select(['id', 'did']).orderBy('id')
    if (opts.ids) query = query.where('id', 'in', opts.ids.length > 0 ? opts.ids : [-1])
    const letters = await query.execute()
    const replayable = letters.filter((l) => l.did !== null)
    const repos = [...new Set(replayable.map((l) => l.did!))]
    const updatedAt = new Date().toISOString()
    for (const did of repos) {
      // A repo never imported has no rev yet: '' sorts before every rev, so the import goes ahead.
      await tx
        .insertInto('repo_state')
        .values({ did, rev: '', needsResync: 1, updatedAt })
        .onConflict((oc) => oc.column('did').doUpdateSet({ needsResync: 1, updatedAt }))
        .execute()
    }
    for (let i = 0; i < replayable.length; i += 500) {
      await tx.deleteFrom('dead_letter').where('id', 'in', replayable.slice(i, i + 500).map((l) => l.id)).execute()
    }
    return { replayed: replayable.length, repos, kept: letters.length - replayable.length }
  })
}
