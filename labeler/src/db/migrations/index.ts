import { ingestCursorMigration, ingestPipelineMigration, participantsMigration, videoGraphMigration, type Migrations } from '@framewright/service-kit'
import labels from './003-labels'
import reportStatus from './004-report-status'
import bskyVideoPosts from './005-bsky-video-posts'
import knownFingerprints from './006-known-fingerprints'
import likeness from './009-likeness'
import c2paFacts from './010-c2pa-facts'
import reportReporter from './011-report-reporter'

/** Every migration, in order. Shipped migrations are never edited; add a new one instead. */
export const migrations: Migrations = {
  '001-ingest-cursor': ingestCursorMigration,
  '002-video-graph': videoGraphMigration,
  '003-labels': labels,
  '004-report-status': reportStatus,
  '005-bsky-video-posts': bskyVideoPosts,
  '006-known-fingerprints': knownFingerprints,
  '007-ingest-pipeline': ingestPipelineMigration,
  '008-participants': participantsMigration,
  '009-likeness': likeness,
  '010-c2pa-facts': c2paFacts,
  '011-report-reporter': reportReporter,
}
