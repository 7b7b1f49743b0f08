import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { ConfigError } from '../errors'
import { ClientAddresses } from './client-address'
import { FixedWindowLimiter, describeRule, parseRateLimitRule, rateLimitBody, rateLimitHeaders, secondsUntil, type RateLimitRule, type RateLimitsConfig } from './rate-limit'

/** How many event-stream subscriptions (WebSocket upgrades) a process takes, and how fast (FRAMEWRIGHT_RATE_LIMIT_*_SUBSCRIPTIONS_*). */
export interface SubscriptionLimits {
  /** Open at once from one address (IPv6 by its /64); undefined: no limit. */
  openPerIp?: number
  /** Open at once in this process, from everyone but exempt addresses together; undefined: no limit. */
  openTotal?: number
  /** New subscriptions one address may open per window (refused ones count too); undefined: no limit. */
  newPerIp?: RateLimitRule
}

/** The subscription limits of a service from its settings; `defaults` are the service's own (its config.ts). */
export function subscriptionLimitsConfig(
  env: { openPerIp?: string; openTotal?: string; newPerIp?: string },
  defaults: { openPerIp: number; openTotal: number; newPerIp: string },
): SubscriptionLimits {
  return {
    openPerIp: env.openPerIp === undefined ? defaults.openPerIp : parseConnectionLimit('FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_PER_IP', env.openPerIp),
    openTotal: env.openTotal === undefined ? defaults.openTotal : parseConnectionLimit('FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_TOTAL', env.openTotal),
    newPerIp: parseRateLimitRule('FRAMEWRIGHT_RATE_LIMIT_NEW_SUBSCRIPTIONS_PER_IP', env.newPerIp ?? defaults.newPerIp),
  }
}

/** A count of connections: a positive integer, or "off" (or 0) for no limit. A malformed one names the variable. */
export function parseConnectionLimit(variable: string, raw: string): number | undefined {
  const value = raw.trim().toLowerCase()
  if (value === 'off' || value === '0') return undefined
  if (!/^\d+$/.test(value)) throw new ConfigError(variable, `expected a number of connections such as "20" (or "off"), got "${raw}"`)
  return Number(value)
}

/** Decides, before a WebSocket is accepted, whether an upgrade request may go on (see listen()). */
export interface UpgradeGate {
  /** True: the upgrade goes on. False: the gate has answered on the socket (and closes it). */
  admit(req: IncomingMessage, socket: Duplex): boolean
}

/**
 * A full server has no way of knowing when a subscription ends: a client told to wait should try
 * again after a while, and its own backoff does the rest.
 */
const RETRY_WHEN_FULL_S = 10

/**
 * Limits on event-stream subscriptions (subscribeLabels), enforced on the upgrade request before
 * the WebSocket is accepted: a subscription holds a socket and its buffers for as long as the client
 * likes, which no per-request limit bounds. Refusals are HTTP answers, as the event-stream spec lists
 * them: 429 with RateLimit-* and Retry-After for an address over its limits, 503 with Retry-After
 * when the whole process is full (the client did nothing wrong; it may try again later), both with
 * the standard XRPC error body. Counted per process, like the request limits.
 */
export class SubscriptionLimiter implements UpgradeGate {
  private readonly newByIp?: FixedWindowLimiter
  private readonly openByIp = new Map<string, number>()
  private open = 0

  constructor(
    readonly limits: SubscriptionLimits,
    private readonly addresses: ClientAddresses,
  ) {
    if (limits.newPerIp) this.newByIp = new FixedWindowLimiter(limits.newPerIp)
  }

  /** With the exempt addresses and trusted proxies of the service's request limits. */
  static of(limits: SubscriptionLimits, cfg: Pick<RateLimitsConfig, 'exemptIps' | 'trustedProxies'>): SubscriptionLimiter {
    return new SubscriptionLimiter(limits, new ClientAddresses(cfg))
  }

  /** Subscriptions open now (those from exempt addresses included). */
  get openCount(): number {
    return this.open
  }

  admit(req: IncomingMessage, socket: Duplex): boolean {
    const key = this.addresses.keyOf(req)
    const now = Date.now()
    if (key !== undefined) {
      const byRate = this.newByIp?.take(key, now)
      if (byRate && !byRate.allowed) {
        const message = `Rate limit exceeded: at most ${describeRule(this.limits.newPerIp!, 'new subscriptions')} from this address; try again in ${secondsUntil(byRate.resetAtMs, now)} s`
        return refuse(socket, 429, rateLimitHeaders(byRate, now), rateLimitBody(message))
      }
      const openHere = this.openByIp.get(key) ?? 0
      const max = this.limits.openPerIp
      if (max !== undefined && openHere >= max) {
        const message = `Rate limit exceeded: at most ${max} subscriptions open at once from this address; close one, or try again later`
        return refuse(socket, 429, fullHeaders(max, now), rateLimitBody(message))
      }
      // Exempt addresses (our own services) are never turned away: the total bounds everyone else.
      const total = this.limits.openTotal
      if (total !== undefined && this.open >= total) {
        const body = JSON.stringify({ error: 'NotEnoughResources', message: `this server has as many subscriptions open as it takes (${total}); try again in ${RETRY_WHEN_FULL_S} s` })
        return refuse(socket, 503, { 'Retry-After': String(RETRY_WHEN_FULL_S) }, body)
      }
    }
    this.track(key, socket)
    return true
  }

  /** Counts the subscription as open until its socket closes (however it closes). */
  private track(key: string | undefined, socket: Duplex): void {
    this.open++
    if (key !== undefined) this.openByIp.set(key, (this.openByIp.get(key) ?? 0) + 1)
    socket.once('close', () => {
      this.open--
      if (key === undefined) return
      const left = (this.openByIp.get(key) ?? 1) - 1
      if (left > 0) this.openByIp.set(key, left)
      else this.openByIp.delete(key)
    })
  }
}

/** The headers of a refusal for too many open at once: no window ends, so Retry-After is a guess. */
function fullHeaders(limit: number, now: number): Record<string, string> {
  return {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': '0',
    'RateLimit-Reset': String(Math.ceil(now / 1000) + RETRY_WHEN_FULL_S),
    'Retry-After': String(RETRY_WHEN_FULL_S),
  }
}

const REASONS: Record<number, string> = { 429: 'Too Many Requests', 503: 'Service Unavailable' }

/** Answers an upgrade request with a plain HTTP error in place of the WebSocket, then closes the socket. */
function refuse(socket: Duplex, status: number, headers: Record<string, string>, body: string): false {
  // A client that resets meanwhile must not take the process down with an unheard 'error'.
  socket.on('error', () => socket.destroy())
  const head = [
    `HTTP/1.1 ${status} ${REASONS[status]}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ]
  if (socket.writable) socket.end(`${head.join('\r\n')}\r\n\r\n${body}`)
  else socket.destroy()
  return false
}
