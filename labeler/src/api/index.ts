import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../context'
import getIngestStatus from './app/framewright/ingest/getStatus'
import emitLabel from './app/framewright/labeler/emitLabel'
import explainLabel from './app/framewright/labeler/explainLabel'
import listReports from './app/framewright/labeler/listReports'
import listMyReports from './app/framewright/labeler/listMyReports'
import getScanStats from './app/framewright/labeler/getScanStats'
import enroll from './app/framewright/likeness/enroll'
import getEnrollment from './app/framewright/likeness/getEnrollment'
import listFound from './app/framewright/likeness/listFound'
import unenroll from './app/framewright/likeness/unenroll'
import resolveReports from './app/framewright/labeler/resolveReports'
import queryLabels from './com/atproto/label/queryLabels'
import subscribeLabels from './com/atproto/label/subscribeLabels'
import createReport from './com/atproto/moderation/createReport'

/** Registers every XRPC method the labeler serves. */
export function registerMethods(server: Server, ctx: AppContext): void {
  queryLabels(server, ctx)
  subscribeLabels(server, ctx)
  createReport(server, ctx)
  explainLabel(server, ctx)
  listReports(server, ctx)
  listMyReports(server, ctx)
  emitLabel(server, ctx)
  resolveReports(server, ctx)
  getIngestStatus(server, ctx)
  enroll(server, ctx)
  getEnrollment(server, ctx)
  unenroll(server, ctx)
  listFound(server, ctx)
  getScanStats(server, ctx)
}
