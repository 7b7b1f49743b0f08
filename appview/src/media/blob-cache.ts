import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { getPds } from '@atproto/identity'
import { CID } from 'multiformats/cid'
import { UpstreamError, fileExists, resolveDidDoc, withRetry, type IdResolver, type Logger } from '@framewright/service-kit'

const SHA256 = 0x12

/** A blob is bigger than we serve, or its bytes do not hash to its CID. */
export class BadBlobError extends Error {
  override name = 'BadBlobError'
}

/**
 * Local copies of video blobs, fetched once from the creator's PDS (found through their resolved
 * DID document) and checked against their CID, so playback never depends on the PDS serving Range.
 */
export class BlobCache {
  private readonly inFlight = new Map<string, Promise<string>>()

  constructor(
    private readonly dir: string,
    private readonly idResolver: IdResolver,
    private readonly maxBytes: number,
    private readonly logger: Logger,
  ) {}

  /** The local path of a blob, fetching it first if needed. */
  async path(did: string, cid: string): Promise<string> {
    const path = join(this.dir, safe(did), safe(cid))
    if (await fileExists(path)) return path
    const key = `${did}/${cid}`
    let pending = this.inFlight.get(key)
    if (!pending) {
      pending = this.fetch(did, cid, path).finally(() => this.inFlight.delete(key))
      this.inFlight.set(key, pending)
    }
    return pending
  }

  private async fetch(did: string, cidStr: string, path: string): Promise<string> {
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
        const r = await fetch(url, { signal: AbortSignal.timeout(60_000) })
        if (!r.ok || !r.body) throw new UpstreamError(`PDS answered ${r.status} for blob ${cidStr}`, r.status)
        return r
      },
      { attempts: 3, retryable: (err) => !(err instanceof UpstreamError) || (err.status ?? 500) >= 500 },
    )
    const declared = Number(res.headers.get('content-length') ?? 0)
    if (declared > this.maxBytes) throw new BadBlobError(`blob ${cidStr} is ${declared} bytes, over the ${this.maxBytes}-byte limit`)

    await mkdir(dirname(path), { recursive: true })
    const tmp = `${path}.${randomBytes(6).toString('hex')}.part`
    const hash = createHash('sha256')
    let size = 0
    const maxBytes = this.maxBytes
    try {
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
      await rename(tmp, path)
    } catch (err) {
      await rm(tmp, { force: true })
      throw err
    }
    this.logger.debug({ did, cid: cidStr, size }, 'cached blob')
    return path
  }
}

/** DIDs and CIDs become path segments: keep them to a safe alphabet. */
function safe(segment: string): string {
  return segment.replace(/[^a-zA-Z0-9._-]/g, '_')
}
