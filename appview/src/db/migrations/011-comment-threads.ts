import { sql, type Kysely } from 'kysely'

/** Longer reply chains than this already in the table are left as threads of their own. */
const MAX_BACKFILL_DEPTH = 64

/**
 * Comments are shown threaded: each one remembers the top-level comment it sits under
 * (`threadUri`, its own URI for a top-level comment), so a page of top-level comments and all the
 * replies under them are two indexed reads. Existing rows are filled in here, level by level.
 */
export default {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('comment').addColumn('threadUri', 'varchar', (c) => c.notNull().defaultTo('')).execute()
    await sql`update comment set "threadUri" = uri
      where "parentUri" in (select "crosspostUri" from video where video.uri = comment."videoUri")`.execute(db)
    for (let depth = 0; depth < MAX_BACKFILL_DEPTH; depth++) {
      const res = await sql`update comment set "threadUri" = (select p."threadUri" from comment p where p.uri = comment."parentUri")
        where "threadUri" = '' and exists (select 1 from comment p where p.uri = comment."parentUri" and p."threadUri" != '')`.execute(db)
      if (!res.numAffectedRows) break
    }
    // A reply whose parent we never held (or that was deleted) is shown as a comment of its own.
    await sql`update comment set "threadUri" = uri where "threadUri" = ''`.execute(db)
    await db.schema.createIndex('comment_thread_idx').on('comment').columns(['threadUri', 'indexedAt', 'uri']).execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('comment_thread_idx').execute()
    await db.schema.alterTable('comment').dropColumn('threadUri').execute()
  },
}
