import type { GeneratorView } from '../api/types'
import { xrpc } from '../api/xrpc'
import { FeedLinkError, feedUriOf, isDid, type FeedRef } from './feedLinks'

/** Where the browser looks identities up (from the client config). */
export interface IdentityServices {
  /** Answers com.atproto.identity.resolveHandle (any PDS does). */
  handleResolverUrl: string
  /** The PLC directory for did:plc documents. */
  plcUrl: string
}

interface DidDocument {
  id: string
  alsoKnownAs?: string[]
  service?: { id: string; type: string; serviceEndpoint: unknown }[]
}

/** The DID a handle points to; a FeedLinkError names a handle nobody has. */
export async function resolveHandle(services: IdentityServices, handle: string): Promise<string> {
  try {
    const out = await xrpc<{ did: string }>({ baseUrl: services.handleResolverUrl, nsid: 'com.atproto.identity.resolveHandle', params: { handle } })
    return out.did
  } catch {
    throw new FeedLinkError(`Nobody has the handle @${handle}.`)
  }
}

/** A DID itself, or the DID of a handle. */
export async function didOf(services: IdentityServices, actor: string): Promise<string> {
  return isDid(actor) ? actor : resolveHandle(services, actor)
}

/** Fetches a DID document (did:plc from the directory, did:web from its host). */
export async function resolveDidDoc(services: IdentityServices, did: string): Promise<DidDocument> {
  let url: string
  if (did.startsWith('did:plc:')) url = `${services.plcUrl}/${encodeURIComponent(did)}`
  else if (did.startsWith('did:web:')) {
    const host = decodeURIComponent(did.slice('did:web:'.length))
    // did:web over http exists only for local development.
    url = `${/^(localhost|127\.0\.0\.1)(:|$)/.test(host) ? 'http' : 'https'}://${host}/.well-known/did.json`
  } else throw new FeedLinkError(`${did} is a kind of DID this app cannot look up.`)
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined)
  if (!res?.ok) throw new FeedLinkError(`${did} could not be looked up.`)
  return (await res.json()) as DidDocument
}

/** The endpoint of a service in a DID document (e.g. #atproto_pds). */
export function serviceEndpointOf(doc: DidDocument, id: string): string | undefined {
  const svc = doc.service?.find((s) => s.id === id || s.id === `${doc.id}${id}`)
  return typeof svc?.serviceEndpoint === 'string' ? svc.serviceEndpoint : undefined
}

/**
 * Reads a feed generator's record from its publisher's PDS and presents it as the appview would,
 * so that a feed this appview has never indexed can be watched (the appview fetches the same
 * record when asked for the feed).
 */
export async function loadFeedGenerator(services: IdentityServices, ref: FeedRef): Promise<GeneratorView> {
  const publisher = await didOf(services, ref.actor)
  const doc = await resolveDidDoc(services, publisher)
  const pds = serviceEndpointOf(doc, '#atproto_pds')
  if (!pds) throw new FeedLinkError(`${ref.actor} has no PDS to read the feed from.`)
  let out: { uri: string; cid?: string; value: { did?: unknown; displayName?: unknown; description?: unknown; contentMode?: unknown; acceptsInteractions?: unknown; createdAt?: unknown } }
  try {
    out = await xrpc({ baseUrl: pds, nsid: 'com.atproto.repo.getRecord', params: { repo: publisher, collection: 'app.bsky.feed.generator', rkey: ref.rkey } })
  } catch {
    throw new FeedLinkError(`@${ref.actor} publishes no feed called "${ref.rkey}".`)
  }
  const v = out.value
  if (typeof v.did !== 'string' || !isDid(v.did)) throw new FeedLinkError(`The feed "${ref.rkey}" names no service that serves it.`)
  const handle = doc.alsoKnownAs?.find((a) => a.startsWith('at://'))?.slice('at://'.length) ?? 'handle.invalid'
  return {
    uri: feedUriOf(publisher, ref.rkey),
    cid: out.cid ?? '',
    did: v.did,
    creator: { did: publisher, handle },
    displayName: typeof v.displayName === 'string' && v.displayName ? v.displayName : ref.rkey,
    description: typeof v.description === 'string' ? v.description : undefined,
    contentMode: typeof v.contentMode === 'string' ? v.contentMode : undefined,
    acceptsInteractions: v.acceptsInteractions === true,
    indexedAt: typeof v.createdAt === 'string' ? v.createdAt : new Date().toISOString(),
  }
}
