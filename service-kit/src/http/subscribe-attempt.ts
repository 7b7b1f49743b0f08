import type { IncomingHttpHeaders } from 'node:http'
import { WebSocket } from 'ws'

/** What a subscription attempt got: an open socket, or the HTTP answer given in its place (a refused upgrade). */
export type SubscribeAttempt = { open: WebSocket } | { status: number; headers: IncomingHttpHeaders; body: string }

/**
 * Opens a WebSocket to `url` from a loopback address (`from`), for tests of subscription limits:
 * resolves with the socket once it is open (or, with `openOn: 'message'`, once its first frame has
 * arrived), or with the HTTP status, headers and body of a refused upgrade. `sockets` collects
 * every socket made, for the caller to terminate.
 */
export function attemptSubscription(url: string, opts: { from?: string; openOn?: 'open' | 'message'; sockets?: WebSocket[] } = {}): Promise<SubscribeAttempt> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { localAddress: opts.from ?? '127.0.0.1' })
    opts.sockets?.push(ws)
    ws.once(opts.openOn ?? 'open', () => resolve({ open: ws }))
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
    })
    ws.once('error', (err) => {
      if (!err.message.includes('Unexpected server response')) reject(err)
    })
  })
}
