import { xrpc, XrpcError, type XrpcRequest } from './xrpc'
/** Asks the viewer's PDS for a service JWT (com.atproto.server.getServiceAuth). */
export type MintServiceToken = (aud: string, lxm: string) => Promise<string>

/** Tokens are reused until this long before they expire, so none arrives at a service stale. */
export const EXPIRY_MARGIN_MS = 10_000
/** What the PDS issues when a token's payload cannot be read. */
export const DEFAULT_LIFETIME_MS = 60_000

/**
 * Caches service JWTs per (audience, method) so that scrolling a feed or polling a job does not
 * ask the PDS for a new token on every request. Concurrent asks for the same key share one mint.
 */
export class ServiceAuthCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>()
  private readonly inFlight = new Map<string, Promise<string>>()
  /** Bumped by clear(), so a mint that finishes after a log-out is not cached. */
  private generation = 0

  constructor(
    private readonly mint: MintServiceToken,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token for `aud` bound to `lxm`, from the cache while it has more than the margin left. */
  async token(aud: string, lxm: string): Promise<string> {
    const key = `${aud} ${lxm}`
    const cached = this.tokens.get(key)
    if (cached && this.now() < cached.expiresAt - EXPIRY_MARGIN_MS) return cached.token
    const pending = this.inFlight.get(key)
    if (pending) return pending
    const mintedAt = this.now()
    const generation = this.generation
    const minting = this.mint(aud, lxm)
      .then((token) => {
        if (generation === this.generation) {
          this.tokens.set(key, { token, expiresAt: jwtExpiresAt(token) ?? mintedAt + DEFAULT_LIFETIME_MS })
        }
        return token
      })
      .finally(() => {
        if (this.inFlight.get(key) === minting) this.inFlight.delete(key)
      })
    this.inFlight.set(key, minting)
    return minting
  }

  /** Forgets every token, e.g. on log-out. */
  clear(): void {
    this.generation++
    this.tokens.clear()
    this.inFlight.clear()
  }
}

/** The `exp` of a JWT in epoch milliseconds, or undefined when the token has none or is unreadable. */
export function jwtExpiresAt(token: string): number | undefined {
  const payload = token.split('.')[1]
  if (!payload) return undefined
  try {
    const b64 = payload.replace(/-/g, '+').replace(/_/g, '/')
    const json: unknown = JSON.parse(atob(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), '=')))
    const exp = (json as { exp?: unknown } | null)?.exp
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined
  } catch {
    return undefined
  }
}

/**
 * Calls `nsid` at a service (`did` at `endpoint`) with a service JWT the user's PDS mints for it and
 * that method. A PDS that will not mint one is a ServiceAuthFailed error, told apart from the
 * service's own answer.
 */
export async function callWithServiceAuth<T>(auth: ServiceAuthCache, service: { did: string; endpoint: string }, nsid: string, req: Omit<XrpcRequest, 'baseUrl' | 'nsid' | 'headers'> = {}): Promise<T> {
  let token: string
  try {
    token = await auth.token(service.did, nsid)
  } catch (err) {
    throw new XrpcError('ServiceAuthFailed', `your PDS would not issue a token for ${nsid}: ${err instanceof Error ? err.message : String(err)}`, 0, nsid)
  }
  return xrpc<T>({ baseUrl: service.endpoint, nsid, ...req, headers: { authorization: `Bearer ${token}` } })
}
