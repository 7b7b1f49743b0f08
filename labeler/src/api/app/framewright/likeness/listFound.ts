import { badCursor, decodeCursorParts, encodeCursorParts, isIsoTime } from '@framewright/service-kit'
import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'

export default function (server: Server, ctx: AppContext) {
  server.app.framewright.likeness.listFound({
    auth: ctx.auth.required(ids.AppFramewrightLikenessListFound),
    handler: async ({ params, auth }) => {
      const limit = params.limit ?? 50
      let query = ctx.db.db
        .selectFrom('found_depiction')
        .selectAll()
        .where('did', '=', auth.credentials.did)
        .orderBy('foundAt', 'desc')
        .orderBy('subjectUri', 'desc')
        .limit(limit + 1)
      if (params.cursor) {
        const [foundAt = '', uri = ''] = decodeCursorParts(params.cursor, 2, 600)
        if (!isIsoTime(foundAt) || !uri.startsWith('at://')) throw badCursor()
        query = query.where((eb) => eb.or([eb('foundAt', '<', foundAt), eb.and([eb('foundAt', '=', foundAt), eb('subjectUri', '<', uri)])]))
      }
      const rows = await query.execute()
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      return {
        encoding: 'application/json',
        body: {
          cursor: rows.length > limit && last ? encodeCursorParts([last.foundAt, last.subjectUri]) : undefined,
          found: page.map((r) => ({
            subject: r.subjectUri,
            author: r.author,
            method: r.method,
            similarity: r.similarity,
            frameMs: r.frameMs,
            framesMatched: r.framesMatched,
            framesSampled: r.framesSampled,
            declared: r.declared === 1,
            foundAt: r.foundAt,
          })),
        },
      }
    },
  })
}
