import type { IncomingMessage, ServerResponse } from 'node:http'
import { RateLimitExceededError } from '@atproto/xrpc-server'
import { ConfigError } from '../errors'
import { ClientAddresses, addressList, type ClientAddressConfig } from './client-address'
import type { ServiceAuthVerifier } from '../auth/service-auth'

/** At most `points` requests per `windowMs` for one key (an address, a DID). */
export interface RateLimitRule {
  points: number
  windowMs: number
}

/** Where one key stands in its window after a request was counted. */
export interface RateLimitStatus {
  allowed: boolean
  limit: number
  remaining: number
  /** When the window ends and the count starts again (ms since the epoch). */
  resetAtMs: number
  windowMs: number
}

/** How many keys a limiter holds before it sweeps out those whose window ended. */
const MAX_KEYS = 100_000

/**
 * Fixed-window counters per key, in this process's memory: replicas count separately (say so to
 * operators). Bounded: past MAX_KEYS, ended windows are swept, then the oldest keys dropped.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { count: number; resetAtMs: number }>()

  constructor(readonly rule: RateLimitRule) {}

  /** Counts one request for `key` and says whether it is within the rule. */
  take(key: string, now = Date.now()): RateLimitStatus {
    let window = this.windows.get(key)
    if (!window || window.resetAtMs <= now) {
      if (!window && this.windows.size >= MAX_KEYS) this.sweep(now)
      window = { count: 0, resetAtMs: now + this.rule.windowMs }
      this.windows.set(key, window)
    }
    window.count++
    const { points, windowMs } = this.rule
    return { allowed: window.count <= points, limit: points, remaining: Math.max(0, points - window.count), resetAtMs: window.resetAtMs, windowMs }
  }

  get size(): number {
    return this.windows.size
  }

  private sweep(now: number) {
    for (const [key, w] of this.windows) if (w.resetAtMs <= now) this.windows.delete(key)
    for (const key of this.windows.keys()) {
      if (this.windows.size < MAX_KEYS) break
      this.windows.delete(key)
    }
  }
}

/**
 * The standard rate-limit headers, as @atproto/xrpc-server writes them (RateLimit-Reset in epoch
 * seconds, as atproto clients read it), plus Retry-After on a refusal.
 */
export function rateLimitHeaders(status: RateLimitStatus, now = Date.now()): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(status.limit),
    'RateLimit-Remaining': String(status.remaining),
    'RateLimit-Reset': String(Math.ceil(status.resetAtMs / 1000)),
    'RateLimit-Policy': `${status.limit};w=${Math.round(status.windowMs / 1000)}`,
  }
  if (!status.allowed) headers['Retry-After'] = String(secondsUntil(status.resetAtMs, now))
  return headers
}

/** Sets the standard rate-limit headers on a response (see rateLimitHeaders). */
export function setRateLimitHeaders(res: ServerResponse, status: RateLimitStatus, now = Date.now()): void {
  for (const [name, value] of Object.entries(rateLimitHeaders(status, now))) res.setHeader(name, value)
}

/** The XRPC error body of a 429: what xrpc-server's RateLimitExceededError answers with. */
export function rateLimitBody(message: string): string {
  return JSON.stringify({ error: 'RateLimitExceeded', message })
}

/**
 * Counts one request for `key` inside an XRPC handler (e.g. reports per reporter): sets the headers,
 * and over the limit throws xrpc-server's RateLimitExceededError (a 429 RateLimitExceeded).
 */
export function enforceRateLimit(limiter: FixedWindowLimiter, key: string, res: ServerResponse | undefined, what: string): void {
  const now = Date.now()
  const status = limiter.take(key, now)
  if (res) setRateLimitHeaders(res, status, now)
  if (status.allowed) return
  throw new RateLimitExceededError(
    { limit: status.limit, duration: status.windowMs / 1000, remainingPoints: 0, msBeforeNext: status.resetAtMs - now, consumedPoints: status.limit + 1, isFirstInDuration: false },
    `${what}: at most ${describeRule(limiter.rule)}; try again in ${secondsUntil(status.resetAtMs, now)} s`,
  )
}

/** Per-address and per-account request limits on a service's routes (FRAMEWRIGHT_RATE_LIMIT_*). */
export interface RateLimitsConfig extends ClientAddressConfig {
  /** Per client address (IPv6 by its /64); undefined: no limit. */
  perIp?: RateLimitRule
  /** Per calling account (the DID of its verified service JWT); undefined: no limit. */
  perDid?: RateLimitRule
}

const DEFAULT_PER_IP: RateLimitRule = { points: 3_000, windowMs: 5 * 60_000 }
const DEFAULT_PER_DID: RateLimitRule = { points: 3_000, windowMs: 5 * 60_000 }

/** The rate limits of a service from its FRAMEWRIGHT_RATE_LIMIT_* settings, with generous defaults. */
export function rateLimitsConfig(env: { perIp?: string; perDid?: string; exemptIps?: string[]; trustedProxies?: string[] }): RateLimitsConfig {
  const exemptIps = env.exemptIps ?? []
  const trustedProxies = env.trustedProxies ?? []
  addressList('FRAMEWRIGHT_RATE_LIMIT_EXEMPT_IPS', exemptIps)
  addressList('FRAMEWRIGHT_RATE_LIMIT_TRUSTED_PROXIES', trustedProxies)
  return {
    trustedProxies,
    perIp: env.perIp === undefined ? DEFAULT_PER_IP : parseRateLimitRule('FRAMEWRIGHT_RATE_LIMIT_PER_IP', env.perIp),
    perDid: env.perDid === undefined ? DEFAULT_PER_DID : parseRateLimitRule('FRAMEWRIGHT_RATE_LIMIT_PER_DID', env.perDid),
    exemptIps,
  }
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** "300/1m", "20/1h", "5000/30s"; "off" (or 0) for no limit. A malformed one names the variable. */
export function parseRateLimitRule(variable: string, raw: string): RateLimitRule | undefined {
  const value = raw.trim().toLowerCase()
  if (value === 'off' || value === '0') return undefined
  const match = /^(\d+)\s*\/\s*(\d*)\s*([smhd])$/.exec(value)
  if (!match) throw new ConfigError(variable, `expected requests per window such as "300/1m" or "20/1h" (or "off"), got "${raw}"`)
  const points = Number(match[1])
  const windowMs = Number(match[2] || '1') * UNIT_MS[match[3]!]!
  if (points < 1 || windowMs < 1_000) throw new ConfigError(variable, `expected at least one request per window of at least 1 s, got "${raw}"`)
  return { points, windowMs }
}

/** What a limiter keeps of a request it counted: its response, and its address's count. */
interface Counted {
  res: ServerResponse
  byIp?: RateLimitStatus
}

/**
 * The rate limits of a family of a service's routes: its XRPC methods (and the other small routes
 * beside them), or a media route with a rule of its own. Every request counts against its address
 * before anything else of it runs (auth included: a flood of bad tokens is limited too); a request
 * whose service JWT verified counts against the caller's account as well, once verified (so a
 * forged token spends no one's budget). The tighter of the two is reported in the RateLimit-* headers.
 */
export class RequestRateLimiter {
  private readonly perIp?: FixedWindowLimiter
  private readonly perDid?: FixedWindowLimiter
  private readonly addresses: ClientAddresses
  /** What this limiter counted, once each (a route answered ahead of express is not counted again by the app). */
  private readonly counted = new WeakMap<IncomingMessage, Counted>()
  /** What the requests are called in a refusal's message ("requests", "video requests"). */
  private readonly what: string

  constructor(
    readonly cfg: RateLimitsConfig,
    opts: { what?: string; addresses?: ClientAddresses } = {},
  ) {
    if (cfg.perIp) this.perIp = new FixedWindowLimiter(cfg.perIp)
    if (cfg.perDid) this.perDid = new FixedWindowLimiter(cfg.perDid)
    this.addresses = opts.addresses ?? new ClientAddresses(cfg)
    this.what = opts.what ?? 'requests'
  }

  /** Counts the request against its address; true when it may go on, false when a 429 was sent in its place. */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.counted.has(req)) return true
    const now = Date.now()
    const key = this.perIp && this.addresses.keyOf(req)
    const byIp = key ? this.perIp!.take(key, now) : undefined
    this.counted.set(req, { res, byIp })
    if (!byIp) return true
    setRateLimitHeaders(res, byIp, now)
    if (byIp.allowed) return true
    const body = rateLimitBody(`Rate limit exceeded: at most ${describeRule(this.cfg.perIp!, this.what)} from this address; try again in ${secondsUntil(byIp.resetAtMs, now)} s`)
    res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
    res.end(body)
    return false
  }

  /**
   * Counts a request against the account whose token just verified; past the limit throws
   * xrpc-server's RateLimitExceededError (a 429 RateLimitExceeded) in place of the credentials.
   */
  countAccount(req: IncomingMessage, did: string): void {
    if (!this.perDid) return
    const now = Date.now()
    const byDid = this.perDid.take(did, now)
    const counted = this.counted.get(req)
    if (counted && tighter(counted.byIp, byDid) === byDid) setRateLimitHeaders(counted.res, byDid, now)
    if (byDid.allowed) return
    throw new RateLimitExceededError(
      { limit: byDid.limit, duration: byDid.windowMs / 1000, remainingPoints: 0, msBeforeNext: byDid.resetAtMs - now, consumedPoints: byDid.limit + 1, isFirstInDuration: false },
      `Rate limit exceeded: at most ${describeRule(this.cfg.perDid!, this.what)} from this account; try again in ${secondsUntil(byDid.resetAtMs, now)} s`,
    )
  }

  /** Counts every request whose token `auth` verifies against its account. */
  countAccountsOf(auth: ServiceAuthVerifier): this {
    auth.onVerified = (req, did) => this.countAccount(req, did)
    return this
  }

  /** Express middleware, e.g. for `app.use('/xrpc', …)`. */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (this.admit(req, res)) next()
  }
}

function tighter(a: RateLimitStatus | undefined, b: RateLimitStatus | undefined): RateLimitStatus | undefined {
  if (!a || !b) return a ?? b
  if (a.allowed !== b.allowed) return a.allowed ? b : a
  return b.remaining < a.remaining ? b : a
}

/** "300 requests per 1 min" */
export function describeRule(rule: RateLimitRule, what = 'requests'): string {
  const seconds = rule.windowMs / 1000
  const per = seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`
  return `${rule.points} ${what} per ${per}`
}

/** Whole seconds until a time, at least one (what Retry-After says). */
export function secondsUntil(atMs: number, now: number): number {
  return Math.max(1, Math.ceil((atMs - now) / 1000))
}
