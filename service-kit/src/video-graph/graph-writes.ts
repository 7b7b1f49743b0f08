import type { Kysely } from 'kysely'
import type { FirehoseEvent } from '../ingest/events'
import { FRAMEWRIGHT_RECORDS } from '@framewright/lexicons'
import { FollowBatch } from './follow-batch'
import type { VideoGraphSchema } from './schema'
import { VideoBatch } from './video-batch'

const FOLLOW = 'app.bsky.graph.follow'

/**
 * The graph writes of one ingestion batch that are gathered and written together when its events
 * are done (videos with their depictions, and follows), before the service reacts to the batch.
 */
export class GraphWrites {
  readonly videos = new VideoBatch()
  readonly follows = new FollowBatch()

  /** Reads at once what the batch's events will ask about: the videos they touch, the follows they delete. */
  async preload(db: Kysely<VideoGraphSchema>, events: readonly FirehoseEvent[]): Promise<void> {
    const videos: string[] = []
    const deletedFollows: string[] = []
    for (const e of events) {
      if (!('collection' in e)) continue
      if (e.collection === FRAMEWRIGHT_RECORDS.videoPost) videos.push(e.uri)
      else if (e.collection === FOLLOW && e.event === 'delete') deletedFollows.push(e.uri)
    }
    await this.videos.preload(db, videos)
    await this.follows.preload(db, deletedFollows)
  }

  async flush(db: Kysely<VideoGraphSchema>): Promise<void> {
    await this.videos.flush(db)
    await this.follows.flush(db)
  }
}
