import { sql, type Kysely } from 'kysely'
import { dialectOf } from '@framewright/service-kit'
import { CREATE_SEARCH_POSTGRES, DROP_SEARCH_POSTGRES } from '../../search/fts-postgres'

/**
 * Full-text search over videos (caption, tags, prompt) and people (handle, display name): SQLite FTS5,
 * kept in step by triggers. These are the statements as this migration shipped them (012 replaces
 * their triggers, see search/fts-sqlite.ts). On Postgres, the search of search/fts-postgres.ts.
 */
export default {
  async up(db: Kysely<unknown>) {
    const statements = dialectOf(db) === 'postgres' ? CREATE_SEARCH_POSTGRES : SEARCH_008
    for (const statement of statements) await sql.raw(statement).execute(db)
  },
  async down(db: Kysely<unknown>) {
    const statements = dialectOf(db) === 'postgres' ? DROP_SEARCH_POSTGRES : DROP_SEARCH_008
    for (const statement of statements) await sql.raw(statement).execute(db)
  },
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
export const SEARCH_008: string[] = [
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

/** Undoes SEARCH_008. */
export const DROP_SEARCH_008: string[] = [
  ...['actor_handle', 'grant_holder_name'].flatMap((t) => ['insert', 'update', 'delete'].map((op) => `DROP TRIGGER IF EXISTS ${t}_fts_${op}`)),
  ...['insert', 'update', 'delete'].map((op) => `DROP TRIGGER IF EXISTS video_fts_${op}`),
  'DROP TABLE IF EXISTS actor_fts',
  'DROP TABLE IF EXISTS video_fts',
]

