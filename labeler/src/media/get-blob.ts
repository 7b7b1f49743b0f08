/**
 * Fetches a video blob from its author's PDS (com.atproto.sync.getBlob), found through the author's
 * resolved DID document, with a size limit, a time limit, a bounded retry, and a check that the bytes
 * hash to the CID asked for: a PDS cannot hand us other media than the record names.
 */
import { createHash } from 'node:crypto'
import { getPds } from '@atproto/identity'
import { CID } from 'multiformats/cid'
import { UpstreamError, isRetryableOutbound, resolveDidDoc, withRetry, type IdResolver, type OutboundClient } from '@framewright/service-kit'

const SHA256 = 0x12

/** The blob is over the size limit, or its bytes do not match its CID. */
export class BadBlobError extends Error {
  override name = 'BadBlobError'
}

export interface FetchBlobOptions {
  idResolver: IdResolver
  /** The author's PDS is whatever their DID document names: fetched through the outbound guard. */
  outbound: OutboundClient
  maxBytes: number
  /** Per attempt. */
  timeoutMs?: number
  signal?: AbortSignal
}

/** The bytes of blob `cid` in `did`'s repo. */
export async function fetchBlob(did: string, cidStr: string, opts: FetchBlobOptions): Promise<Uint8Array> {
  const cid = CID.parse(cidStr)
  if (cid.multihash.code !== SHA256) throw new BadBlobError(`blob ${cidStr} is not sha-256 addressed`)
  const pds = getPds(await resolveDidDoc(opts.idResolver, did))
  if (!pds) throw new UpstreamError(`${did} has no PDS`)
  const url = new URL('/xrpc/com.atproto.sync.getBlob', pds)
  url.search = new URLSearchParams({ did, cid: cidStr }).toString()
  // Dropped connections and PDS hiccups (5xx) are worth another try; a 4xx, or a blob too big, is an answer.
  const bytes = await withRetry(
    async () => {
      const res = await opts.outbound.fetch(url, { timeoutMs: opts.timeoutMs ?? 60_000, maxBytes: opts.maxBytes, signal: opts.signal })
      if (!res.ok || !res.body) throw new UpstreamError(`PDS answered ${res.status} for blob ${cidStr}`, res.status)
      const declared = Number(res.headers.get('content-length') ?? 0)
      if (declared > opts.maxBytes) throw new BadBlobError(`blob ${cidStr} is ${declared} bytes, over the ${opts.maxBytes}-byte limit`)
      const chunks: Uint8Array[] = []
      let size = 0
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        size += chunk.length
        if (size > opts.maxBytes) {
          await res.body.cancel().catch(() => undefined)
          throw new BadBlobError(`blob ${cidStr} is over the ${opts.maxBytes}-byte limit`)
        }
        chunks.push(chunk)
      }
      return Buffer.concat(chunks)
    },
    {
      attempts: 3,
      retryable: (err) => !(err instanceof BadBlobError) && isRetryableOutbound(err) && (!(err instanceof UpstreamError) || (err.status ?? 500) >= 500),
    },
  )
  if (!Buffer.from(cid.multihash.digest).equals(createHash('sha256').update(bytes).digest())) {
    throw new BadBlobError(`blob bytes from ${pds} do not match ${cidStr}`)
  }
  return bytes
}
