import net from 'node:net'

/**
 * A TCP pass-through to a local port that a test can shut: while shut, connections are cut and new
 * ones refused, so a client sees what it sees of a server that is down. For tests that must decide
 * when a client can come back (a real restart's reconnect is a race the client may win or lose).
 */
export class TcpGate {
  private shut = false
  private readonly open = new Set<net.Socket>()

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<TcpGate> {
    let gate: TcpGate | undefined
    const server = net.createServer((client) => {
      if (!gate || gate.shut) return void client.destroy()
      const upstream = net.connect(targetPort, '127.0.0.1')
      for (const s of [client, upstream]) {
        gate.open.add(s)
        s.on('close', () => gate!.open.delete(s))
        s.on('error', () => (client.destroy(), upstream.destroy()))
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    gate = new TcpGate(server, (server.address() as net.AddressInfo).port)
    return gate
  }

  /** Cuts every connection through the gate and refuses new ones until `reopen`. */
  close(): void {
    this.shut = true
    for (const s of this.open) s.destroy()
  }

  reopen(): void {
    this.shut = false
  }

  async destroy(): Promise<void> {
    this.close()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
