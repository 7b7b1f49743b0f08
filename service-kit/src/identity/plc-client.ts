import { request as httpRequest, Agent as HttpAgent } from 'node:http'
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https'
import { DidPlcResolver, PoorlyFormattedDidDocumentError, type DidDocument } from '@atproto/identity'
import { isDidDocument } from './did-document-shape'

/** A PLC directory's answer larger than this is not a DID document we accept. */
const MAX_DOCUMENT_BYTES = 256 * 1024

/**
 * did:plc resolution over kept-alive connections. The library's resolver makes each look-up a
 * WHATWG fetch, whose per-request machinery (streams, abort signals, header objects) cost about
 * half a millisecond of the ingestion thread each; a service that meets thousands of new repos a
 * minute (catching up, or the whole network) spends that on every one. Same answers as the
 * library's: the document, null for 404, an error carrying `status` for any other failure. The
 * directory is operator configuration, not a host the network names, so not the outbound client.
 */
export class KeepAlivePlcResolver extends DidPlcResolver {
  private readonly agent: HttpAgent

  constructor(plcUrl: string, timeout: number) {
    super(plcUrl, timeout)
    const Agent = new URL(plcUrl).protocol === 'https:' ? HttpsAgent : HttpAgent
    this.agent = new Agent({ keepAlive: true, maxSockets: 16 })
  }

  /** The library's check of a document (its shape, and that it is about the DID asked for), without zod: see isDidDocument. */
  override validateDidDoc(did: string, val: unknown): DidDocument {
    if (!isDidDocument(val) || val.id !== did) throw new PoorlyFormattedDidDocumentError(did, val)
    return val
  }

  /**
   * A kept-alive connection the directory closes just as we reuse it fails the request at once
   * ("socket hang up", ECONNRESET) although the directory never saw it: asked again straight away,
   * on a new connection, rather than failed (ingestion would back off a quarter of a second and
   * retry the whole batch's look-ups). A GET of a document is safe to repeat; the next idle
   * connection may have been closed too, so up to three times.
   */
  override async resolveNoCheck(did: string): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.get(did)
      } catch (err) {
        if (!(err as { reusedSocket?: boolean }).reusedSocket || attempt >= 3) throw err
      }
    }
  }

  private get(did: string): Promise<unknown> {
    const url = new URL(`/${encodeURIComponent(did)}`, this.plcUrl)
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest
    return new Promise((resolve, reject) => {
      let answered = false
      const req = request(url, { agent: this.agent, headers: { accept: 'application/did+ld+json,application/json' }, timeout: this.timeout }, (res) => {
        answered = true
        const status = res.statusCode ?? 0
        if (status === 404) {
          res.resume()
          return resolve(null)
        }
        if (status < 200 || status >= 300) {
          res.resume()
          return reject(Object.assign(new Error(res.statusMessage || `PLC directory answered ${status}`), { status }))
        }
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > MAX_DOCUMENT_BYTES) req.destroy(new Error(`the DID document of ${did} is larger than ${MAX_DOCUMENT_BYTES} bytes`))
          else chunks.push(chunk)
        })
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
          } catch (err) {
            reject(err)
          }
        })
        res.on('error', reject)
      })
      req.on('timeout', () => req.destroy(new Error(`the PLC directory did not answer for ${did} within ${this.timeout} ms`)))
      req.on('error', (err: NodeJS.ErrnoException) => {
        // Closed under us before any answer, on a connection that had served one before: see resolveNoCheck.
        if (req.reusedSocket && err.code === 'ECONNRESET' && !answered) return reject(Object.assign(err, { reusedSocket: true }))
        reject(err)
      })
      req.end()
    })
  }

  /** Closes idle connections (at shutdown). */
  close(): void {
    this.agent.destroy()
  }
}
