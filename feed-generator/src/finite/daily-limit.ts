import { sql, type Kysely } from 'kysely'
import { dialectOf, preparedQuery, serializeWith } from '@framewright/service-kit'
import type { FeedEnd } from '../algos/types'
import type { FeedgenSchema } from '../db/schema'

/** The UTC calendar day of a moment, YYYY-MM-DD: daily limits reset at midnight UTC. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10)
}

/** When the UTC day of `now` ends, as an ISO timestamp: the moment daily limits reset. */
export function nextReset(now: Date): string {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1))
  return next.toISOString()
}

/** What a page that stopped at the daily limit tells the client: how many today, the limit, when it resets. */
export function dailyLimitEnd(servedToday: number, dailyLimit: number, now: Date): FeedEnd {
  return { reason: 'dailyLimit', servedToday, dailyLimit, resetsAt: nextReset(now) }
}

/** The viewer's own daily limit from their indexed feed.prefs, or the generator's default. */
export async function viewerDailyLimit(db: Kysely<FeedgenSchema>, viewer: string, fallback: number): Promise<number> {
  const prefs = await db.selectFrom('feed_prefs').select('dailyLimit').where('did', '=', viewer).executeTakeFirst()
  return prefs?.dailyLimit ?? fallback
}

/**
 * Which items of a page the viewer may still see today, in page order. Items already served today
 * are free (fetching the same page twice costs nothing); each new one uses up one of the limit.
 * The page stops at the first item over the limit, so what follows is never skipped silently.
 */
export function admitWithinLimit<T extends { uri: string }>(
  page: readonly T[],
  servedToday: ReadonlySet<string>,
  dailyLimit: number,
): { admitted: T[]; newlyServed: string[]; limitReached: boolean } {
  let count = servedToday.size
  const admitted: T[] = []
  const newlyServed: string[] = []
  for (const item of page) {
    if (servedToday.has(item.uri)) {
      admitted.push(item)
      continue
    }
    if (count >= dailyLimit) return { admitted, newlyServed, limitReached: true }
    admitted.push(item)
    newlyServed.push(item.uri)
    count++
  }
  return { admitted, newlyServed, limitReached: count >= dailyLimit }
}

/**
 * Admits a page against the viewer's daily limit and records what it served, durably and in one
 * transaction (two pages fetched at once cannot both spend the last item). Earlier days are
 * pruned as it goes: only today's count matters. The count is the viewer's across every feed we
 * serve, so switching feeds does not start a new day. When the limit is reached, `end` says so.
 */
export async function serveWithinDailyLimit<T extends { uri: string }>(
  db: Kysely<FeedgenSchema>,
  viewer: string,
  page: readonly T[],
  dailyLimit: number,
  now: Date,
  /** What was served to the viewer on now's day, when the caller read it already (with other reads). */
  servedAlready?: ReadonlySet<string>,
): Promise<{ admitted: T[]; limitReached: boolean; end?: FeedEnd }> {
  const day = utcDay(now)
  // A page that spends nothing (every item on it was served today already: a refresh, a second
  // device, going back) needs no write and no lock: answered from one read, as if it came then.
  const servedBefore = servedAlready ?? (await servedOn(db, viewer, day))
  const unspent = admitWithinLimit(page, servedBefore, dailyLimit)
  if (unspent.newlyServed.length === 0) {
    return {
      admitted: unspent.admitted,
      limitReached: unspent.limitReached,
      ...(unspent.limitReached ? { end: dailyLimitEnd(servedBefore.size, dailyLimit, now) } : {}),
    }
  }
  if (dialectOf(db) === 'postgres') return spendInOneStatement(db, viewer, day, page, dailyLimit, now)
  return db.transaction().execute(async (tx) => {
    await serializeWith(tx, `feed_served ${viewer}`)
    const served = await servedOn(tx, viewer, day)
    const result = admitWithinLimit(page, served, dailyLimit)
    if (result.newlyServed.length > 0) {
      await tx
        .insertInto('feed_served')
        .values(result.newlyServed.map((uri) => ({ viewer, day, uri })))
        .onConflict((oc) => oc.doNothing())
        .execute()
      if (prunedOn.get(viewer) !== day) {
        await tx.deleteFrom('feed_served').where('viewer', '=', viewer).where('day', '<', day).execute()
        rememberPruned(viewer, day)
      }
    }
    const servedToday = served.size + result.newlyServed.length
    return {
      admitted: result.admitted,
      limitReached: result.limitReached,
      ...(result.limitReached ? { end: dailyLimitEnd(servedToday, dailyLimit, now) } : {}),
    }
  })
}

/**
 * Postgres: the spending transaction as one statement, the feed_spend function (migration
 * 009-spend-function), which applies admitWithinLimit's rule under the viewer's lock and answers
 * how long the admitted prefix of the page is. One round trip instead of five.
 */
async function spendInOneStatement<T extends { uri: string }>(
  db: Kysely<FeedgenSchema>,
  viewer: string,
  day: string,
  page: readonly T[],
  dailyLimit: number,
  now: Date,
): Promise<{ admitted: T[]; limitReached: boolean; end?: FeedEnd }> {
  const prune = prunedOn.get(viewer) !== day
  const { rows } = await sql<{ admitted: number; served_today: number; limit_reached: boolean }>`
    select * from feed_spend(${viewer}, ${day}, ${page.map((i) => i.uri)}::text[], ${dailyLimit}, ${prune})`.execute(db)
  const spent = rows[0]!
  if (prune) rememberPruned(viewer, day)
  return {
    admitted: page.slice(0, spent.admitted),
    limitReached: spent.limit_reached,
    ...(spent.limit_reached ? { end: dailyLimitEnd(spent.served_today, dailyLimit, now) } : {}),
  }
}

/**
 * Viewers whose earlier days this process pruned today: a viewer's earlier days need pruning once
 * a day, not on every page they spend (a round trip of each spend's transaction). Another process,
 * or this one after a restart, prunes once more: harmless. Bounded: forgotten wholesale when full.
 */
const prunedOn = new Map<string, string>()
const PRUNED_MAX = 100_000

function rememberPruned(viewer: string, day: string): void {
  if (prunedOn.size >= PRUNED_MAX) prunedOn.clear()
  prunedOn.set(viewer, day)
}

async function servedOn(db: Kysely<FeedgenSchema>, viewer: string, day: string): Promise<Set<string>> {
  return new Set((await servedRows(db, viewer, day)).map((r) => r.uri))
}

// Prepared: every signed-in page reads it.
const servedRows = preparedQuery((db: Kysely<FeedgenSchema>, viewer: string, day: string) =>
  db.selectFrom('feed_served').select('uri').where('viewer', '=', viewer).where('day', '=', day),
)
