import type { IdResolver } from '@atproto/identity'
import { AuthRequiredError, XRPCError, verifyJwt, type VerifySignatureWithKeyFn } from '@atproto/xrpc-server'
import type { IncomingMessage } from 'node:http'
import { KeyCache, verifySignature, type Curve } from '../repo/keys'

/** Credentials of a request authenticated with a service JWT (iss = the caller's DID). */
export type ViewerCredentials = { did: string }

export interface VerifyOptions {
  /** The method the token must be minted for (the `lxm` claim). */
  lxm: string
  /** The audience the token must name; defaults to this service's own DID. */
  aud?: string
}

const MAX_CACHED = 10_000
/** How long an issuer's resolved key is used without asking again (a failed check asks at once). */
const KEY_TTL_MS = 5 * 60_000
const JWT_ALG_CURVE: Record<string, Curve> = { ES256K: 'secp256k1', ES256: 'p256' }

/**
 * Verifies inter-service JWTs (atproto service auth): audience, method (lxm), expiry, token type,
 * and the signature against the issuer's resolved atproto key, retried once with a fresh key.
 *
 * Signature checks are the expensive part of a request, so a token whose signature verified once
 * is remembered until it expires; every other claim is still checked on each use.
 */
export class ServiceAuthVerifier {
  private readonly verifiedUntil = new Map<string, number>()
  private readonly issuerKeys = new Map<string, { key: string; until: number }>()
  private readonly keys = new KeyCache(MAX_CACHED)
  /**
   * Checks a JWT's signature with the same native libsecp256k1 / OpenSSL code as the firehose's
   * commits (repo/keys.ts), low-S only, with each key prepared once: several times faster than the
   * pure-JS check @atproto/xrpc-server would do, and every signed-in feed page pays for one.
   */
  private readonly checkSignature: VerifySignatureWithKeyFn = async (didKey, msg, sig, alg) => {
    try {
      const key = this.keys.get(didKey)
      return JWT_ALG_CURVE[alg] === key.curve && verifySignature(key, msg, sig)
    } catch {
      return false
    }
  }

  constructor(
    private readonly idResolver: IdResolver,
    /** This service's DID: the audience tokens must name. */
    readonly ownDid: string,
  ) {}

  /** Verifies a token; throws AuthRequiredError with a named error (BadJwt, JwtExpired, BadJwtAudience, …). */
  async verifyToken(token: string, opts: VerifyOptions): Promise<ViewerCredentials> {
    const now = Date.now()
    const cached = (this.verifiedUntil.get(token) ?? 0) > now
    const verifySig: VerifySignatureWithKeyFn = cached ? async () => true : this.checkSignature
    let payload: { iss: string; exp: number }
    try {
      payload = await verifyJwt(token, opts.aud ?? this.ownDid, opts.lxm, (iss, force) => this.signingKey(iss, force), verifySig)
    } catch (err) {
      if (err instanceof XRPCError) throw err
      throw new AuthRequiredError('malformed service jwt', 'BadJwt')
    }
    if (!cached) this.remember(token, payload.exp * 1000)
    return { did: payload.iss }
  }

  /**
   * Runs once a request's token verified, with the caller's DID; may throw an XRPC error in place of
   * the credentials (the per-account rate limit, see RequestRateLimiter.countAccountsOf).
   */
  onVerified?: (req: IncomingMessage, did: string) => void

  /** Verifies the bearer token of a request; throws AuthRequired when there is none. */
  async verifyRequest(req: IncomingMessage, opts: VerifyOptions): Promise<ViewerCredentials> {
    const token = bearerToken(req)
    if (!token) throw new AuthRequiredError('this method needs a service jwt (Authorization: Bearer)', 'AuthMissing')
    const credentials = await this.verifyToken(token, opts)
    this.onVerified?.(req, credentials.did)
    return credentials
  }

  /** An xrpc-server auth function that requires a valid service JWT for lxm. */
  required(lxm: string) {
    return async ({ req }: { req: IncomingMessage }) => ({ credentials: await this.verifyRequest(req, { lxm }) })
  }

  /** An xrpc-server auth function for anonymous-or-authenticated methods: a token, when sent, must verify. */
  optional(lxm: string) {
    return async ({ req }: { req: IncomingMessage }) => ({
      credentials: bearerToken(req) ? await this.verifyRequest(req, { lxm }) : { did: undefined },
    })
  }

  private async signingKey(iss: string, forceRefresh: boolean): Promise<string> {
    if (iss.includes('#')) throw new AuthRequiredError('jwt issuer must be an account DID', 'BadJwtIss')
    const known = this.issuerKeys.get(iss)
    if (known && !forceRefresh && known.until > Date.now()) return known.key
    try {
      const key = await this.idResolver.did.resolveAtprotoKey(iss, forceRefresh)
      if (this.issuerKeys.size >= MAX_CACHED) this.issuerKeys.delete(this.issuerKeys.keys().next().value!)
      this.issuerKeys.delete(iss)
      this.issuerKeys.set(iss, { key, until: Date.now() + KEY_TTL_MS })
      return key
    } catch (err) {
      throw new AuthRequiredError(`could not resolve the signing key of ${iss}`, 'BadJwtIss')
    }
  }

  private remember(token: string, expiresAtMs: number) {
    if (this.verifiedUntil.size >= MAX_CACHED) {
      const now = Date.now()
      for (const [t, exp] of this.verifiedUntil) if (exp <= now) this.verifiedUntil.delete(t)
      // Still full of live tokens: drop the oldest insertions.
      for (const t of this.verifiedUntil.keys()) {
        if (this.verifiedUntil.size < MAX_CACHED) break
        this.verifiedUntil.delete(t)
      }
    }
    this.verifiedUntil.set(token, expiresAtMs)
  }
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization
  if (!header) return undefined
  const [scheme, token] = header.split(' ')
  return scheme?.toLowerCase() === 'bearer' && token ? token.trim() : undefined
}
