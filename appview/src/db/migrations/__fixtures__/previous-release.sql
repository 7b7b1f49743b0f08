-- The SQLite database of appview as its release at 89b82de2d7ec42a9a2aaaf119fe333e7aab65d73 made it.
-- Written by service-kit/src/db/fixtures/previous-release-schema.ts; do not edit.
CREATE TABLE "kysely_migration" ("name" varchar(255) not null primary key, "timestamp" varchar(255) not null);
CREATE TABLE "kysely_migration_lock" ("id" varchar(255) not null primary key, "is_locked" integer default 0 not null);
CREATE TABLE "ingest_cursor" ("stream" varchar primary key, "cursor" bigint not null, "updatedAt" varchar not null);
CREATE TABLE "video" ("uri" varchar primary key, "cid" varchar not null, "creator" varchar not null, "createdAt" varchar not null, "indexedAt" varchar not null, "sortAt" varchar not null, "text" varchar not null, "provider" varchar not null, "model" varchar not null, "prompt" varchar not null, "blobCid" varchar not null, "blobMime" varchar not null, "blobSize" bigint not null, "durationMs" integer, "width" integer, "height" integer, "remixOfUri" varchar, "remixOfCid" varchar, "crosspostUri" varchar, "crosspostCid" varchar, "record" text not null);
CREATE INDEX "video_creator_idx" on "video" ("creator", "sortAt");
CREATE INDEX "video_crosspost_idx" on "video" ("crosspostUri");
CREATE INDEX "video_remix_of_idx" on "video" ("remixOfUri");
CREATE TABLE "depiction" ("videoUri" varchar not null, "creator" varchar not null, "subject" varchar not null, "grantUri" varchar, constraint "depiction_pkey" primary key ("videoUri", "subject"));
CREATE INDEX "depiction_subject_idx" on "depiction" ("subject", "creator");
CREATE TABLE "likeness_grant" ("did" varchar primary key, "uri" varchar not null, "cid" varchar not null, "audience" varchar not null, "approved" text not null, "restrictions" varchar, "expiresAt" varchar, "createdAt" varchar not null, "indexedAt" varchar not null);
CREATE TABLE "likeness_review" ("uri" varchar primary key, "reviewer" varchar not null, "videoUri" varchar not null, "verdict" varchar not null, "createdAt" varchar not null, "indexedAt" varchar not null);
CREATE INDEX "likeness_review_video_idx" on "likeness_review" ("videoUri", "reviewer", "createdAt");
CREATE TABLE "follow" ("uri" varchar primary key, "creator" varchar not null, "subject" varchar not null, "createdAt" varchar not null);
CREATE INDEX "follow_pair_idx" on "follow" ("creator", "subject");
CREATE TABLE "actor" ("did" varchar primary key, "active" integer not null, "status" varchar, "updatedAt" varchar not null);
CREATE TABLE "feed_generator" ("uri" varchar primary key, "cid" varchar not null, "creator" varchar not null, "did" varchar not null, "displayName" varchar not null, "description" varchar, "contentMode" varchar, "acceptsInteractions" integer not null, "indexedAt" varchar not null);
CREATE TABLE "labeler_service" ("did" varchar primary key, "cid" varchar not null, "policies" text not null, "indexedAt" varchar not null);
CREATE TABLE "label" ("src" varchar not null, "uri" varchar not null, "val" varchar not null, "cid" varchar, "neg" integer not null, "cts" varchar not null, "exp" varchar, "sig" blob not null, constraint "label_pkey" primary key ("src", "uri", "val"));
CREATE INDEX "label_uri_idx" on "label" ("uri", "src");
CREATE TABLE "actor_handle" ("did" varchar primary key, "handle" varchar not null, "checkedAt" varchar not null);
CREATE TABLE "generation_job" ("id" varchar primary key, "creator" varchar not null, "status" varchar not null, "progress" integer not null, "stage" varchar, "provider" varchar not null, "model" varchar not null, "prompt" text not null, "seed" bigint not null, "durationMs" integer not null, "width" integer not null, "height" integer not null, "depicts" text not null, "remixOfUri" varchar, "remixOfCid" varchar, "providerJobId" varchar, "error" varchar, "result" text, "provenance" text, "createdAt" varchar not null, "updatedAt" varchar not null, "restrictions" text);
CREATE INDEX "generation_job_status_idx" on "generation_job" ("status", "createdAt");
CREATE INDEX "generation_job_creator_idx" on "generation_job" ("creator", "createdAt");
CREATE TABLE "grant_holder_name" ("did" varchar primary key, "displayName" varchar, "normalizedName" varchar, "firstWord" varchar, "checkedAt" varchar not null);
CREATE INDEX "grant_holder_name_word_idx" on "grant_holder_name" ("firstWord");
CREATE INDEX "grant_holder_name_name_idx" on "grant_holder_name" ("normalizedName");
CREATE INDEX "actor_handle_handle_idx" on "actor_handle" ("handle");
CREATE TABLE "dead_letter" ("id" integer primary key autoincrement, "seq" bigint, "did" varchar, "subject" varchar, "reason" varchar not null, "detail" text not null, "frame" blob, "attempts" integer not null, "createdAt" varchar not null);
CREATE TABLE "repo_state" ("did" varchar primary key, "rev" varchar not null, "needsResync" integer not null, "updatedAt" varchar not null);
CREATE INDEX "repo_state_resync_idx" on "repo_state" ("did") where "needsResync" = 1;
CREATE TABLE "participant" ("did" varchar primary key, "reason" varchar not null, "addedAt" varchar not null, "followsKnownAt" varchar, "followsError" varchar);
CREATE TABLE "comment" ("uri" varchar primary key, "cid" varchar not null, "creator" varchar not null, "videoUri" varchar not null, "parentUri" varchar not null, "text" text not null, "createdAt" varchar not null, "indexedAt" varchar not null, "threadUri" varchar default '' not null);
CREATE INDEX "comment_video_idx" on "comment" ("videoUri", "indexedAt", "uri");
CREATE INDEX "comment_creator_idx" on "comment" ("creator");
CREATE TABLE "post_like" ("uri" varchar primary key, "creator" varchar not null, "subject" varchar not null, "createdAt" varchar not null);
CREATE INDEX "post_like_subject_idx" on "post_like" ("subject", "creator");
CREATE INDEX "post_like_creator_idx" on "post_like" ("creator");
CREATE TABLE "notification" ("recipient" varchar not null, "uri" varchar not null, "reason" varchar not null, "author" varchar not null, "reasonSubject" varchar, "text" text, "indexedAt" varchar not null, constraint "notification_pkey" primary key ("recipient", "uri", "reason"));
CREATE INDEX "notification_recipient_idx" on "notification" ("recipient", "indexedAt", "uri");
CREATE INDEX "notification_uri_idx" on "notification" ("uri");
CREATE TABLE "notification_seen" ("did" varchar primary key, "seenAt" varchar not null);
CREATE TABLE "video_media" ("blobCid" varchar primary key, "hasAudio" integer not null, "probedAt" varchar not null);
CREATE INDEX "comment_thread_idx" on "comment" ("threadUri", "indexedAt", "uri");
CREATE VIRTUAL TABLE video_fts USING fts5(uri UNINDEXED, text, tags, prompt, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE video_fts_row (uri TEXT PRIMARY KEY, ftsRowid INTEGER NOT NULL);
CREATE TRIGGER video_fts_insert AFTER INSERT ON video BEGIN
     INSERT INTO video_fts (uri, text, tags, prompt) VALUES (new.uri, new.text, coalesce((SELECT group_concat(value, ' ') FROM json_each(new.record, '$.tags')), ''), new.prompt);
     INSERT OR REPLACE INTO video_fts_row (uri, ftsRowid) VALUES (new.uri, last_insert_rowid());
   END;
CREATE TRIGGER video_fts_update AFTER UPDATE ON video BEGIN
     DELETE FROM video_fts WHERE rowid = (SELECT ftsRowid FROM video_fts_row WHERE uri = old.uri); DELETE FROM video_fts_row WHERE uri = old.uri;
     INSERT INTO video_fts (uri, text, tags, prompt) VALUES (new.uri, new.text, coalesce((SELECT group_concat(value, ' ') FROM json_each(new.record, '$.tags')), ''), new.prompt);
     INSERT OR REPLACE INTO video_fts_row (uri, ftsRowid) VALUES (new.uri, last_insert_rowid());
   END;
CREATE TRIGGER video_fts_delete AFTER DELETE ON video BEGIN
     DELETE FROM video_fts WHERE rowid = (SELECT ftsRowid FROM video_fts_row WHERE uri = old.uri); DELETE FROM video_fts_row WHERE uri = old.uri;
   END;
CREATE VIRTUAL TABLE actor_fts USING fts5(did UNINDEXED, handle, name, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE actor_fts_row (did TEXT PRIMARY KEY, ftsRowid INTEGER NOT NULL);
CREATE TRIGGER actor_handle_fts_insert AFTER INSERT ON actor_handle BEGIN 
  DELETE FROM actor_fts WHERE rowid = (SELECT ftsRowid FROM actor_fts_row WHERE did = new.did); DELETE FROM actor_fts_row WHERE did = new.did;
  INSERT INTO actor_fts (did, handle, name)
    SELECT new.did,
      coalesce((SELECT handle FROM actor_handle WHERE did = new.did AND handle != 'handle.invalid'), ''),
      coalesce((SELECT displayName FROM grant_holder_name WHERE did = new.did), '')
    WHERE EXISTS (SELECT 1 FROM actor_handle WHERE did = new.did AND handle != 'handle.invalid')
       OR EXISTS (SELECT 1 FROM grant_holder_name WHERE did = new.did AND displayName IS NOT NULL);
  INSERT OR REPLACE INTO actor_fts_row (did, ftsRowid) SELECT new.did, rowid FROM actor_fts WHERE rowid = last_insert_rowid() AND did = new.did; END;
CREATE TRIGGER actor_handle_fts_update AFTER UPDATE ON actor_handle BEGIN 
  DELETE FROM actor_fts WHERE rowid = (SELECT ftsRowid FROM actor_fts_row WHERE did = new.did); DELETE FROM actor_fts_row WHERE did = new.did;
  INSERT INTO actor_fts (did, handle, name)
    SELECT new.did,
      coalesce((SELECT handle FROM actor_handle WHERE did = new.did AND handle != 'handle.invalid'), ''),
      coalesce((SELECT displayName FROM grant_holder_name WHERE did = new.did), '')
    WHERE EXISTS (SELECT 1 FROM actor_handle WHERE did = new.did AND handle != 'handle.invalid')
       OR EXISTS (SELECT 1 FROM grant_holder_name WHERE did = new.did AND displayName IS NOT NULL);
  INSERT OR REPLACE INTO actor_fts_row (did, ftsRowid) SELECT new.did, rowid FROM actor_fts WHERE rowid = last_insert_rowid() AND did = new.did; END;
CREATE TRIGGER actor_handle_fts_delete AFTER DELETE ON actor_handle BEGIN 
  DELETE FROM actor_fts WHERE rowid = (SELECT ftsRowid FROM actor_fts_row WHERE did = old.did); DELETE FROM actor_fts_row WHERE did = old.did;
  INSERT INTO actor_fts (did, handle, name)
    SELECT old.did,
      coalesce((SELECT handle FROM actor_handle WHERE did = old.did AND handle != 'handle.invalid'), ''),
      coalesce((SELECT displayName FROM grant_holder_name WHERE did = old.did), '')
    WHERE EXISTS (SELECT 1 FROM actor_handle WHERE did = old.did AND handle != 'handle.invalid')
       OR EXISTS (SELECT 1 FROM grant_holder_name WHERE did = old.did AND displayName IS NOT NULL);
  INSERT OR REPLACE INTO actor_fts_row (did, ftsRowid) SELECT old.did, rowid FROM actor_fts WHERE rowid = last_insert_rowid() AND did = old.did; END;
CREATE TRIGGER grant_holder_name_fts_insert AFTER INSERT ON grant_holder_name BEGIN 
  DELETE FROM actor_fts WHERE rowid = (SELECT ftsRowid FROM actor_fts_row WHERE did = new.did); DELETE FROM actor_fts_row WHERE did = new.did;
  INSERT INTO actor_fts (did, handle, name)
    SELECT new.did,
      coalesce((SELECT handle FROM actor_handle WHERE did = new.did AND handle != 'handle.invalid'), ''),
      coalesce((SELECT displayName FROM grant_holder_name WHERE did = new.did), '')
    WHERE EXISTS (SELECT 1 FROM actor_handle WHERE did = new.did AND handle != 'handle.invalid')
       OR EXISTS (SELECT 1 FROM grant_holder_name WHERE did = new.did AND displayName IS NOT NULL);
  INSERT OR REPLACE INTO actor_fts_row (did, ftsRowid) SELECT new.did, rowid FROM actor_fts WHERE rowid = last_insert_rowid() AND did = new.did; END;
CREATE TRIGGER grant_holder_name_fts_update AFTER UPDATE ON grant_holder_name BEGIN 
  DELETE FROM actor_fts WHERE rowid = (SELECT ftsRowid FROM actor_fts_row WHERE did = new.did); DELETE FROM actor_fts_row WHERE did = new.did;
  INSERT INTO actor_fts (did, handle, name)
    SELECT new.did,
      coalesce((SELECT handle FROM actor_handle WHERE did = new.did AND handle != 'handle.invalid'), ''),
      coalesce((SELECT displayName FROM grant_holder_name WHERE did = new.did), '')
    WHERE EXISTS (SELECT 1 FROM actor_handle WHERE did = new.did AND handle != 'handle.invalid')
       OR EXISTS (SELECT 1 FROM grant_holder_name WHERE did = new.did AND displayName IS NOT NULL);
  INSERT OR REPLACE INTO actor_fts_row (did, ftsRowid) SELECT new.did, rowid FROM actor_fts WHERE rowid = last_insert_rowid() AND did = new.did; END;
CREATE TRIGGER grant_holder_name_fts_delete AFTER DELETE ON grant_holder_name BEGIN 
  DELETE FROM actor_fts WHERE rowid = (SELECT ftsRowid FROM actor_fts_row WHERE did = old.did); DELETE FROM actor_fts_row WHERE did = old.did;
  INSERT INTO actor_fts (did, handle, name)
    SELECT old.did,
      coalesce((SELECT handle FROM actor_handle WHERE did = old.did AND handle != 'handle.invalid'), ''),
      coalesce((SELECT displayName FROM grant_holder_name WHERE did = old.did), '')
    WHERE EXISTS (SELECT 1 FROM actor_handle WHERE did = old.did AND handle != 'handle.invalid')
       OR EXISTS (SELECT 1 FROM grant_holder_name WHERE did = old.did AND displayName IS NOT NULL);
  INSERT OR REPLACE INTO actor_fts_row (did, ftsRowid) SELECT old.did, rowid FROM actor_fts WHERE rowid = last_insert_rowid() AND did = old.did; END;
INSERT INTO "kysely_migration" VALUES('001-ingest-cursor', '2026-11-30T11:55:56.452Z');
INSERT INTO "kysely_migration" VALUES('002-video-graph', '2026-11-30T11:55:56.460Z');
INSERT INTO "kysely_migration" VALUES('003-appview', '2026-11-30T11:55:56.468Z');
INSERT INTO "kysely_migration" VALUES('004-honest-creators', '2026-11-30T11:55:56.470Z');
INSERT INTO "kysely_migration" VALUES('005-ingest-pipeline', '2026-11-30T11:55:56.473Z');
INSERT INTO "kysely_migration" VALUES('006-participants', '2026-11-30T11:55:56.474Z');
INSERT INTO "kysely_migration" VALUES('007-social', '2026-11-30T11:55:56.481Z');
INSERT INTO "kysely_migration" VALUES('008-search', '2026-11-30T11:55:56.485Z');
INSERT INTO "kysely_migration" VALUES('010-video-media', '2026-11-30T11:55:56.491Z');
INSERT INTO "kysely_migration" VALUES('011-comment-threads', '2026-11-30T11:55:56.494Z');
INSERT INTO "kysely_migration" VALUES('012-search-rows', '2026-11-30T11:55:56.506Z');
INSERT INTO "kysely_migration_lock" VALUES('migration_lock', 0);
