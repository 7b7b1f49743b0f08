import { InvalidRequestError } from '@atproto/xrpc-server'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { toWireLabel } from '../../../../labels/wire'

const BATCH = 500

export default function (server: Server, ctx: AppContext) {
  server.com.atproto.label.subscribeLabels(async function* ({ params, signal }) {
    const head = await ctx.labels.headSeq()
    let after: number
    if (params.cursor === undefined) {
      after = head // no cursor: live labels only
    } else if (params.cursor > head) {
      throw new InvalidRequestError(`cursor ${params.cursor} is ahead of the latest seq ${head}`, 'FutureCursor')
    } else {
      after = params.cursor // replay everything after it (we keep the whole log)
    }
    while (!signal.aborted) {
      const labels = await ctx.labels.since(after, BATCH)
      for (const label of labels) {
        yield { $type: 'com.atproto.label.subscribeLabels#labels', seq: label.seq, labels: [toWireLabel(label)] }
        after = label.seq
      }
      // Labels are committed (with their seq) before the store wakes us, so reading by seq never skips one.
      // Labels past their exp are replayed too, exp and all: a subscriber that never saw the version
      // with the exp would keep an older version of (uri, val) in force forever.
      if (labels.length < BATCH) await ctx.labels.waitForNew(signal)
    }
  })
}
