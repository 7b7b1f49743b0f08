import http, { type IncomingMessage } from 'node:http'
import net, { type AddressInfo, type Socket } from 'node:net'

/**
 * The reverse proxy in front of a service's API replicas, as small as a test needs: each request
 * (and each WebSocket upgrade) goes to the next replica in turn, so consecutive requests alternate
 * between them. A replica that refuses the connection is skipped for that request, as a proxy's
 * "next upstream on error" would. Counts what each replica served.
 */
export class RoundRobinProxy {
  /** Requests and upgrades each replica answered, by its base URL. */
  readonly served = new Map<string, number>()
  private next = 0
  private readonly sockets = new Set<Socket>()

  private constructor(
    private readonly server: http.Server,
    readonly replicas: string[],
  ) {
    for (const r of replicas) this.served.set(r, 0)
  }

  /** Listens on `port` (0: any) in front of `replicas` (base URLs such as http://127.0.0.1:3001). */
  static async start(port: number, replicas: string[]): Promise<RoundRobinProxy> {
    const server = http.createServer()
    const proxy = new RoundRobinProxy(server, replicas)
    server.on('request', (req, res) => proxy.forward(req, res))
    server.on('upgrade', (req, socket: Socket, head) => proxy.upgrade(req, socket, head))
    server.on('connection', (socket) => {
      proxy.sockets.add(socket)
      socket.once('close', () => proxy.sockets.delete(socket))
    })
    // Every local address, as the services do: "localhost" may resolve to either family.
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, resolve))
    return proxy
  }

  get url(): string {
    return `http://localhost:${(this.server.address() as AddressInfo).port}`
  }

  private pick(): URL[] {
    const start = this.next++ % this.replicas.length
    return this.replicas.map((_, i) => new URL(this.replicas[(start + i) % this.replicas.length]!))
  }

  private count(replica: URL) {
    const key = replica.origin
    this.served.set(key, (this.served.get(key) ?? 0) + 1)
  }

  private forward(req: IncomingMessage, res: http.ServerResponse, order = this.pick()): void {
    const [replica, ...rest] = order
    if (!replica) {
      res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'BadGateway', message: 'no replica answered' }))
      return
    }
    // The body is piped once: only a refused connection (nothing sent yet) moves on to the next replica.
    const upstream = http.request({ host: replica.hostname, port: replica.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      this.count(replica)
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders)
      answer.pipe(res)
    })
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' && !res.headersSent) return this.forward(req, res, rest)
      res.destroy(err)
    })
    req.pipe(upstream)
  }

  private upgrade(req: IncomingMessage, client: Socket, head: Buffer, order = this.pick()): void {
    const [replica, ...rest] = order
    if (!replica) return void client.destroy()
    const upstream = net.connect(Number(replica.port), replica.hostname)
    upstream.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') return this.upgrade(req, client, head, rest)
      client.destroy()
    })
    upstream.once('connect', () => {
      this.count(replica)
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`]
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`)
      if (head.length > 0) upstream.write(head)
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
      upstream.pipe(client).pipe(upstream)
      this.sockets.add(upstream)
      upstream.once('close', () => this.sockets.delete(upstream))
    })
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
