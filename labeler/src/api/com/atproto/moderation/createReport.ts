import { InvalidRequestError } from '@atproto/xrpc-server'
import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import { enforceRateLimit } from '@framewright/service-kit'
import type { AppContext } from '../../../../context'
import type { Report } from '../../../../moderation/reports'

export default function (server: Server, ctx: AppContext) {
  server.com.atproto.moderation.createReport({
    auth: ctx.auth.required(ids.ComAtprotoModerationCreateReport),
    handler: async ({ input, auth, res }) => {
      const reporter = auth.credentials.did
      // Per reporter, whatever address (or PDS proxying for them) the reports come through.
      if (ctx.reportLimiter) enforceRateLimit(ctx.reportLimiter, reporter, res, 'Too many reports from this account')
      const { reasonType, reason, subject } = input.body
      const target = reportTarget(subject as { $type: string; [k: string]: unknown })
      const { report, created } = await ctx.reports.file({
        reasonType,
        reason: reason ?? null,
        subjectType: target.type,
        subjectUri: target.uri,
        subjectCid: target.cid ?? null,
        reportedBy: reporter,
        createdAt: new Date().toISOString(),
      })
      if (created) ctx.logger.info({ id: report.id, subject: target.uri, reasonType }, 'report received')
      // The report as filed: a repeat of an open one answers with the first (its reason and subject).
      return {
        encoding: 'application/json',
        body: { id: report.id, reasonType: report.reasonType, reason: report.reason ?? undefined, subject: subjectOf(report), reportedBy: reporter, createdAt: report.createdAt },
      }
    },
  })
}

function reportTarget(subject: { $type: string; [k: string]: unknown }): { type: string; uri: string; cid?: string } {
  if (subject.$type === 'com.atproto.admin.defs#repoRef' && typeof subject.did === 'string') {
    return { type: 'account', uri: subject.did }
  }
  if (subject.$type === 'com.atproto.repo.strongRef' && typeof subject.uri === 'string') {
    return { type: 'record', uri: subject.uri, cid: typeof subject.cid === 'string' ? subject.cid : undefined }
  }
  throw new InvalidRequestError('subject must be a com.atproto.admin.defs#repoRef or a com.atproto.repo.strongRef', 'InvalidRequest')
}

/** A filed report's subject, in the lexicon's terms. */
function subjectOf(report: Report) {
  if (report.subjectType === 'account') return { $type: 'com.atproto.admin.defs#repoRef', did: report.subjectUri }
  return { $type: 'com.atproto.repo.strongRef', uri: report.subjectUri, cid: report.subjectCid ?? '' }
}
