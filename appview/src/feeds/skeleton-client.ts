import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

/** A skeleton larger than this is not one we read (100 items with 2,000-character contexts are ~210 KB). */
const MAX_SKELETON_BYTES = 1024 * 1024
/** Redirects followed, as fetch follows them. */
const MAX_REDIRECTS = 20

/** A feed generator's answer: its status, headers, and its body as JSON (undefined when it is not JSON). */
export interface SkeletonResponse {
  status: number
  headers: IncomingHttpHeaders
  body: unknown
}

/**
 * GETs of feed generators' getFeedSkeleton over kept-alive connections. Every getFeed page asks
 * its generator for a skeleton, and a WHATWG fetch's per-request machinery (streams, abort signals,
 * header objects) was about a twentieth of a hydrated page's time in the appview. Answers as fetch
 * gave them: redirects followed (the authorization header only within the origin), the whole
 * exchange within `timeoutMs`.
 */
export class SkeletonClient {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 64 })
  private readonly https = new HttpsAgent({ keepAlive: true, maxSockets: 64 })

  /** GETs `url`; rejects when it cannot be reached, answers too large, or not within `timeoutMs`. */
  get(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<SkeletonResponse> {
    const deadline = Date.now() + timeoutMs
    return this.follow(url, headers, deadline, 0)
  }

  /** Closes idle connections (at shutdown). */
  close(): void {
    this.http.destroy()
    this.https.destroy()
  }

  private async follow(url: URL, headers: Record<string, string>, deadline: number, redirects: number): Promise<SkeletonResponse> {
    const res = await this.once(url, headers, deadline)
    const location = res.status >= 300 && res.status < 400 ? res.headers.location : undefined
    if (!location) return res
    if (redirects >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects from ${url.origin}`)
    const next = new URL(location, url)
    const { authorization: _, ...rest } = headers
    return this.follow(next, next.origin === url.origin ? headers : rest, deadline, redirects + 1)
  }

  private once(url: URL, headers: Record<string, string>, deadline: number): Promise<SkeletonResponse> {
    const https = url.protocol === 'https:'
    if (!https && url.protocol !== 'http:') return Promise.reject(new Error(`cannot fetch ${url.protocol} URLs`))
    const request = https ? httpsRequest : httpRequest
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined
      const settle = (done: () => void) => {
        clearTimeout(timer)
        done()
      }
      const req = request(url, { agent: https ? this.https : this.http, headers: { accept: 'application/json', ...headers } }, (res) => {
        const status = res.statusCode ?? 0
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume()
          return settle(() => resolve({ status, headers: res.headers, body: undefined }))
        }
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > MAX_SKELETON_BYTES) req.destroy(new Error(`${url.origin} answered more than ${MAX_SKELETON_BYTES} bytes`))
          else chunks.push(chunk)
        })
        res.on('end', () => settle(() => resolve({ status, headers: res.headers, body: parseJson(Buffer.concat(chunks)) })))
        res.on('error', (err) => settle(() => reject(err)))
      })
      timer = setTimeout(() => req.destroy(new Error(`${url.origin} did not answer within the time allowed`)), Math.max(0, deadline - Date.now()))
      req.on('error', (err) => settle(() => reject(err)))
      req.end()
    })
  }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    return undefined
  }
}
