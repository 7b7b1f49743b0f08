import { didDocumentsMigration, ingestCursorMigration, ingestPipelineMigration, participantsMigration, videoGraphMigration, type Migrations } from '@framewright/service-kit'
import appview from './003-appview'
import honestCreators from './004-honest-creators'
import social from './007-social'
import search from './008-search'
import videoMedia from './010-video-media'
import commentThreads from './011-comment-threads'
import searchRows from './012-search-rows'
import jobLeases from './013-job-leases'
import generationQuota from './014-generation-quota'
import jobInterruptions from './015-job-interruptions'

/** Every migration, in order. Shipped migrations are never edited; add a new one instead. */
export const migrations: Migrations = {
  '001-ingest-cursor': ingestCursorMigration,
  '002-video-graph': videoGraphMigration,
  '003-appview': appview,
  '004-honest-creators': honestCreators,
  '005-ingest-pipeline': ingestPipelineMigration,
  '006-participants': participantsMigration,
  '007-social': social,
  '008-search': search,
  '010-video-media': videoMedia,
  '011-comment-threads': commentThreads,
  '012-search-rows': searchRows,
  '013-job-leases': jobLeases,
  '014-generation-quota': generationQuota,
  '015-job-interruptions': jobInterruptions,
  '016-did-documents': didDocumentsMigration,
}

/**
 * The migrations the previous release shipped (this one adds 013-job-leases, 014-generation-quota, 015-job-interruptions and 016-did-documents): a database it made
 * has exactly these, and upgrade.test.ts checks this release migrates one without losing a row.
 * At each release, set this to every name in `migrations` as shipped, and write
 * __fixtures__/previous-release.sql again from the release's commit (89b82de for this one) with
 * service-kit/src/db/fixtures/previous-release-schema.ts.
 */
export const PREVIOUS_RELEASE: readonly string[] = [
  '001-ingest-cursor',
  '002-video-graph',
  '003-appview',
  '004-honest-creators',
  '005-ingest-pipeline',
  '006-participants',
  '007-social',
  '008-search',
  '010-video-media',
  '011-comment-threads',
  '012-search-rows',
]
