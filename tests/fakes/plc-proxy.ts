import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A PLC directory in front of the real one, which a test can take down: one service is pointed at
 * it, so that its DID look-ups fail (connection reset) while the rest of the network works.
 */
export class PlcProxy {
  /** While true, every request is cut off without an answer, as an unreachable directory would be. */
  down = false
  requests = 0
  /** Requests by path (a DID document is asked for at /<did>). */
  private readonly paths = new Map<string, number>()

  private constructor(
    private readonly server: Server,
    private readonly target: string,
  ) {}

  static async start(target: string): Promise<PlcProxy> {
    const server = createServer()
    const proxy = new PlcProxy(server, target)
    server.on('request', async (req, res) => {
      proxy.requests++
      const path = new URL(req.url ?? '/', 'http://proxy').pathname
      proxy.paths.set(path, (proxy.paths.get(path) ?? 0) + 1)
      if (proxy.down) return void req.socket.destroy()
      try {
        const upstream = await fetch(new URL(req.url ?? '/', proxy.target), { signal: AbortSignal.timeout(5_000) })
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' })
        res.end(Buffer.from(await upstream.arrayBuffer()))
      } catch {
        res.writeHead(502).end()
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return proxy
  }

  /** How many times this DID's document was asked for (the directory's path for it, /<did>). */
  requestsFor(did: string): number {
    return this.paths.get(`/${did}`) ?? this.paths.get(`/${encodeURIComponent(did)}`) ?? 0
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
