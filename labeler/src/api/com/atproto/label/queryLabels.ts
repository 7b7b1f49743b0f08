import { InvalidRequestError } from '@atproto/xrpc-server'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { toWireLabel } from '../../../../labels/wire'

export default function (server: Server, ctx: AppContext) {
  server.com.atproto.label.queryLabels(async ({ params }) => {
    const { uriPatterns, sources, limit, cursor } = params
    if (uriPatterns.length === 0) throw new InvalidRequestError('uriPatterns must not be empty', 'InvalidRequest')
    for (const p of uriPatterns) {
      if (p.indexOf('*') !== -1 && p.indexOf('*') !== p.length - 1) {
        throw new InvalidRequestError(`only a trailing * is allowed in a uri pattern: ${p}`, 'InvalidRequest')
      }
    }
    const after = cursor === undefined ? undefined : parseSeqCursor(cursor)
    if (sources?.length && !sources.includes(ctx.cfg.did)) {
      return { encoding: 'application/json', body: { labels: [] } }
    }
    const labels = await ctx.labels.queryCurrent({ patterns: uriPatterns, limit, after })
    const last = labels.at(-1)
    return {
      encoding: 'application/json',
      body: {
        labels: labels.map(toWireLabel),
        cursor: last && labels.length === limit ? String(last.seq) : undefined,
      },
    }
  })
}

/** A queryLabels cursor: the seq of the last label of the previous page; anything else is BadCursor. */
export function parseSeqCursor(cursor: string): number {
  if (!/^\d{1,15}$/.test(cursor)) throw new InvalidRequestError('malformed cursor: use the cursor from the previous page', 'BadCursor')
  return Number(cursor)
}
