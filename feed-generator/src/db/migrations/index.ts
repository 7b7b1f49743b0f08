import { ingestCursorMigration, ingestPipelineMigration, participantsMigration, videoGraphMigration, type Migrations } from '@framewright/service-kit'
import feedItem from './003-feed-item'
import feedSteering from './004-feed-steering'
import feedInteractions from './005-feed-interactions'
import unsteerableIndex from './006-unsteerable-index'

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
}
