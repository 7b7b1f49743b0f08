import { didDocumentsMigration, ingestCursorMigration, ingestPipelineMigration, participantsMigration, videoGraphMigration, type Migrations } from '@framewright/service-kit'
import feedItem from './003-feed-item'
import feedSteering from './004-feed-steering'
import feedInteractions from './005-feed-interactions'
import unsteerableIndex from './006-unsteerable-index'
import spendFunction from './009-spend-function'

/** Every migration, in order. Shipped migrations are never edited; add a new one instead. */
export const migrations: Migrations = {
  '001-ingest-cursor': ingestCursorMigration,
  '002-video-graph': videoGraphMigration,
  '003-feed-item': feedItem,
  '004-feed-steering': feedSteering,
  '005-feed-interactions': feedInteractions,
  '006-unsteerable-index': unsteerableIndex,
  '007-ingest-pipeline': ingestPipelineMigration,
  '008-participants': participantsMigration,
  '009-spend-function': spendFunction,
  '010-did-documents': didDocumentsMigration,
}

/**
 * The migrations the previous release shipped: a database it made has exactly these, and
 * upgrade.test.ts checks this release migrates one without losing a row. This release adds
 * 009-spend-function and 010-did-documents. At each release, set this to every name there as shipped,
 * and write __fixtures__/previous-release.sql again from the release's commit (89b82de for this
 * one) with service-kit/src/db/fixtures/previous-release-schema.ts.
 */
export const PREVIOUS_RELEASE: readonly string[] = [
  '001-ingest-cursor',
  '002-video-graph',
  '003-feed-item',
  '004-feed-steering',
  '005-feed-interactions',
  '006-unsteerable-index',
  '007-ingest-pipeline',
  '008-participants',
]
