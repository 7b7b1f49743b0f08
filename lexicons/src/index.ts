/**
 * Framewright's lexicons: NSIDs, schemas, the TypeScript types generated from them, and record
 * validation. Safe to import in the browser; the XRPC server code is in './server'.
 */
export { ids, lexicons, schemas } from './generated/lexicons'
export * from './records'
export * as VideoPost from './generated/types/app/framewright/video/post'
export * as VideoDefs from './generated/types/app/framewright/video/defs'
export * as LikenessGrant from './generated/types/app/framewright/likeness/grant'
export * as LikenessReview from './generated/types/app/framewright/likeness/review'
export * as FeedPrefs from './generated/types/app/framewright/feed/prefs'
export * as FeedDefs from './generated/types/app/framewright/feed/defs'
export * as GetFeed from './generated/types/app/framewright/feed/getFeed'
export * as GetSuggestedFeeds from './generated/types/app/framewright/feed/getSuggestedFeeds'
export * as GetVideos from './generated/types/app/framewright/video/getVideos'
export * as GetDepicting from './generated/types/app/framewright/likeness/getDepicting'
export * as GenerateDefs from './generated/types/app/framewright/generate/defs'
export * as CreateJob from './generated/types/app/framewright/generate/createJob'
export * as GetJob from './generated/types/app/framewright/generate/getJob'
export * as ListProviders from './generated/types/app/framewright/generate/listProviders'
export * as ExplainLabel from './generated/types/app/framewright/labeler/explainLabel'
export * as GetLabelerServices from './generated/types/app/framewright/labeler/getServices'
export * as LabelDefs from './generated/types/com/atproto/label/defs'
export * from './publish'
