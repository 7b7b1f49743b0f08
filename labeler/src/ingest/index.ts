import {
  createVideoGraphIngester,
  videosAffectedBy,
  type Database,
  type FirehoseIngester,
  type IngestSource,
  type VideoGraphSchema,
} from '@framewright/service-kit'
import type { LabelerSchema } from '../db/schema'
import type { LabelingEngine } from '../labels/engine'

/**
 * The labeler's ingestion: firehose → video graph → labeling engine. Any change that can move a
 * video's consent (its record, a grant, a review, a follow) re-evaluates every video it touches.
 */
export function createLabelIngester(opts: IngestSource & { db: Database<LabelerSchema>; engine: LabelingEngine }): FirehoseIngester {
  const graphDb = opts.db.tables<VideoGraphSchema>()
  return createVideoGraphIngester({
    ...opts,
    db: graphDb,
    onChange: async (change) => {
      await opts.engine.evaluate(await videosAffectedBy(graphDb, change))
    },
  })
}
