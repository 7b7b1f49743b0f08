import { sql, type Kysely } from 'kysely'
import { searchWords, type SearchIndex } from './search-index'

/**
 * Every statement of search on SQLite, in one file: the FTS5 tables, the triggers that keep them in
 * step with the indexed records, and the queries. The Postgres form is fts-postgres.ts.
 */

/** The words of a search as an FTS5 query: each word, or the start of it, must appear; nothing else is syntax. */
export function ftsQuery(text: string): string | undefined {
  const words = searchWords(text)
  return words && ftsMatch(words)
}

/** Words (see searchWords) as an FTS5 query. */
function ftsMatch(words: string[]): string {
  // Quoted, so that words like AND, OR, NEAR are words; the * makes each a prefix.
  return words.map((w) => `"${w}"*`).join(' ')
}

/** The video's tags as one text column, from its record JSON. */
const TAGS_OF_NEW = `coalesce((SELECT group_concat(value, ' ') FROM json_each(new.record, '$.tags')), '')`

/**
 * Each FTS row's rowid, by the key of what it indexes (a video's URI, a person's DID). An FTS5 table
 * finds a row fast only by its rowid or by a word: removing a video's row "WHERE uri = ?" read the
 * whole table, for every video updated or deleted (a tenth of a second each at 10k videos, in
 * bench/ingest.ts). The rowid is kept here rather than borrowed from the indexed table, whose
 * implicit rowids a VACUUM may renumber.
 */
const ROW_OF = (fts: string, key: string, value: string) => `(SELECT ftsRowid FROM ${fts}_row WHERE ${key} = ${value})`
const REMEMBER_ROW = (fts: string, key: string, value: string) => `INSERT OR REPLACE INTO ${fts}_row (${key}, ftsRowid) VALUES (${value}, last_insert_rowid());`
const FORGET_ROW = (fts: string, key: string, value: string) =>
  `DELETE FROM ${fts} WHERE rowid = ${ROW_OF(fts, key, value)}; DELETE FROM ${fts}_row WHERE ${key} = ${value};`

/** What a person is found by: their verified handle and, for grant holders, their display name. */
const ACTOR_ROW = (did: string) => `
  ${FORGET_ROW('actor_fts', 'did', did)}
  INSERT INTO actor_fts (did, handle, name)
    SELECT ${did},
      coalesce((SELECT handle FROM actor_handle WHERE did = ${did} AND handle != 'handle.invalid'), ''),
      coalesce((SELECT displayName FROM grant_holder_name WHERE did = ${did}), '')
    WHERE EXISTS (SELECT 1 FROM actor_handle WHERE did = ${did} AND handle != 'handle.invalid')
       OR EXISTS (SELECT 1 FROM grant_holder_name WHERE did = ${did} AND displayName IS NOT NULL);
  INSERT OR REPLACE INTO actor_fts_row (did, ftsRowid) SELECT ${did}, rowid FROM actor_fts WHERE rowid = last_insert_rowid() AND did = ${did};`

const VIDEO_ROW = `INSERT INTO video_fts (uri, text, tags, prompt) VALUES (new.uri, new.text, ${TAGS_OF_NEW}, new.prompt);
     ${REMEMBER_ROW('video_fts', 'uri', 'new.uri')}`

/** Statements that create the search tables and triggers, and fill them from what is indexed already. */
export const CREATE_SEARCH: string[] = [
  `CREATE VIRTUAL TABLE video_fts USING fts5(uri UNINDEXED, text, tags, prompt, tokenize = 'unicode61 remove_diacritics 2')`,
  `CREATE TABLE video_fts_row (uri TEXT PRIMARY KEY, ftsRowid INTEGER NOT NULL)`,
  `CREATE TRIGGER video_fts_insert AFTER INSERT ON video BEGIN
     ${VIDEO_ROW}
   END`,
  `CREATE TRIGGER video_fts_update AFTER UPDATE ON video BEGIN
     ${FORGET_ROW('video_fts', 'uri', 'old.uri')}
     ${VIDEO_ROW}
   END`,
  `CREATE TRIGGER video_fts_delete AFTER DELETE ON video BEGIN
     ${FORGET_ROW('video_fts', 'uri', 'old.uri')}
   END`,
  `INSERT INTO video_fts (uri, text, tags, prompt)
     SELECT uri, text, coalesce((SELECT group_concat(value, ' ') FROM json_each(video.record, '$.tags')), ''), prompt FROM video`,
  `INSERT INTO video_fts_row (uri, ftsRowid) SELECT uri, rowid FROM video_fts`,

  `CREATE VIRTUAL TABLE actor_fts USING fts5(did UNINDEXED, handle, name, tokenize = 'unicode61 remove_diacritics 2')`,
  `CREATE TABLE actor_fts_row (did TEXT PRIMARY KEY, ftsRowid INTEGER NOT NULL)`,
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
  `INSERT INTO actor_fts_row (did, ftsRowid) SELECT did, rowid FROM actor_fts`,
]

/** Undoes CREATE_SEARCH. */
export const DROP_SEARCH: string[] = [
  ...['actor_handle', 'grant_holder_name'].flatMap((t) => ['insert', 'update', 'delete'].map((op) => `DROP TRIGGER IF EXISTS ${t}_fts_${op}`)),
  ...['insert', 'update', 'delete'].map((op) => `DROP TRIGGER IF EXISTS video_fts_${op}`),
  'DROP TABLE IF EXISTS actor_fts_row',
  'DROP TABLE IF EXISTS actor_fts',
  'DROP TABLE IF EXISTS video_fts_row',
  'DROP TABLE IF EXISTS video_fts',
]

/** The SQLite FTS5 search index, ranked by bm25 (a caption match counts more than a prompt match). */
export class SqliteSearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<any>) {}

  async videos(words: string[], page: { limit: number; offset: number }): Promise<string[]> {
    const { rows } = await sql<{ uri: string }>`
      SELECT uri FROM video_fts WHERE video_fts MATCH ${ftsMatch(words)}
      ORDER BY bm25(video_fts, 0, 3.0, 2.0, 1.0), uri DESC LIMIT ${page.limit} OFFSET ${page.offset}`.execute(this.db)
    return rows.map((r) => r.uri)
  }

  async actors(words: string[], page: { limit: number; offset: number }): Promise<string[]> {
    const { rows } = await sql<{ did: string }>`
      SELECT did FROM actor_fts WHERE actor_fts MATCH ${ftsMatch(words)}
      ORDER BY bm25(actor_fts, 0, 2.0, 1.0), did LIMIT ${page.limit} OFFSET ${page.offset}`.execute(this.db)
    return rows.map((r) => r.did)
  }
}
