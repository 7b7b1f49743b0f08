import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { getPds } from '@atproto/identity'
import { CID } from 'multiformats/cid'
import { UpstreamError, isRetryableOutbound, resolveDidDoc, storing, withRetry, type IdResolver, type Logger, type MediaStore, type OutboundClient } from '@framewright/service-kit'
import { mediaKeys } from './keys'

const SHA256 = 0x12

/** A blob is bigger than we serve, or its bytes do not hash to its CID. */
export class BadBlobError extends Error {
  override name = 'BadBlobError'
}

/**
 * Video blobs copied into the media store, fetched once from the creator's PDS (found through their
 * resolved DID document) and checked against their CID, so playback never depends on the PDS
 * serving Range. With a shared store, one replica's fetch serves every replica.
 */
export class BlobCache {
  private readonly inFlight = new Map<string, Promise<CachedBlob>>()

  constructor(
    private readonly store: MediaStore,
    /** Fetches land here before they are checked and stored (on the store's disk, for the local store). */
    private readonly tmpDir: string,
    private readonly idResolver: IdResolver,
    private readonly maxBytes: number,
    private readonly logger: Logger,
    /** A creator's PDS is whatever their DID document names: fetched through the outbound guard. */
    private readonly outbound: OutboundClient,
  ) {}

  /** The blob's key and size in the media store, fetching it first if needed. */
  async ensure(did: string, cid: string): Promise<CachedBlob> {
    const key = mediaKeys.blob(did, cid)
    const stored = await this.store.stat(key)
    if (stored) return { key, size: stored.size }
    let pending = this.inFlight.get(key)
    if (!pending) {
      pending = this.fetch(did, cid, key).finally(() => this.inFlight.delete(key))
      this.inFlight.set(key, pending)
    }
    return pending
  }

  /** A file on this machine with the blob's bytes, for ffmpeg and ffprobe. */
  async localPath(did: string, cid: string): Promise<string> {
    const { key } = await this.ensure(did, cid)
    return this.store.localPath(key)
  }

  private async fetch(did: string, cidStr: string, key: string): Promise<CachedBlob> {
    const cid = CID.parse(cidStr)
    if (cid.multihash.code !== SHA256) throw new BadBlobError(`blob ${cidStr} is not sha-256 addressed`)
    const doc = await resolveDidDoc(this.idResolver, did)
    const pds = getPds(doc)
    if (!pds) throw new UpstreamError(`${did} has no PDS`)
    const url = new URL('/xrpc/com.atproto.sync.getBlob', pds)
    url.search = new URLSearchParams({ did, cid: cidStr }).toString()
    // Dropped connections and PDS hiccups (5xx) are worth another try; a 4xx is an answer.
    const res = await withRetry(
      async () => {
        const r = await this.outbound.fetch(url, { timeoutMs: 60_000, maxBytes: this.maxBytes })
        if (!r.ok || !r.body) throw new UpstreamError(`PDS answered ${r.status} for blob ${cidStr}`, r.status)
        return r
      },
      { attempts: 3, retryable: (err) => isRetryableOutbound(err) && (!(err instanceof UpstreamError) || (err.status ?? 500) >= 500) },
    )
    const declared = Number(res.headers.get('content-length') ?? 0)
    if (declared > this.maxBytes) throw new BadBlobError(`blob ${cidStr} is ${declared} bytes, over the ${this.maxBytes}-byte limit`)

    await mkdir(this.tmpDir, { recursive: true })
    const tmp = join(this.tmpDir, `blob-${randomBytes(8).toString('hex')}.part`)
    const hash = createHash('sha256')
    let size = 0
    const maxBytes = this.maxBytes
    try {
      // A full disk ends the write with StorageFullError, and the part written goes with the temp file.
      await storing(`video blob ${cidStr}`, async () => {
        await pipeline(
          Readable.fromWeb(res.body as never),
          async function* (source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              size += chunk.length
              if (size > maxBytes) throw new BadBlobError(`blob ${cidStr} is over the ${maxBytes}-byte limit`)
              hash.update(chunk)
              yield chunk
            }
          },
          createWriteStream(tmp),
        )
        if (!Buffer.from(cid.multihash.digest).equals(hash.digest())) {
          throw new BadBlobError(`blob bytes from ${pds} do not match ${cidStr}`)
        }
        await this.store.put(key, tmp, res.headers.get('content-type') ?? 'application/octet-stream')
      })
    } finally {
      await rm(tmp, { force: true })
    }
    this.logger.debug({ did, cid: cidStr, size }, 'cached blob')
    return { key, size }
  }
}

/** A blob held in the media store. */
export interface CachedBlob {
  key: string
  size: number
}
