import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../context'
import getIngestStatus from './app/framewright/ingest/getStatus'
import describeFeedGenerator from './app/bsky/feed/describeFeedGenerator'
import getFeedSkeleton from './app/bsky/feed/getFeedSkeleton'
import sendInteractions from './app/bsky/feed/sendInteractions'

/** Registers every XRPC method the feed generator serves. */
export function registerMethods(server: Server, ctx: AppContext): void {
  getFeedSkeleton(server, ctx)
  describeFeedGenerator(server, ctx)
  sendInteractions(server, ctx)
  getIngestStatus(server, ctx)
}
