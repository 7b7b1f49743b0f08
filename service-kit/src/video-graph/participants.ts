import type { Kysely } from 'kysely'

/**
 * Why someone's follows matter to a service. `grant`: they hold a likeness grant (the consent rule's
 * `mutuals` reads their follows and follows to them). `viewer`: they use our feeds (following,
 * friends-cameos). `user`: they use the appview. `mutuals`: the consent rule needed their follows
 * for a mutuals grant they are part of.
 */
export type ParticipantReason = 'grant' | 'viewer' | 'user' | 'mutuals'

/**
 * People whose follows a service keeps. The network's follows are about 15% of all events; a
 * service keeps only those whose author is a participant, so the follow table holds what the
 * service reads and no more. `followsKnownAt` says since when the index holds *all* of their
 * follows: those made before they became a participant are fetched once from their PDS.
 */
export interface ParticipantTable {
  did: string
  reason: string
  addedAt: string
  /** When their follows were fetched from their PDS (null: only those seen live since addedAt). */
  followsKnownAt: string | null
  followsError: string | null
}

export type ParticipantSchema = { participant: ParticipantTable }

/** Creates the participant table. Every service lists it in its migrations. */
export const participantsMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('participant')
      .addColumn('did', 'varchar', (c) => c.primaryKey())
      .addColumn('reason', 'varchar', (c) => c.notNull())
      .addColumn('addedAt', 'varchar', (c) => c.notNull())
      .addColumn('followsKnownAt', 'varchar')
      .addColumn('followsError', 'varchar')
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('participant').execute()
  },
}

/**
 * The participants, in memory as well as in the table: the firehose asks about the author of every
 * follow on the network, so the answer must be a set lookup. The set only grows (someone who stops
 * being a participant keeps their follows: they are few, and coming back costs a fetch otherwise).
 */
export class Participants {
  private readonly dids = new Set<string>()
  private mirror?: (did: string) => void

  /** Loads the table (at start). */
  async load(db: Kysely<any>): Promise<void> {
    for (const row of await (db as Kysely<ParticipantSchema>).selectFrom('participant').select('did').execute()) this.mark(row.did)
  }

  /** Every participant, those now and those to come, is also given to `add` (the arrival thread's copy: see ArrivalSets). */
  mirrorTo(add: (did: string) => void): void {
    this.mirror = add
    for (const did of this.dids) add(did)
  }

  has(did: string): boolean {
    return this.dids.has(did)
  }

  get size(): number {
    return this.dids.size
  }

  /**
   * Makes someone a participant in memory only (synchronous: safe to call from inside another
   * transaction); true when they were not one before. `persist` writes the row.
   */
  mark(did: string): boolean {
    // In memory first: from now on the firehose keeps their follows, so nothing made after a
    // fetch of their older ones can fall in between.
    const isNew = !this.dids.has(did)
    this.dids.add(did)
    if (isNew) this.mirror?.(did)
    return isNew
  }

  /** Writes someone's participant row (idempotent). */
  async persist(db: Kysely<any>, did: string, reason: ParticipantReason): Promise<void> {
    await (db as Kysely<ParticipantSchema>).insertInto('participant').values({ did, reason, addedAt: new Date().toISOString(), followsKnownAt: null, followsError: null }).onConflict((oc) => oc.column('did').doNothing()).execute()
  }

  /** mark + persist, through the given executor (a transaction, during ingestion; any schema with the participant table). */
  async add(db: Kysely<any>, did: string, reason: ParticipantReason): Promise<boolean> {
    const isNew = this.mark(did)
    await this.persist(db, did, reason)
    return isNew
  }
}
