import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../context'
import searchTypeahead from './app/framewright/actor/searchTypeahead'
import getIngestStatus from './app/framewright/ingest/getStatus'
import getFeed from './app/framewright/feed/getFeed'
import getSuggestedFeeds from './app/framewright/feed/getSuggestedFeeds'
import createJob from './app/framewright/generate/createJob'
import getJob from './app/framewright/generate/getJob'
import listProviders from './app/framewright/generate/listProviders'
import getServices from './app/framewright/labeler/getServices'
import checkConsent from './app/framewright/likeness/checkConsent'
import getDepicting from './app/framewright/likeness/getDepicting'
import getDepictionViews from './app/framewright/likeness/getDepictionViews'
import getVideos from './app/framewright/video/getVideos'
import getProfile from './app/framewright/actor/getProfile'
import getAuthorVideos from './app/framewright/video/getAuthorVideos'
import getThread from './app/framewright/video/getThread'
import listNotifications from './app/framewright/notification/listNotifications'
import getUnreadCount from './app/framewright/notification/getUnreadCount'
import updateSeen from './app/framewright/notification/updateSeen'
import searchActors from './app/framewright/actor/searchActors'
import searchVideos from './app/framewright/video/searchVideos'

/** Registers every XRPC method the appview serves. */
export function registerMethods(server: Server, ctx: AppContext): void {
  getFeed(server, ctx)
  getSuggestedFeeds(server, ctx)
  getVideos(server, ctx)
  createJob(server, ctx)
  getJob(server, ctx)
  listProviders(server, ctx)
  getServices(server, ctx)
  getDepicting(server, ctx)
  getDepictionViews(server, ctx)
  checkConsent(server, ctx)
  searchTypeahead(server, ctx)
  searchActors(server, ctx)
  searchVideos(server, ctx)
  getIngestStatus(server, ctx)
  // Profiles, comments and notifications.
  getProfile(server, ctx)
  getAuthorVideos(server, ctx)
  getThread(server, ctx)
  listNotifications(server, ctx)
  getUnreadCount(server, ctx)
  updateSeen(server, ctx)
}
