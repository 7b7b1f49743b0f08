import { sql, type Kysely } from 'kysely'
import type { SearchIndex } from './search-index'

/**
 * Every statement of search on Postgres, in one file, the sibling of fts-sqlite.ts with the same
 * results: a tsvector per video (caption, tags, prompt, weighted in that order) and per person
 * (handle, then display name), kept in step with the indexed records by triggers, GIN-indexed,
 * queried word by word as prefixes. Words are cut the way searchWords cuts a query (letters and
 * digits, lower case, accents dropped), so `alice.test` is two words here as in FTS5.
 */

/** Text as the words a search matches: lower case, accents dropped, everything else a space. */
const SEARCH_TEXT = `CREATE OR REPLACE FUNCTION search_text(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(regexp_replace(normalize(lower(coalesce(t, '')), NFD), '[\\u0300-\\u036f]', '', 'g'), '[^[:alnum:]]+', ' ', 'g')
  $$`

/** A video record's tags as words; none when its JSON is one jsonb refuses (a \u0000 escape). */
const VIDEO_TAGS = `CREATE OR REPLACE FUNCTION video_search_tags(record text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
  BEGIN
    RETURN (SELECT string_agg(tag, ' ') FROM jsonb_array_elements_text(
      CASE WHEN jsonb_typeof(record::jsonb -> 'tags') = 'array' THEN record::jsonb -> 'tags' ELSE '[]'::jsonb END) AS tag);
  EXCEPTION WHEN others THEN
    -- A hostile record must not fail the write that indexes it: it is found by caption and prompt.
    RETURN '';
  END $$`

const VIDEO_DOC = `CREATE OR REPLACE FUNCTION video_search_doc(caption text, record text, prompt text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
    SELECT setweight(to_tsvector('simple', search_text(caption)), 'A')
      || setweight(to_tsvector('simple', search_text(video_search_tags(record))), 'B')
      || setweight(to_tsvector('simple', search_text(prompt)), 'C')
  $$`

/** A person's row: their verified handle and, for grant holders, their display name; none when neither. */
const ACTOR_REFRESH = `CREATE OR REPLACE FUNCTION actor_search_refresh(person text) RETURNS void
  LANGUAGE sql SET search_path FROM CURRENT AS $$
    DELETE FROM actor_search WHERE did = person;
    INSERT INTO actor_search (did, doc)
      SELECT person,
        setweight(to_tsvector('simple', search_text((SELECT handle FROM actor_handle WHERE did = person AND handle != 'handle.invalid'))), 'A')
        || setweight(to_tsvector('simple', search_text((SELECT "displayName" FROM grant_holder_name WHERE did = person))), 'B')
      WHERE EXISTS (SELECT 1 FROM actor_handle WHERE did = person AND handle != 'handle.invalid')
         OR EXISTS (SELECT 1 FROM grant_holder_name WHERE did = person AND "displayName" IS NOT NULL);
  $$`

const VIDEO_TRIGGER = `CREATE OR REPLACE FUNCTION video_search_sync() RETURNS trigger
  LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      DELETE FROM video_search WHERE uri = OLD.uri;
      RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.uri != NEW.uri THEN DELETE FROM video_search WHERE uri = OLD.uri; END IF;
    INSERT INTO video_search (uri, doc) VALUES (NEW.uri, video_search_doc(NEW.text, NEW.record, NEW.prompt))
      ON CONFLICT (uri) DO UPDATE SET doc = excluded.doc;
    RETURN NEW;
  END $$`

const ACTOR_TRIGGER = `CREATE OR REPLACE FUNCTION actor_search_sync() RETURNS trigger
  LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM actor_search_refresh(OLD.did); END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM actor_search_refresh(NEW.did); END IF;
    RETURN NULL;
  END $$`

/** Statements that create the search tables, functions and triggers, and fill them from what is indexed already. */
export const CREATE_SEARCH_POSTGRES: string[] = [
  SEARCH_TEXT,
  VIDEO_TAGS,
  VIDEO_DOC,
  `CREATE TABLE video_search (uri text PRIMARY KEY, doc tsvector NOT NULL)`,
  `CREATE INDEX video_search_doc_idx ON video_search USING gin (doc)`,
  VIDEO_TRIGGER,
  `CREATE TRIGGER video_search_write AFTER INSERT OR UPDATE OF uri, text, record, prompt OR DELETE ON video
     FOR EACH ROW EXECUTE FUNCTION video_search_sync()`,
  `INSERT INTO video_search (uri, doc) SELECT uri, video_search_doc(text, record, prompt) FROM video`,

  `CREATE TABLE actor_search (did text PRIMARY KEY, doc tsvector NOT NULL)`,
  `CREATE INDEX actor_search_doc_idx ON actor_search USING gin (doc)`,
  ACTOR_REFRESH,
  ACTOR_TRIGGER,
  `CREATE TRIGGER actor_handle_search AFTER INSERT OR UPDATE OR DELETE ON actor_handle FOR EACH ROW EXECUTE FUNCTION actor_search_sync()`,
  `CREATE TRIGGER grant_holder_name_search AFTER INSERT OR UPDATE OR DELETE ON grant_holder_name FOR EACH ROW EXECUTE FUNCTION actor_search_sync()`,
  `SELECT actor_search_refresh(d.did)
     FROM (SELECT did FROM actor_handle WHERE handle != 'handle.invalid' UNION SELECT did FROM grant_holder_name WHERE "displayName" IS NOT NULL) d`,
]

/** Undoes CREATE_SEARCH_POSTGRES. */
export const DROP_SEARCH_POSTGRES: string[] = [
  'DROP TRIGGER IF EXISTS grant_holder_name_search ON grant_holder_name',
  'DROP TRIGGER IF EXISTS actor_handle_search ON actor_handle',
  'DROP TRIGGER IF EXISTS video_search_write ON video',
  'DROP TABLE IF EXISTS actor_search',
  'DROP TABLE IF EXISTS video_search',
  'DROP FUNCTION IF EXISTS actor_search_sync()',
  'DROP FUNCTION IF EXISTS actor_search_refresh(text)',
  'DROP FUNCTION IF EXISTS video_search_sync()',
  'DROP FUNCTION IF EXISTS video_search_doc(text, text, text)',
  'DROP FUNCTION IF EXISTS video_search_tags(text)',
  'DROP FUNCTION IF EXISTS search_text(text)',
]

/** Words (see searchWords) as a tsquery: every word, as a prefix, accents dropped as in the documents. */
export function tsQuery(words: string[]): string {
  return words.map((w) => `${w.normalize('NFD').replace(/[\u0300-\u036f]/g, '')}:*`).join(' & ')
}

/** Weights of D, C, B, A: a caption (A) match counts three times a prompt (C) match, as bm25's weights do on SQLite. */
const WEIGHTS = '{0, 0.333, 0.667, 1}'

/** The Postgres search index, ranked by ts_rank over the weighted columns. */
export class PostgresSearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<any>) {}

  async videos(words: string[], page: { limit: number; offset: number }): Promise<string[]> {
    const { rows } = await sql<{ uri: string }>`
      SELECT uri FROM video_search, to_tsquery('simple', ${tsQuery(words)}) AS q WHERE doc @@ q
      ORDER BY ts_rank(${WEIGHTS}::float4[], doc, q) DESC, uri DESC LIMIT ${page.limit} OFFSET ${page.offset}`.execute(this.db)
    return rows.map((r) => r.uri)
  }

  async actors(words: string[], page: { limit: number; offset: number }): Promise<string[]> {
    const { rows } = await sql<{ did: string }>`
      SELECT did FROM actor_search, to_tsquery('simple', ${tsQuery(words)}) AS q WHERE doc @@ q
      ORDER BY ts_rank(${WEIGHTS}::float4[], doc, q) DESC, did LIMIT ${page.limit} OFFSET ${page.offset}`.execute(this.db)
    return rows.map((r) => r.did)
  }
}
