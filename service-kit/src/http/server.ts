import type { IncomingMessage, RequestListener, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type express from 'express'
import type { AddressInfo } from 'node:net'
import { DEFAULT_HOST } from '../config'
import { PortInUseError } from '../errors'
import type { UpgradeGate } from './subscription-limit'

export interface ListenOptions {
  port: number
  /** The interface to bind; this machine only (DEFAULT_HOST) unless the service's config says otherwise. */
  host?: string
  /** Which service, and which environment variable moves its port: both appear in the error. */
  service: string
  portVariable: string
  /**
   * Decides on every WebSocket upgrade before xrpc-server's subscriptions see it (e.g. a
   * SubscriptionLimiter): a refused upgrade is answered by the gate and never becomes a WebSocket.
   */
  upgrades?: UpgradeGate
}

/**
 * Starts listening; resolves with the bound port, or rejects with PortInUseError naming the variable.
 * The server is the app's own (`app.listen`): @atproto/xrpc-server hooks that to take WebSocket
 * upgrades for its subscriptions (subscribeLabels), which a plain http.createServer(app) loses.
 * `handler`, when given, answers requests in place of the app (a route answered ahead of express,
 * handing the rest to it); upgrades still reach the app's subscriptions.
 */
export function listen(app: express.Application, opts: ListenOptions & { handler?: RequestListener }): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(opts.port, opts.host ?? DEFAULT_HOST)
    if (opts.upgrades) gateUpgrades(server, opts.upgrades)
    if (opts.handler) {
      server.removeAllListeners('request')
      server.on('request', opts.handler)
    }
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new PortInUseError(opts.port, opts.portVariable, opts.service))
      else reject(err)
    })
    server.once('listening', () => {
      // Idle keep-alive sockets must not hold shutdown hostage.
      server.keepAliveTimeout = 5_000
      resolve({ server, port: (server.address() as AddressInfo).port })
    })
  })
}

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void

/** Puts `gate` in front of the upgrade listeners the app's listen() attached (xrpc-server's subscriptions). */
function gateUpgrades(server: Server, gate: UpgradeGate): void {
  const listeners = server.listeners('upgrade') as UpgradeListener[]
  // No subscriptions here: Node's default (the socket destroyed) stays.
  if (listeners.length === 0) return
  server.removeAllListeners('upgrade')
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!gate.admit(req, socket)) return
    for (const listener of listeners) listener.call(server, req, socket, head)
  })
}

/** Stops accepting connections and closes open ones; safe to call twice. */
export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections()
    // Websockets and long polls: give in-flight responses a moment, then cut them.
    setTimeout(() => server.closeAllConnections(), 1_000).unref()
  })
}
