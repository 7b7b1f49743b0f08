import { IdResolver, getDid, getDidKeyFromMultibase, type DidDocument } from '@atproto/identity'
import { UpstreamError } from '../errors'
import { LruDidCache } from './lru-did-cache'
import { KeepAlivePlcResolver } from './plc-client'
import { GuardedDidWebResolver, GuardedHandleResolver } from './guarded'
import { OutboundClient } from '../net/client'

export { LruDidCache }

export type { DidDocument }
export { IdResolver }

export interface IdentityConfig {
  /** PLC directory URL. */
  plcUrl: string
  /**
   * Optional XRPC service whose com.atproto.identity.resolveHandle is trusted to resolve handles
   * (a local PDS for its own .test handles, which DNS cannot resolve).
   */
  handleResolverUrl?: string
  timeoutMs?: number
  /** How many DID documents to keep (least recently used go first). */
  cacheEntries?: number
}

/**
 * DID resolution with a bounded cache (did:plc through the configured directory; did:web over
 * http for localhost). Entries are refreshed in the background after an hour and dropped after a
 * day; #identity events on the firehose drop them at once (see the ingester). did:web documents
 * and handles' atproto-did files are fetched through `outbound` (their hosts are whatever the
 * network names); the PLC directory is operator configuration and is not.
 */
export function createIdResolver(cfg: IdentityConfig, outbound: OutboundClient = new OutboundClient()): IdResolver {
  const timeout = cfg.timeoutMs ?? 3000
  const resolver = new IdResolver({
    plcUrl: cfg.plcUrl,
    timeout,
    didCache: new LruDidCache({ maxEntries: cfg.cacheEntries ?? 100_000, staleMs: 60 * 60_000, maxMs: 24 * 60 * 60_000 }),
  })
  // did:plc over kept-alive connections (see plc-client.ts). Methods get no cache of their own: the resolver's is theirs.
  resolver.did.methods.set('plc', new KeepAlivePlcResolver(cfg.plcUrl, timeout))
  resolver.did.methods.set('web', new GuardedDidWebResolver(outbound, timeout))
  resolver.handle = new GuardedHandleResolver(outbound, { timeout })
  return resolver
}

/** The endpoint of a service in a DID document (id like '#bsky_fg'), checking its type when given. */
export function serviceEndpoint(doc: DidDocument, id: string, type?: string): string | undefined {
  const did = getDid(doc)
  const service = doc.service?.find((s) => s.id === id || s.id === `${did}${id}`)
  if (!service || (type && service.type !== type)) return undefined
  return typeof service.serviceEndpoint === 'string' ? service.serviceEndpoint.replace(/\/+$/, '') : undefined
}

/** The did:key of a verification method in a DID document (id like '#atproto_label'). */
export function verificationKey(doc: DidDocument, id: string): string | undefined {
  const did = getDid(doc)
  const method = doc.verificationMethod?.find((m) => m.id === id || m.id === `${did}${id}`)
  if (!method?.publicKeyMultibase) return undefined
  return getDidKeyFromMultibase({ type: method.type, publicKeyMultibase: method.publicKeyMultibase })
}

/** Resolves a DID to its document, or throws an UpstreamError saying which DID failed. */
export async function resolveDidDoc(resolver: IdResolver, did: string, forceRefresh = false): Promise<DidDocument> {
  let doc: DidDocument | null
  try {
    doc = await resolver.did.resolve(did, forceRefresh)
  } catch (err) {
    throw new UpstreamError(`could not resolve ${did}`, undefined, undefined, { cause: err })
  }
  if (!doc) throw new UpstreamError(`${did} does not resolve`)
  return doc
}

/**
 * Resolves a handle to a DID: through the trusted XRPC resolver when one is configured, else DNS/HTTPS.
 * Returns undefined when the handle does not resolve.
 */
export async function resolveHandle(resolver: IdResolver, cfg: IdentityConfig, handle: string): Promise<string | undefined> {
  // The trusted resolver is operator configuration, not a host the network names: a plain fetch.
  if (cfg.handleResolverUrl) {
    const url = new URL('/xrpc/com.atproto.identity.resolveHandle', cfg.handleResolverUrl)
    url.searchParams.set('handle', handle)
    const res = await fetch(url, { signal: AbortSignal.timeout(cfg.timeoutMs ?? 3000) }).catch(() => undefined)
    if (!res?.ok) return undefined
    const body = (await res.json().catch(() => ({}))) as { did?: unknown }
    return typeof body.did === 'string' ? body.did : undefined
  }
  return (await resolver.handle.resolve(handle).catch(() => undefined)) ?? undefined
}

/** The handle a DID claims, if it verifies both ways; 'handle.invalid' otherwise. */
export async function verifiedHandle(resolver: IdResolver, cfg: IdentityConfig, doc: DidDocument): Promise<string> {
  const claimed = doc.alsoKnownAs?.find((aka) => aka.startsWith('at://'))?.slice('at://'.length)
  if (!claimed) return 'handle.invalid'
  const resolved = await resolveHandle(resolver, cfg, claimed)
  return resolved === getDid(doc) ? claimed.toLowerCase() : 'handle.invalid'
}

/**
 * How to name an account to people ("@alice.test"): its handle when that verifies both ways,
 * else its DID. Never throws: an unresolvable DID is named by itself.
 */
export async function displayName(resolver: IdResolver, cfg: IdentityConfig, did: string): Promise<string> {
  try {
    const handle = await verifiedHandle(resolver, cfg, await resolveDidDoc(resolver, did))
    return handle === 'handle.invalid' ? did : `@${handle}`
  } catch {
    return did
  }
}

/**
 * displayName with a memory: explanations name the same few people again and again, and each
 * name costs a handle resolution. Names are kept for ttlMs (a handle change shows up after that).
 */
export class DisplayNames {
  private readonly cache = new Map<string, { name: string; at: number }>()

  constructor(
    private readonly resolver: IdResolver,
    private readonly cfg: IdentityConfig,
    private readonly ttlMs = 10 * 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  /** The names of these DIDs, resolved in parallel where not remembered. */
  async of(dids: readonly string[]): Promise<Map<string, string>> {
    const now = Date.now()
    const unique = [...new Set(dids)]
    const entries = await Promise.all(
      unique.map(async (did) => {
        const hit = this.cache.get(did)
        if (hit && now - hit.at < this.ttlMs) return [did, hit.name] as const
        const name = await displayName(this.resolver, this.cfg, did)
        if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!)
        this.cache.set(did, { name, at: now })
        return [did, name] as const
      }),
    )
    return new Map(entries)
  }
}
