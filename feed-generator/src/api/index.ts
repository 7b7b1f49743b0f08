import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../context'
import getIngestStatus from './app/framewright/ingest/getStatus'
import describeFeedGenerator from './app/bsky/feed/describeFeedGenerator'
import sendInteractions from './app/bsky/feed/sendInteractions'

export { default as mountGetFeedSkeleton, getFeedSkeletonAheadOfExpress } from './app/bsky/feed/getFeedSkeleton'

/** Registers the XRPC methods the feed generator serves through the XRPC router (getFeedSkeleton has a route of its own: mountGetFeedSkeleton). */
export function registerMethods(server: Server, ctx: AppContext): void {
  describeFeedGenerator(server, ctx)
  sendInteractions(server, ctx)
  getIngestStatus(server, ctx)
}
