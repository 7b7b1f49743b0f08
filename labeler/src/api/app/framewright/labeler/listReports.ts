import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { toWireLabel } from '../../../../labels/wire'
import { decodeReportCursor, encodeReportCursor } from '../../../../moderation/cursor'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.labeler.listReports({
    auth: ctx.moderatorAuth(ids.AppFramewrightLabelerListReports),
    handler: async ({ params }) => {
      const after = params.cursor === undefined ? undefined : decodeReportCursor(params.cursor)
      const { reports, next } = await ctx.reports.listOpen({ limit: params.limit, after })
      const labels = await ctx.labels.inForce(reports.map((r) => r.subjectUri))
      return {
        encoding: 'application/json',
        body: {
          cursor: next ? encodeReportCursor(next) : undefined,
          reports: reports.map((r) => ({
            id: r.id,
            subject: r.subjectCid ? { uri: r.subjectUri, cid: r.subjectCid } : { uri: r.subjectUri },
            subjectType: r.subjectType,
            reasonType: r.reasonType,
            reason: r.reason ?? undefined,
            reportedBy: r.reportedBy,
            createdAt: r.createdAt,
            status: r.status,
            labels: (labels.get(r.subjectUri) ?? []).map(toWireLabel),
          })),
        },
      }
    },
  })
}
