import { InvalidRequestError } from '@atproto/xrpc-server'
import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.com.atproto.moderation.createReport({
    auth: ctx.auth.required(ids.ComAtprotoModerationCreateReport),
    handler: async ({ input, auth }) => {
      const { reasonType, reason, subject } = input.body
      const target = reportTarget(subject as { $type: string; [k: string]: unknown })
      const createdAt = new Date().toISOString()
      const row = await ctx.db.db
        .insertInto('report')
        .values({
          reasonType,
          reason: reason ?? null,
          subjectType: target.type,
          subjectUri: target.uri,
          subjectCid: target.cid ?? null,
          reportedBy: auth.credentials.did,
          createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      ctx.logger.info({ id: row.id, subject: target.uri, reasonType }, 'report received')
      return {
        encoding: 'application/json',
        body: { id: row.id, reasonType, reason, subject, reportedBy: auth.credentials.did, createdAt },
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
