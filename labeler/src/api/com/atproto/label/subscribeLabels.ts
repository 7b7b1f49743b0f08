import type { IncomingMessage } from 'node:http'
import type { WebSocket } from 'ws'
import { ErrorFrame, InvalidRequestError, MessageFrame } from '@atproto/xrpc-server'
import { ids } from '@framewright/lexicons'
import type { Server } from '@framewright/lexicons/server'
import type { AppContext } from '../../../../context'
import { LabelFanout, type LabelFrame, type SubscriberLimits } from '../../../../labels/fanout'
import type { StoredLabel } from '../../../../labels/store'
import { toWireLabel } from '../../../../labels/wire'

/** WebSocket close code for a policy violation: what the event-stream spec closes a too-slow consumer with. */
const CLOSE_POLICY = 1008

/** A `#labels` frame encoded once, however many subscribers it is sent to. */
class LabelsFrame extends MessageFrame implements LabelFrame {
  private readonly encoded: Uint8Array
  readonly bytes: number

  constructor(readonly seq: number, label: StoredLabel) {
    super({ seq, labels: [toWireLabel(label)] } as never, { type: '#labels' })
    this.encoded = super.toBytes()
    this.bytes = this.encoded.byteLength
  }

  override toBytes(): Uint8Array {
    return this.encoded as never
  }
}

export default function (server: Server, ctx: AppContext, limits?: SubscriberLimits) {
  const fanout = new LabelFanout(ctx.labels, (label) => new LabelsFrame(label.seq, label), ctx.logger.child({ subsystem: 'subscribeLabels' }), { limits })
  // The socket of each request, to close a subscriber that falls behind while xrpc-server is still
  // waiting for the socket to take the last frame (a generator cannot speak while suspended there).
  const sockets = new WeakMap<IncomingMessage, WebSocket>()

  server.com.atproto.label.subscribeLabels(async function* ({ params, req, signal }) {
    const head = await fanout.headSeq()
    if (params.cursor !== undefined && params.cursor > head) {
      throw new InvalidRequestError(`cursor ${params.cursor} is ahead of the latest seq ${head}`, 'FutureCursor')
    }
    // No cursor: live labels only. A cursor: replay everything after it (we keep the whole log), exp
    // and all: a subscriber that never saw a version with its exp would keep an older one in force.
    const subscriber = fanout.subscribe(params.cursor ?? head, (err) => {
      const ws = sockets.get(req)
      // Never seen (it cannot happen while xrpc-server emits 'connection'): drop the connection at least.
      if (!ws) return void req.socket.destroy()
      // Queued behind what the consumer has not read; then the close, which ws gives up on (and
      // drops the socket) if the consumer never answers it.
      ws.send(new ErrorFrame({ error: err.name, message: err.message }).toBytes())
      ws.close(CLOSE_POLICY, err.name)
    })
    // The socket closed: the subscriber may be waiting for labels, where xrpc-server's return() cannot reach it.
    signal.addEventListener('abort', () => subscriber.close(), { once: true })
    // Frames, already encoded (xrpc-server sends any Frame as is; the generated type names only values).
    yield* subscriber.frames() as AsyncGenerator<never>
  })
  // After xrpc-server's own connection listener, which starts the handler: it looks the socket up later.
  server.xrpc.subscriptions.get(ids.ComAtprotoLabelSubscribeLabels)?.wss.on('connection', (ws: WebSocket, req: IncomingMessage) => sockets.set(req, ws))
  return fanout
}
