import type { IdResolver } from '@atproto/identity'
import type { Kysely } from 'kysely'
import type { CursorStore } from '../db/cursor-store'
import { FirehoseIngester, type FirehoseEvent } from '../ingest/firehose'
import type { Logger } from '../logger'
import { InvalidGraphRecord, VideoGraphIndexer, type GraphChange } from './indexer'
import type { VideoGraphSchema } from './schema'

/** Where a service's ingester reads from and keeps its place. */
export interface IngestSource {
  firehoseUrl: string
  idResolver: IdResolver
  cursor: CursorStore & { reset(): Promise<void> }
  logger: Logger
}

/**
 * A firehose ingester that keeps a service's video graph up to date and tells the service what
 * changed, so it can re-evaluate what depends on it (feed ranks, labels). Invalid records leave
 * the graph and are still reported as changes before the event is logged as unprocessable.
 */
export function createVideoGraphIngester(
  opts: IngestSource & {
    db: Kysely<VideoGraphSchema>
    /** Extra collections the service indexes itself in onOtherEvent. */
    extraCollections?: string[]
    onChange: (change: GraphChange) => Promise<void>
    /** Sees every event first (e.g. the appview's feed-generator and labeler records). */
    onOtherEvent?: (evt: FirehoseEvent) => Promise<void>
  },
): FirehoseIngester {
  const graph = new VideoGraphIndexer(opts.db)
  return new FirehoseIngester({
    service: opts.firehoseUrl,
    idResolver: opts.idResolver,
    cursor: opts.cursor,
    collections: [...VideoGraphIndexer.collections, ...(opts.extraCollections ?? [])],
    logger: opts.logger,
    handle: async (evt) => {
      await opts.onOtherEvent?.(evt)
      let change: GraphChange | undefined
      try {
        change = await graph.handle(evt)
      } catch (err) {
        if (err instanceof InvalidGraphRecord) await opts.onChange(err.change)
        throw err
      }
      if (change) await opts.onChange(change)
    },
  })
}
