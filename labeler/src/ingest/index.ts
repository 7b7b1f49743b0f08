import {
  createVideoGraphIngester,
  videosAffectedBy,
  type CursorStore,
  type Database,
  type FirehoseIngester,
  type IdResolver,
  type Logger,
  type VideoGraphSchema,
} from '@framewright/service-kit'
import type { LabelerSchema } from '../db/schema'
import type { LabelingEngine } from '../labels/engine'

/**
 * The labeler's ingestion: firehose → video graph → labeling engine. Any change that can move a
 * video's consent (its record, a grant, a review, a follow) re-evaluates every video it touches.
 */
export function createLabelIngester(opts: {
  db: Database<LabelerSchema>
  engine: LabelingEngine
  firehoseUrl: string
  idResolver: IdResolver
  cursor: CursorStore & { reset(): Promise<void> }
  logger: Logger
}): FirehoseIngester {
  const graphDb = opts.db.tables<VideoGraphSchema>()
  return createVideoGraphIngester({
    ...opts,
    db: graphDb,
    onChange: async (change) => {
      await opts.engine.evaluate(await videosAffectedBy(graphDb, change))
    },
  })
}
