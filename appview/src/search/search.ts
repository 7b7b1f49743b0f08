import { InvalidRequestError } from '@atproto/xrpc-server'
import type { VideoDefs } from '@framewright/lexicons'
import type { Database } from '@framewright/service-kit'
import type { AppContext } from '../context'
import type { AppviewSchema } from '../db/schema'
import { hydrateVideos, type VideoView } from '../hydration/videos'
import type { AcceptedLabeler } from '../labels/accept'
import { SqliteSearchIndex } from './fts-sqlite'
import { PostgresSearchIndex } from './fts-postgres'
import { searchWords, type SearchIndex } from './search-index'

/** The index behind search: SQLite FTS5 on the embedded default, tsvector columns on Postgres. */
export function searchIndexFor(database: Database<AppviewSchema>): SearchIndex {
  return database.dialect === 'postgres' ? new PostgresSearchIndex(database.db) : new SqliteSearchIndex(database.db)
}

/** Results are ranked, not keyed, so a cursor is how many came before; it is still checked like any other. */
export function decodeOffset(cursor: string | undefined): number {
  if (cursor === undefined) return 0
  if (!/^[0-9]{1,6}$/.test(cursor)) throw new InvalidRequestError('that cursor is not one this search gave out', 'BadCursor')
  return Number(cursor)
}

function matchOf(q: string): string[] {
  const match = searchWords(q)
  if (!match) throw new InvalidRequestError('type at least one letter or digit to search for', 'BadQuery')
  return match
}

/**
 * Videos matching `q` by caption, tags or prompt, hydrated for this viewer. Taken-down videos and
 * videos of inactive accounts fall out in hydration, so a page may hold fewer than `limit`; the
 * cursor follows the index, not the page, so nothing is skipped.
 */
export async function searchVideos(
  ctx: AppContext,
  params: { q: string; limit: number; cursor?: string },
  labelers: AcceptedLabeler[],
): Promise<{ videos: VideoView[]; cursor?: string }> {
  const offset = decodeOffset(params.cursor)
  const uris = await searchIndexFor(ctx.db).videos(matchOf(params.q), { limit: params.limit, offset })
  const views = await hydrateVideos(ctx, uris, labelers)
  return {
    videos: uris.flatMap((uri) => views.get(uri) ?? []),
    cursor: uris.length === params.limit ? String(offset + uris.length) : undefined,
  }
}

/** A complete handle: two or more domain labels, the last starting with a letter. */
const FULL_HANDLE = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/**
 * People matching `q` by handle or display name; only those whose handle still verifies are shown.
 * The index holds the people this appview has met; a complete handle of anyone else is resolved on
 * the spot and put first, so typing someone's whole handle always finds them.
 */
export async function searchActors(ctx: AppContext, params: { q: string; limit: number; cursor?: string }): Promise<{ actors: VideoDefs.ActorView[]; cursor?: string }> {
  const offset = decodeOffset(params.cursor)
  const term = params.q.trim().replace(/^@/, '').toLowerCase()
  const [exact, found] = await Promise.all([
    offset === 0 && FULL_HANDLE.test(term) ? ctx.consentChecks.resolveHandle(term) : undefined,
    searchIndexFor(ctx.db).actors(matchOf(term), { limit: params.limit, offset }),
  ])
  const dids = [...new Set([...(exact ? [exact] : []), ...found])]
  const [handles, names] = await Promise.all([ctx.actors.handles(dids), ctx.grantHolderNames.of(dids)])
  const actors = dids.flatMap((did) => {
    const handle = handles.get(did)
    if (!handle || handle === 'handle.invalid') return []
    const displayName = names.get(did)
    return [{ did, handle, ...(displayName ? { displayName } : {}) }]
  })
  return { actors: actors.slice(0, params.limit), cursor: found.length === params.limit ? String(offset + found.length) : undefined }
}
