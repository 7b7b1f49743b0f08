import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import WebSocket, { WebSocketServer } from 'ws'

/**
 * A firehose source that no longer offers its history, in front of a real PDS: subscribeRepos
 * always streams live events only (whatever cursor is asked for, the PDS is asked for none), and
 * every other XRPC call (listRepos, describeRepo, getRepo) is passed through. A service that
 * starts on it can only know what happened before by backfilling from the repos.
 */
export class HistorylessSource {
  /** Cursors services asked for (to show they were ignored). */
  readonly cursorsAsked: (string | null)[] = []

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly url: string,
  ) {}

  static async start(pdsUrl: string): Promise<HistorylessSource> {
    const wss = new WebSocketServer({ noServer: true })
    const server = createServer(async (req, res) => {
      try {
        const upstream = await fetch(new URL(req.url ?? '/', pdsUrl), { method: req.method })
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream' })
        res.end(Buffer.from(await upstream.arrayBuffer()))
      } catch (err) {
        res.writeHead(502).end(String(err))
      }
    })
    const source = new HistorylessSource(server, wss, '')
    server.on('upgrade', (req, socket, head) => {
      const asked = new URL(req.url ?? '/', 'http://x')
      source.cursorsAsked.push(asked.searchParams.get('cursor'))
      wss.handleUpgrade(req, socket, head, (client) => {
        const upstream = new WebSocket(new URL('/xrpc/com.atproto.sync.subscribeRepos', pdsUrl.replace(/^http/, 'ws')))
        upstream.on('message', (data) => client.readyState === WebSocket.OPEN && client.send(data))
        upstream.on('close', () => client.close())
        upstream.on('error', () => client.terminate())
        client.on('close', () => upstream.close())
        client.on('error', () => upstream.terminate())
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    return Object.assign(source, { url: `http://127.0.0.1:${port}` })
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate()
    this.wss.close()
    await new Promise((resolve) => this.server.close(resolve))
  }
}
