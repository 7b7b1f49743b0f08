import { sql, type Kysely } from 'kysely'

/**
 * Every statement of search on SQLite, in one file: the FTS5 tables, the triggers that keep them in
 * step with the indexed records, and the queries. A Postgres form (tsvector columns and a GIN
 * index, the same two queries with ts_rank) would be a sibling of this file behind SearchIndex.
 */

/** Finds the URIs of videos and the DIDs of people for a search, best match first. */
export interface SearchIndex {
  videos(match: string, page: { limit: number; offset: number }): Promise<string[]>
  actors(match: string, page: { limit: number; offset: number }): Promise<string[]>
}

/** The words of a search as an FTS5 query: each word, or the start of it, must appear; nothing else is syntax. */
export function ftsQuery(text: string): string | undefined {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  if (words.length === 0) return undefined
  // Quoted, so that words like AND, OR, NEAR are words; the * makes each a prefix.
  return words.slice(0, 16).map((w) => `"${w}"*`).join(' ')
}

/** The video's tags as one text column, from its record JSON. */
const TAGS_OF_NEW = `coalesce((SELECT group_concat(value, ' ') FROM json_each(new.record, '$.tags')), '')`

/** What a person is found by: their verified handle and, for grant holders, their display name. */
const ACTOR_ROW = (did: string) => `
  DELETE FROM actor_fts WHERE did = ${did};
  INSERT INTO actor_fts (did, handle, name)
    SELECT ${did},
      coalesce((SELECT handle FROM actor_handle WHERE did = ${did} AND handle != 'handle.invalid'), ''),
      coalesce((SELECT displayName FROM grant_holder_name WHERE did = ${did}), '')
    WHERE EXISTS (SELECT 1 FROM actor_handle WHERE did = ${did} AND handle != 'handle.invalid')
       OR EXISTS (SELECT 1 FROM grant_holder_name WHERE did = ${did} AND displayName IS NOT NULL);`

/** Statements that create the search tables and triggers, and fill them from what is indexed already. */
export const CREATE_SEARCH: string[] = [
  `CREATE VIRTUAL TABLE video_fts USING fts5(uri UNINDEXED, text, tags, prompt, tokenize = 'unicode61 remove_diacritics 2')`,
  `CREATE TRIGGER video_fts_insert AFTER INSERT ON video BEGIN
     INSERT INTO video_fts (uri, text, tags, prompt) VALUES (new.uri, new.text, ${TAGS_OF_NEW}, new.prompt);
   END`,
  `CREATE TRIGGER video_fts_update AFTER UPDATE ON video BEGIN
     DELETE FROM video_fts WHERE uri = old.uri;
     INSERT INTO video_fts (uri, text, tags, prompt) VALUES (new.uri, new.text, ${TAGS_OF_NEW}, new.prompt);
   END`,
  `CREATE TRIGGER video_fts_delete AFTER DELETE ON video BEGIN
     DELETE FROM video_fts WHERE uri = old.uri;
   END`,
  `INSERT INTO video_fts (uri, text, tags, prompt)
     SELECT uri, text, coalesce((SELECT group_concat(value, ' ') FROM json_each(video.record, '$.tags')), ''), prompt FROM video`,

  `CREATE VIRTUAL TABLE actor_fts USING fts5(did UNINDEXED, handle, name, tokenize = 'unicode61 remove_diacritics 2')`,
  ...['actor_handle', 'grant_holder_name'].flatMap((table) => [
    `CREATE TRIGGER ${table}_fts_insert AFTER INSERT ON ${table} BEGIN ${ACTOR_ROW('new.did')} END`,
    `CREATE TRIGGER ${table}_fts_update AFTER UPDATE ON ${table} BEGIN ${ACTOR_ROW('new.did')} END`,
    `CREATE TRIGGER ${table}_fts_delete AFTER DELETE ON ${table} BEGIN ${ACTOR_ROW('old.did')} END`,
  ]),
  `INSERT INTO actor_fts (did, handle, name)
     SELECT d.did,
       coalesce((SELECT handle FROM actor_handle WHERE did = d.did AND handle != 'handle.invalid'), ''),
       coalesce((SELECT displayName FROM grant_holder_name WHERE did = d.did), '')
     FROM (SELECT did FROM actor_handle WHERE handle != 'handle.invalid' UNION SELECT did FROM grant_holder_name WHERE displayName IS NOT NULL) d`,
]

/** Undoes CREATE_SEARCH. */
export const DROP_SEARCH: string[] = [
  ...['actor_handle', 'grant_holder_name'].flatMap((t) => ['insert', 'update', 'delete'].map((op) => `DROP TRIGGER IF EXISTS ${t}_fts_${op}`)),
  ...['insert', 'update', 'delete'].map((op) => `DROP TRIGGER IF EXISTS video_fts_${op}`),
  'DROP TABLE IF EXISTS actor_fts',
  'DROP TABLE IF EXISTS video_fts',
]

/** The SQLite FTS5 search index, ranked by bm25 (a caption match counts more than a prompt match). */
export class SqliteSearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<any>) {}

  async videos(match: string, page: { limit: number; offset: number }): Promise<string[]> {
    const { rows } = await sql<{ uri: string }>`
      SELECT uri FROM video_fts WHERE video_fts MATCH ${match}
      ORDER BY bm25(video_fts, 0, 3.0, 2.0, 1.0), uri DESC LIMIT ${page.limit} OFFSET ${page.offset}`.execute(this.db)
    return rows.map((r) => r.uri)
  }

  async actors(match: string, page: { limit: number; offset: number }): Promise<string[]> {
    const { rows } = await sql<{ did: string }>`
      SELECT did FROM actor_fts WHERE actor_fts MATCH ${match}
      ORDER BY bm25(actor_fts, 0, 2.0, 1.0), did LIMIT ${page.limit} OFFSET ${page.offset}`.execute(this.db)
    return rows.map((r) => r.did)
  }
}
