/** The generated XRPC server (Node only): typed handler registration for every method we serve. */
export { createServer, Server } from './generated/index'
export * as GetFeedSkeleton from './generated/types/app/bsky/feed/getFeedSkeleton'
export * as DescribeFeedGenerator from './generated/types/app/bsky/feed/describeFeedGenerator'
export * as QueryLabels from './generated/types/com/atproto/label/queryLabels'
export * as SubscribeLabels from './generated/types/com/atproto/label/subscribeLabels'
export * as CreateReport from './generated/types/com/atproto/moderation/createReport'
