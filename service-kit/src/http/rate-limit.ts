import { BlockList, isIP, isIPv6 } from 'node:net'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { RateLimitExceededError } from '@atproto/xrpc-server'
import { ConfigError } from '../errors'
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
export function setRateLimitHeaders(res: ServerResponse, status: RateLimitStatus, now = Date.now()): void {
  res.setHeader('RateLimit-Limit', status.limit)
  res.setHeader('RateLimit-Remaining', status.remaining)
  res.setHeader('RateLimit-Reset', Math.ceil(status.resetAtMs / 1000))
  res.setHeader('RateLimit-Policy', `${status.limit};w=${Math.round(status.windowMs / 1000)}`)
  if (!status.allowed) res.setHeader('Retry-After', Math.max(1, Math.ceil((status.resetAtMs - now) / 1000)))
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

/** Per-address and per-account request limits on a service's XRPC methods (FRAMEWRIGHT_RATE_LIMIT_*). */
export interface RateLimitsConfig {
  /** Per client address (IPv6 by its /64); undefined: no limit. */
  perIp?: RateLimitRule
  /** Per calling account (the DID of its verified service JWT); undefined: no limit. */
  perDid?: RateLimitRule
  /** Addresses or CIDR ranges never limited per address (our own services calling each other, a PDS proxying reports). */
  exemptIps: string[]
  /**
   * Reverse proxies in front of the service (addresses or CIDR ranges): a request from one of them is
   * counted against the address it names last in X-Forwarded-For (proxies before it are skipped too).
   */
  trustedProxies: string[]
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

function addressList(variable: string, entries: string[]): BlockList {
  const list = new BlockList()
  for (const entry of entries) {
    const [address, prefix] = entry.split('/')
    const type = isIPv6(address!) ? 'ipv6' : 'ipv4'
    try {
      if (prefix === undefined) list.addAddress(address!, type)
      else list.addSubnet(address!, Number(prefix), type)
    } catch {
      throw new ConfigError(variable, `"${entry}" is not an address or CIDR range`)
    }
  }
  return list
}

/** Marks a request counted once (a route answered ahead of express is not counted again by the app), and keeps its response and its address's count. */
const COUNTED = Symbol('framewright.rateLimited')
type Counted = IncomingMessage & { [COUNTED]?: { res: ServerResponse; byIp?: RateLimitStatus } }

/**
 * The rate limits of a service's XRPC methods. Every request counts against its address before
 * anything else of it runs (auth included: a flood of bad tokens is limited too); a request whose
 * service JWT verified counts against the caller's account as well, once verified (so a forged
 * token spends no one's budget). The tighter of the two is reported in the RateLimit-* headers.
 */
export class XrpcRateLimiter {
  private readonly perIp?: FixedWindowLimiter
  private readonly perDid?: FixedWindowLimiter
  private readonly exempt: BlockList
  private readonly proxies?: BlockList

  constructor(readonly cfg: RateLimitsConfig) {
    if (cfg.perIp) this.perIp = new FixedWindowLimiter(cfg.perIp)
    if (cfg.perDid) this.perDid = new FixedWindowLimiter(cfg.perDid)
    this.exempt = addressList('FRAMEWRIGHT_RATE_LIMIT_EXEMPT_IPS', cfg.exemptIps)
    if (cfg.trustedProxies.length > 0) this.proxies = addressList('FRAMEWRIGHT_RATE_LIMIT_TRUSTED_PROXIES', cfg.trustedProxies)
  }

  /** Counts the request against its address; true when it may go on, false when a 429 was sent in its place. */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    const counted = req as Counted
    if (counted[COUNTED]) return true
    const now = Date.now()
    const address = this.clientAddress(req)
    const byIp = this.perIp && address && !inList(this.exempt, address) ? this.perIp.take(addressKey(address), now) : undefined
    counted[COUNTED] = { res, byIp }
    if (!byIp) return true
    setRateLimitHeaders(res, byIp, now)
    if (byIp.allowed) return true
    const body = JSON.stringify({ error: 'RateLimitExceeded', message: `Rate limit exceeded: at most ${describeRule(this.cfg.perIp!)} from this address; try again in ${secondsUntil(byIp.resetAtMs, now)} s` })
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
    const counted = (req as Counted)[COUNTED]
    if (counted && tighter(counted.byIp, byDid) === byDid) setRateLimitHeaders(counted.res, byDid, now)
    if (byDid.allowed) return
    throw new RateLimitExceededError(
      { limit: byDid.limit, duration: byDid.windowMs / 1000, remainingPoints: 0, msBeforeNext: byDid.resetAtMs - now, consumedPoints: byDid.limit + 1, isFirstInDuration: false },
      `Rate limit exceeded: at most ${describeRule(this.cfg.perDid!)} from this account; try again in ${secondsUntil(byDid.resetAtMs, now)} s`,
    )
  }

  /** Counts every request whose token `auth` verifies against its account. */
  countAccountsOf(auth: ServiceAuthVerifier): this {
    auth.onVerified = (req, did) => this.countAccount(req, did)
    return this
  }

  /** Express middleware for `app.use('/xrpc', …)`. */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (this.admit(req, res)) next()
  }

  /** The peer's address, or behind trusted proxies the address the nearest untrusted hop had. */
  private clientAddress(req: IncomingMessage): string | undefined {
    let address = unmapped(req.socket.remoteAddress)
    if (!this.proxies || !address) return address
    const header = req.headers['x-forwarded-for']
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((h) => unmapped(h.trim()))
    while (inList(this.proxies, address) && hops.length > 0) {
      const previous = hops.pop()
      if (!previous || !isIP(previous)) break
      address = previous
    }
    return address
  }
}

function inList(list: BlockList, address: string): boolean {
  return list.check(address, isIPv6(address) ? 'ipv6' : 'ipv4')
}

function tighter(a: RateLimitStatus | undefined, b: RateLimitStatus | undefined): RateLimitStatus | undefined {
  if (!a || !b) return a ?? b
  if (a.allowed !== b.allowed) return a.allowed ? b : a
  return b.remaining < a.remaining ? b : a
}

/** IPv4-mapped IPv6 written as IPv4. */
function unmapped(address: string | undefined): string | undefined {
  return address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
}

/** IPv4 by address; IPv6 by its /64 (one host commonly holds a whole /64). */
export function addressKey(address: string): string {
  if (!isIPv6(address)) return address
  const [head = '', tail = ''] = address.split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = address.includes('::') ? (tail ? tail.split(':') : []) : []
  const groups = address.includes('::') ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups] : headGroups
  return `${groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(':')}::/64`
}

function describeRule(rule: RateLimitRule): string {
  const seconds = rule.windowMs / 1000
  const per = seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`
  return `${rule.points} requests per ${per}`
}

function secondsUntil(atMs: number, now: number): number {
  return Math.max(1, Math.ceil((atMs - now) / 1000))
}
