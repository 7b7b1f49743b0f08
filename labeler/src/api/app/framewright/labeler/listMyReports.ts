import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { decodeReportCursor, encodeReportCursor } from '../../../../moderation/cursor'

/** A reporter's own reports and their outcomes: private to them, so only their own token reads them. */
export default function (server: Server, ctx: AppContext) {
  server.app.framewright.labeler.listMyReports({
    auth: ctx.auth.required(ids.AppFramewrightLabelerListMyReports),
    handler: async ({ params, auth }) => {
      const after = params.cursor === undefined ? undefined : decodeReportCursor(params.cursor)
      const { reports, next } = await ctx.reports.listByReporter(auth.credentials.did, { limit: params.limit, after })
      const labels = await ctx.labels.inForce(reports.map((r) => r.subjectUri))
      const decided = new Set(ctx.moderation.values())
      return {
        encoding: 'application/json',
        body: {
          cursor: next ? encodeReportCursor(next) : undefined,
          reports: reports.map((r) => ({
            id: r.id,
            subject: r.subjectUri,
            reasonType: r.reasonType,
            createdAt: r.createdAt,
            status: r.status,
            resolvedAt: r.resolvedAt ?? undefined,
            decision: [...new Set((labels.get(r.subjectUri) ?? []).map((l) => l.val).filter((v) => decided.has(v)))],
          })),
        },
      }
    },
  })
}
