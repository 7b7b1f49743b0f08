import { dialectOf, preparedQuery } from '@framewright/service-kit'
import { sql, type Kysely, type Selectable } from 'kysely'
import type { FeedInteractionTable } from '../db/feed-interaction-table'
import type { FeedPrefsTable } from '../db/feed-prefs-table'
import type { FeedgenSchema } from '../db/schema'
import type { StoredInteraction } from '../interactions/effect'

/** Everything a signed-in viewer's steered page reads about them, in one round trip. */
export interface ViewerRows {
  prefs?: Selectable<FeedPrefsTable>
  /** DIDs they follow. */
  follows: string[]
  /** Their interactions, oldest first (as foldInteractions reads them). */
  interactions: StoredInteraction[]
  /** The items served to them on `day`. */
  servedOnDay: string[]
}

const PREFS_COLUMNS = ['did', 'uri', 'cid', 'instruction', 'weightRemixes', 'weightNewCreators', 'weightFollowing', 'weightFreshness', 'dailyLimit', 'breakReminderMinutes', 'mutedTags', 'createdAt', 'indexedAt'] as const
const INTERACTION_COLUMNS = ['item', 'videoUri', 'creator', 'creatorLabel', 'tags', 'event'] as const satisfies readonly (keyof FeedInteractionTable)[]

/**
 * A viewer's prefs, follows, interactions and what they were served on `day`, as one statement of
 * four subqueries each aggregated to JSON: a steered page made four round trips for them, and on
 * Postgres each round trip (a socket write and a wake-up on both sides) cost more than its query.
 * The two engines spell JSON aggregation differently; the rows are the same.
 */
export async function readViewerRows(db: Kysely<FeedgenSchema>, viewer: string, day: string): Promise<ViewerRows> {
  const row = (await viewerRowsQuery(db, viewer, day))[0]!
  // Postgres hands JSON back parsed; SQLite as text.
  const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T
  return {
    prefs: row.prefs === null || row.prefs === undefined ? undefined : json<Selectable<FeedPrefsTable>>(row.prefs),
    follows: json<string[]>(row.follows),
    interactions: json<StoredInteraction[]>(row.interactions),
    servedOnDay: json<string[]>(row.served),
  }
}

// Prepared: every steered page runs it, and building and compiling its tree was about 5 % of a
// steered Postgres replica's time.
const viewerRowsQuery = preparedQuery((db: Kysely<FeedgenSchema>, viewer: string, day: string) => {
  const postgres = dialectOf(db) === 'postgres'
  const object = (columns: readonly string[], table: string) =>
    sql.raw(`${postgres ? 'json_build_object' : 'json_object'}(${columns.map((c) => `'${c}', "${table}"."${c}"`).join(', ')})`)
  const array = postgres ? sql.raw('json_agg') : sql.raw('json_group_array')
  const empty = postgres ? sql`'[]'::json` : sql`'[]'`
  const query = sql<{ prefs: unknown; follows: unknown; interactions: unknown; served: unknown }>`
    select
      (select ${object(PREFS_COLUMNS, 'feed_prefs')} from "feed_prefs" where "did" = ${viewer}) as "prefs",
      (select coalesce(${array}("subject"), ${empty}) from "follow" where "creator" = ${viewer}) as "follows",
      (select coalesce(${array}(${object(INTERACTION_COLUMNS, 'feed_interaction')} order by "at" asc, "item" asc), ${empty}) from "feed_interaction" where "viewer" = ${viewer}) as "interactions",
      (select coalesce(${array}("uri"), ${empty}) from "feed_served" where "viewer" = ${viewer} and "day" = ${day}) as "served"
  `
  return { compile: () => query.compile(db) }
})
