import { didDocumentsMigration, ingestCursorMigration, ingestPipelineMigration, participantsMigration, videoGraphMigration, type Migrations } from '@framewright/service-kit'
import labels from './003-labels'
import reportStatus from './004-report-status'
import bskyVideoPosts from './005-bsky-video-posts'
import knownFingerprints from './006-known-fingerprints'
import likeness from './009-likeness'
import c2paFacts from './010-c2pa-facts'
import reportReporter from './011-report-reporter'
import scanBacklog from './012-scan-backlog'

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
  '012-scan-backlog': scanBacklog,
  '013-did-documents': didDocumentsMigration,
}

/**
 * The migrations the previous release shipped: a database it made has exactly these, and
 * upgrade.test.ts checks this release migrates one without losing a row. This release adds
 * 012-scan-backlog and 013-did-documents. At each release, set this to every name there as shipped, and write
 * __fixtures__/previous-release.sql again from the release's commit (89b82de for this one) with
 * service-kit/src/db/fixtures/previous-release-schema.ts.
 */
export const PREVIOUS_RELEASE: readonly string[] = [
  '001-ingest-cursor',
  '002-video-graph',
  '003-labels',
  '004-report-status',
  '005-bsky-video-posts',
  '006-known-fingerprints',
  '007-ingest-pipeline',
  '008-participants',
  '009-likeness',
  '010-c2pa-facts',
  '011-report-reporter',
]
