import { InvalidRequestError } from '@atproto/xrpc-server'
import type { Server } from '@framewright/lexicons/server'
import { ingestStatusBody } from '@framewright/service-kit'
import type { AppContext } from '../../../../context'

/** How far this service's firehose ingestion is (cursor, lag, rate, queue, dead letters). */
export default function (server: Server, ctx: AppContext) {
  server.app.framewright.ingest.getStatus(async () => {
    if (!ctx.ingester) throw new InvalidRequestError('ingestion has not started', 'NotIngesting')
    return { encoding: 'application/json', body: await ingestStatusBody({ ingester: ctx.ingester, graph: ctx.graph, writer: ctx.writer }, ctx.cfg.role) }
  })
}
