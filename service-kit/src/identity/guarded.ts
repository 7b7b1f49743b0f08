import { DidWebResolver, HandleResolver, PoorlyFormattedDidError, UnsupportedDidWebPathError, type DidCache } from '@atproto/identity'
import type { OutboundClient } from '../net/client'

/** A DID document or an atproto-did answer larger than this is not one we accept. */
const MAX_DOCUMENT_BYTES = 256 * 1024

/**
 * did:web resolution through the outbound client: the host is whatever the DID names, so it gets
 * the same address checks as any fetch the network chooses. Same answers as the library's
 * resolver: the document, null when the host answers but has none, an error otherwise.
 */
export class GuardedDidWebResolver extends DidWebResolver {
  constructor(
    private readonly outbound: OutboundClient,
    timeout: number,
    cache?: DidCache,
  ) {
    super(timeout, cache)
  }

  override async resolveNoCheck(did: string): Promise<unknown> {
    const parts = did.split(':').slice(2).join(':').split(':').map(decodeURIComponent)
    if (parts.length < 1 || !parts[0]) throw new PoorlyFormattedDidError(did)
    // atproto has no did:web with a path.
    if (parts.length > 1) throw new UnsupportedDidWebPathError(did)
    const url = new URL(`https://${parts[0]}/.well-known/did.json`)
    if (url.hostname === 'localhost') url.protocol = 'http'
    const res = await this.outbound.get(url, {
      headers: { accept: 'application/did+ld+json,application/json' },
      timeoutMs: this.timeout,
      maxBytes: MAX_DOCUMENT_BYTES,
      maxRedirects: 0,
    })
    if (res.status < 200 || res.status >= 300) return null
    return JSON.parse(res.body.toString('utf8'))
  }
}

/** Handle resolution whose HTTPS half (https://<handle>/.well-known/atproto-did) goes through the outbound client. */
export class GuardedHandleResolver extends HandleResolver {
  constructor(
    private readonly outbound: OutboundClient,
    opts: { timeout?: number } = {},
  ) {
    super(opts)
  }

  override async resolveHttp(handle: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const res = await this.outbound.get(new URL('/.well-known/atproto-did', `https://${handle}`), { signal, timeoutMs: this.timeout, maxBytes: 2048 })
      const did = res.body.toString('utf8').split('\n')[0]!.trim()
      return res.status >= 200 && res.status < 300 && did.startsWith('did:') ? did : undefined
    } catch {
      return undefined
    }
  }
}
