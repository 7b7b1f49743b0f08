/**
 * GENERATED CODE - DO NOT MODIFY
 */
import {
  type Auth,
  type Options as XrpcOptions,
  Server as XrpcServer,
  type StreamConfigOrHandler,
  type MethodConfigOrHandler,
  createServer as createXrpcServer,
} from '@atproto/xrpc-server'
import { schemas } from './lexicons.js'
import * as AppBskyFeedDescribeFeedGenerator from './types/app/bsky/feed/describeFeedGenerator.js'
import * as AppBskyFeedGetFeedSkeleton from './types/app/bsky/feed/getFeedSkeleton.js'
import * as AppBskyFeedSendInteractions from './types/app/bsky/feed/sendInteractions.js'
import * as AppFramewrightActorGetProfile from './types/app/framewright/actor/getProfile.js'
import * as AppFramewrightActorSearchActors from './types/app/framewright/actor/searchActors.js'
import * as AppFramewrightActorSearchTypeahead from './types/app/framewright/actor/searchTypeahead.js'
import * as AppFramewrightFeedGetFeed from './types/app/framewright/feed/getFeed.js'
import * as AppFramewrightFeedGetSuggestedFeeds from './types/app/framewright/feed/getSuggestedFeeds.js'
import * as AppFramewrightGenerateCreateJob from './types/app/framewright/generate/createJob.js'
import * as AppFramewrightGenerateGetJob from './types/app/framewright/generate/getJob.js'
import * as AppFramewrightGenerateListProviders from './types/app/framewright/generate/listProviders.js'
import * as AppFramewrightIngestGetStatus from './types/app/framewright/ingest/getStatus.js'
import * as AppFramewrightLabelerEmitLabel from './types/app/framewright/labeler/emitLabel.js'
import * as AppFramewrightLabelerExplainLabel from './types/app/framewright/labeler/explainLabel.js'
import * as AppFramewrightLabelerGetScanStats from './types/app/framewright/labeler/getScanStats.js'
import * as AppFramewrightLabelerGetServices from './types/app/framewright/labeler/getServices.js'
import * as AppFramewrightLabelerListMyReports from './types/app/framewright/labeler/listMyReports.js'
import * as AppFramewrightLabelerListReports from './types/app/framewright/labeler/listReports.js'
import * as AppFramewrightLabelerResolveReports from './types/app/framewright/labeler/resolveReports.js'
import * as AppFramewrightLikenessCheckConsent from './types/app/framewright/likeness/checkConsent.js'
import * as AppFramewrightLikenessEnroll from './types/app/framewright/likeness/enroll.js'
import * as AppFramewrightLikenessGetDepicting from './types/app/framewright/likeness/getDepicting.js'
import * as AppFramewrightLikenessGetDepictionViews from './types/app/framewright/likeness/getDepictionViews.js'
import * as AppFramewrightLikenessGetEnrollment from './types/app/framewright/likeness/getEnrollment.js'
import * as AppFramewrightLikenessListFound from './types/app/framewright/likeness/listFound.js'
import * as AppFramewrightLikenessUnenroll from './types/app/framewright/likeness/unenroll.js'
import * as AppFramewrightNotificationGetUnreadCount from './types/app/framewright/notification/getUnreadCount.js'
import * as AppFramewrightNotificationListNotifications from './types/app/framewright/notification/listNotifications.js'
import * as AppFramewrightNotificationUpdateSeen from './types/app/framewright/notification/updateSeen.js'
import * as AppFramewrightVideoGetAuthorVideos from './types/app/framewright/video/getAuthorVideos.js'
import * as AppFramewrightVideoGetThread from './types/app/framewright/video/getThread.js'
import * as AppFramewrightVideoGetVideos from './types/app/framewright/video/getVideos.js'
import * as AppFramewrightVideoSearchVideos from './types/app/framewright/video/searchVideos.js'
import * as ComAtprotoLabelQueryLabels from './types/com/atproto/label/queryLabels.js'
import * as ComAtprotoLabelSubscribeLabels from './types/com/atproto/label/subscribeLabels.js'
import * as ComAtprotoModerationCreateReport from './types/com/atproto/moderation/createReport.js'

export const APP_BSKY_FEED = {
  DefsRequestLess: 'app.bsky.feed.defs#requestLess',
  DefsRequestMore: 'app.bsky.feed.defs#requestMore',
  DefsClickthroughItem: 'app.bsky.feed.defs#clickthroughItem',
  DefsClickthroughAuthor: 'app.bsky.feed.defs#clickthroughAuthor',
  DefsClickthroughReposter: 'app.bsky.feed.defs#clickthroughReposter',
  DefsClickthroughEmbed: 'app.bsky.feed.defs#clickthroughEmbed',
  DefsContentModeUnspecified: 'app.bsky.feed.defs#contentModeUnspecified',
  DefsContentModeVideo: 'app.bsky.feed.defs#contentModeVideo',
  DefsInteractionSeen: 'app.bsky.feed.defs#interactionSeen',
  DefsInteractionLike: 'app.bsky.feed.defs#interactionLike',
  DefsInteractionRepost: 'app.bsky.feed.defs#interactionRepost',
  DefsInteractionReply: 'app.bsky.feed.defs#interactionReply',
  DefsInteractionQuote: 'app.bsky.feed.defs#interactionQuote',
  DefsInteractionShare: 'app.bsky.feed.defs#interactionShare',
}
export const APP_BSKY_GRAPH = {
  DefsModlist: 'app.bsky.graph.defs#modlist',
  DefsCuratelist: 'app.bsky.graph.defs#curatelist',
  DefsReferencelist: 'app.bsky.graph.defs#referencelist',
}
export const COM_ATPROTO_MODERATION = {
  DefsReasonSpam: 'com.atproto.moderation.defs#reasonSpam',
  DefsReasonViolation: 'com.atproto.moderation.defs#reasonViolation',
  DefsReasonMisleading: 'com.atproto.moderation.defs#reasonMisleading',
  DefsReasonSexual: 'com.atproto.moderation.defs#reasonSexual',
  DefsReasonRude: 'com.atproto.moderation.defs#reasonRude',
  DefsReasonOther: 'com.atproto.moderation.defs#reasonOther',
  DefsReasonAppeal: 'com.atproto.moderation.defs#reasonAppeal',
}

export function createServer(options?: XrpcOptions): Server {
  return new Server(options)
}

export class Server {
  xrpc: XrpcServer
  app: AppNS
  com: ComNS

  constructor(options?: XrpcOptions) {
    this.xrpc = createXrpcServer(schemas, options)
    this.app = new AppNS(this)
    this.com = new ComNS(this)
  }
}

export class AppNS {
  _server: Server
  bsky: AppBskyNS
  framewright: AppFramewrightNS

  constructor(server: Server) {
    this._server = server
    this.bsky = new AppBskyNS(server)
    this.framewright = new AppFramewrightNS(server)
  }
}

export class AppBskyNS {
  _server: Server
  embed: AppBskyEmbedNS
  feed: AppBskyFeedNS
  richtext: AppBskyRichtextNS

  constructor(server: Server) {
    this._server = server
    this.embed = new AppBskyEmbedNS(server)
    this.feed = new AppBskyFeedNS(server)
    this.richtext = new AppBskyRichtextNS(server)
  }
}

export class AppBskyEmbedNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }
}

export class AppBskyFeedNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }

  describeFeedGenerator<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppBskyFeedDescribeFeedGenerator.QueryParams,
      AppBskyFeedDescribeFeedGenerator.HandlerInput,
      AppBskyFeedDescribeFeedGenerator.HandlerOutput
    >,
  ) {
    const nsid = 'app.bsky.feed.describeFeedGenerator' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  getFeedSkeleton<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppBskyFeedGetFeedSkeleton.QueryParams,
      AppBskyFeedGetFeedSkeleton.HandlerInput,
      AppBskyFeedGetFeedSkeleton.HandlerOutput
    >,
  ) {
    const nsid = 'app.bsky.feed.getFeedSkeleton' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  sendInteractions<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppBskyFeedSendInteractions.QueryParams,
      AppBskyFeedSendInteractions.HandlerInput,
      AppBskyFeedSendInteractions.HandlerOutput
    >,
  ) {
    const nsid = 'app.bsky.feed.sendInteractions' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }
}

export class AppBskyRichtextNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }
}

export class AppFramewrightNS {
  _server: Server
  actor: AppFramewrightActorNS
  feed: AppFramewrightFeedNS
  generate: AppFramewrightGenerateNS
  ingest: AppFramewrightIngestNS
  labeler: AppFramewrightLabelerNS
  likeness: AppFramewrightLikenessNS
  notification: AppFramewrightNotificationNS
  video: AppFramewrightVideoNS

  constructor(server: Server) {
    this._server = server
    this.actor = new AppFramewrightActorNS(server)
    this.feed = new AppFramewrightFeedNS(server)
    this.generate = new AppFramewrightGenerateNS(server)
    this.ingest = new AppFramewrightIngestNS(server)
    this.labeler = new AppFramewrightLabelerNS(server)
    this.likeness = new AppFramewrightLikenessNS(server)
    this.notification = new AppFramewrightNotificationNS(server)
    this.video = new AppFramewrightVideoNS(server)
  }
}

export class AppFramewrightActorNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }

  getProfile<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightActorGetProfile.QueryParams,
      AppFramewrightActorGetProfile.HandlerInput,
      AppFramewrightActorGetProfile.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.actor.getProfile' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  searchActors<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightActorSearchActors.QueryParams,
      AppFramewrightActorSearchActors.HandlerInput,
      AppFramewrightActorSearchActors.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.actor.searchActors' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  searchTypeahead<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightActorSearchTypeahead.QueryParams,
      AppFramewrightActorSearchTypeahead.HandlerInput,
      AppFramewrightActorSearchTypeahead.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.actor.searchTypeahead' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }
}

export class AppFramewrightFeedNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }

  getFeed<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightFeedGetFeed.QueryParams,
      AppFramewrightFeedGetFeed.HandlerInput,
      AppFramewrightFeedGetFeed.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.feed.getFeed' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  getSuggestedFeeds<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightFeedGetSuggestedFeeds.QueryParams,
      AppFramewrightFeedGetSuggestedFeeds.HandlerInput,
      AppFramewrightFeedGetSuggestedFeeds.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.feed.getSuggestedFeeds' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }
}

export class AppFramewrightGenerateNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }

  createJob<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightGenerateCreateJob.QueryParams,
      AppFramewrightGenerateCreateJob.HandlerInput,
      AppFramewrightGenerateCreateJob.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.generate.createJob' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  getJob<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightGenerateGetJob.QueryParams,
      AppFramewrightGenerateGetJob.HandlerInput,
      AppFramewrightGenerateGetJob.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.generate.getJob' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  listProviders<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightGenerateListProviders.QueryParams,
      AppFramewrightGenerateListProviders.HandlerInput,
      AppFramewrightGenerateListProviders.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.generate.listProviders' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }
}

export class AppFramewrightIngestNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }

  getStatus<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightIngestGetStatus.QueryParams,
      AppFramewrightIngestGetStatus.HandlerInput,
      AppFramewrightIngestGetStatus.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.ingest.getStatus' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }
}

export class AppFramewrightLabelerNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }

  emitLabel<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLabelerEmitLabel.QueryParams,
      AppFramewrightLabelerEmitLabel.HandlerInput,
      AppFramewrightLabelerEmitLabel.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.labeler.emitLabel' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  explainLabel<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLabelerExplainLabel.QueryParams,
      AppFramewrightLabelerExplainLabel.HandlerInput,
      AppFramewrightLabelerExplainLabel.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.labeler.explainLabel' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  getScanStats<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLabelerGetScanStats.QueryParams,
      AppFramewrightLabelerGetScanStats.HandlerInput,
      AppFramewrightLabelerGetScanStats.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.labeler.getScanStats' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  getServices<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLabelerGetServices.QueryParams,
      AppFramewrightLabelerGetServices.HandlerInput,
      AppFramewrightLabelerGetServices.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.labeler.getServices' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  listMyReports<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLabelerListMyReports.QueryParams,
      AppFramewrightLabelerListMyReports.HandlerInput,
      AppFramewrightLabelerListMyReports.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.labeler.listMyReports' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  listReports<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLabelerListReports.QueryParams,
      AppFramewrightLabelerListReports.HandlerInput,
      AppFramewrightLabelerListReports.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.labeler.listReports' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  resolveReports<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLabelerResolveReports.QueryParams,
      AppFramewrightLabelerResolveReports.HandlerInput,
      AppFramewrightLabelerResolveReports.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.labeler.resolveReports' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }
}

export class AppFramewrightLikenessNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }

  checkConsent<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLikenessCheckConsent.QueryParams,
      AppFramewrightLikenessCheckConsent.HandlerInput,
      AppFramewrightLikenessCheckConsent.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.likeness.checkConsent' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  enroll<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLikenessEnroll.QueryParams,
      AppFramewrightLikenessEnroll.HandlerInput,
      AppFramewrightLikenessEnroll.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.likeness.enroll' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  getDepicting<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLikenessGetDepicting.QueryParams,
      AppFramewrightLikenessGetDepicting.HandlerInput,
      AppFramewrightLikenessGetDepicting.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.likeness.getDepicting' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  getDepictionViews<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLikenessGetDepictionViews.QueryParams,
      AppFramewrightLikenessGetDepictionViews.HandlerInput,
      AppFramewrightLikenessGetDepictionViews.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.likeness.getDepictionViews' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  getEnrollment<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLikenessGetEnrollment.QueryParams,
      AppFramewrightLikenessGetEnrollment.HandlerInput,
      AppFramewrightLikenessGetEnrollment.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.likeness.getEnrollment' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  listFound<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLikenessListFound.QueryParams,
      AppFramewrightLikenessListFound.HandlerInput,
      AppFramewrightLikenessListFound.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.likeness.listFound' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  unenroll<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightLikenessUnenroll.QueryParams,
      AppFramewrightLikenessUnenroll.HandlerInput,
      AppFramewrightLikenessUnenroll.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.likeness.unenroll' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }
}

export class AppFramewrightNotificationNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }

  getUnreadCount<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightNotificationGetUnreadCount.QueryParams,
      AppFramewrightNotificationGetUnreadCount.HandlerInput,
      AppFramewrightNotificationGetUnreadCount.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.notification.getUnreadCount' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  listNotifications<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightNotificationListNotifications.QueryParams,
      AppFramewrightNotificationListNotifications.HandlerInput,
      AppFramewrightNotificationListNotifications.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.notification.listNotifications' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  updateSeen<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightNotificationUpdateSeen.QueryParams,
      AppFramewrightNotificationUpdateSeen.HandlerInput,
      AppFramewrightNotificationUpdateSeen.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.notification.updateSeen' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }
}

export class AppFramewrightVideoNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }

  getAuthorVideos<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightVideoGetAuthorVideos.QueryParams,
      AppFramewrightVideoGetAuthorVideos.HandlerInput,
      AppFramewrightVideoGetAuthorVideos.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.video.getAuthorVideos' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  getThread<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightVideoGetThread.QueryParams,
      AppFramewrightVideoGetThread.HandlerInput,
      AppFramewrightVideoGetThread.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.video.getThread' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  getVideos<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightVideoGetVideos.QueryParams,
      AppFramewrightVideoGetVideos.HandlerInput,
      AppFramewrightVideoGetVideos.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.video.getVideos' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  searchVideos<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      AppFramewrightVideoSearchVideos.QueryParams,
      AppFramewrightVideoSearchVideos.HandlerInput,
      AppFramewrightVideoSearchVideos.HandlerOutput
    >,
  ) {
    const nsid = 'app.framewright.video.searchVideos' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }
}

export class ComNS {
  _server: Server
  atproto: ComAtprotoNS

  constructor(server: Server) {
    this._server = server
    this.atproto = new ComAtprotoNS(server)
  }
}

export class ComAtprotoNS {
  _server: Server
  label: ComAtprotoLabelNS
  moderation: ComAtprotoModerationNS
  repo: ComAtprotoRepoNS

  constructor(server: Server) {
    this._server = server
    this.label = new ComAtprotoLabelNS(server)
    this.moderation = new ComAtprotoModerationNS(server)
    this.repo = new ComAtprotoRepoNS(server)
  }
}

export class ComAtprotoLabelNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }

  queryLabels<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      ComAtprotoLabelQueryLabels.QueryParams,
      ComAtprotoLabelQueryLabels.HandlerInput,
      ComAtprotoLabelQueryLabels.HandlerOutput
    >,
  ) {
    const nsid = 'com.atproto.label.queryLabels' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }

  subscribeLabels<A extends Auth = void>(
    cfg: StreamConfigOrHandler<
      A,
      ComAtprotoLabelSubscribeLabels.QueryParams,
      ComAtprotoLabelSubscribeLabels.HandlerOutput
    >,
  ) {
    const nsid = 'com.atproto.label.subscribeLabels' // @ts-ignore
    return this._server.xrpc.streamMethod(nsid, cfg)
  }
}

export class ComAtprotoModerationNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }

  createReport<A extends Auth = void>(
    cfg: MethodConfigOrHandler<
      A,
      ComAtprotoModerationCreateReport.QueryParams,
      ComAtprotoModerationCreateReport.HandlerInput,
      ComAtprotoModerationCreateReport.HandlerOutput
    >,
  ) {
    const nsid = 'com.atproto.moderation.createReport' // @ts-ignore
    return this._server.xrpc.method(nsid, cfg)
  }
}

export class ComAtprotoRepoNS {
  _server: Server

  constructor(server: Server) {
    this._server = server
  }
}
