import type { IncomingHttpHeaders } from 'node:http'
import type { OutboundClient } from '@framewright/service-kit'

/** A skeleton larger than this is not one we read (100 items with 2,000-character contexts are ~210 KB). */
const MAX_SKELETON_BYTES = 1024 * 1024
/** Redirects followed. */
const MAX_REDIRECTS = 5

/** A feed generator's answer: its status, headers, and its body as JSON (undefined when it is not JSON). */
export interface SkeletonResponse {
  status: number
  headers: IncomingHttpHeaders
  body: unknown
}

/**
 * GETs of feed generators' getFeedSkeleton. A generator is wherever its DID document says, so the
 * calls go through the outbound client: kept-alive connections (a WHATWG fetch's per-request
 * machinery was about a twentieth of a hydrated page's time), no private addresses unless allowed,
 * every redirect hop checked again, the authorization header only within the origin, the whole
 * exchange within `timeoutMs` and a megabyte.
 */
export class SkeletonClient {
  constructor(private readonly outbound: OutboundClient) {}

  /** GETs `url`; rejects when it cannot be reached, may not be, answers too large, or not within `timeoutMs`. */
  async get(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<SkeletonResponse> {
    const res = await this.outbound.get(url, {
      headers: { accept: 'application/json', ...headers },
      timeoutMs,
      maxBytes: MAX_SKELETON_BYTES,
      maxRedirects: MAX_REDIRECTS,
    })
    return { status: res.status, headers: res.headers, body: parseJson(res.body) }
  }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    return undefined
  }
}
