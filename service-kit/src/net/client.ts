import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { pipeline, Readable, Transform } from 'node:stream'
import { GuardedHttpAgent, GuardedHttpsAgent } from './agents'
import { OutboundTimeoutError, ResponseTooLargeError, TooManyRedirectsError, UnsupportedUrlError } from './errors'
import { AddressGuard, type AddressGuardOptions } from './guard'

/** Limits an outbound call has unless its caller says otherwise. */
export const OUTBOUND_DEFAULTS = { timeoutMs: 10_000, maxBytes: 1024 * 1024, maxRedirects: 5 }

export interface OutboundClientOptions extends AddressGuardOptions {
  /** Limits for calls that name none (OUTBOUND_DEFAULTS otherwise). */
  defaults?: Partial<typeof OUTBOUND_DEFAULTS>
  /** Kept-alive connections per origin. */
  maxSockets?: number
}

export interface OutboundRequest {
  method?: 'GET' | 'HEAD'
  headers?: Record<string, string>
  /** For the whole exchange: every redirect, and the body to its last byte. */
  timeoutMs?: number
  /** The most body bytes accepted (declared or streamed). */
  maxBytes?: number
  maxRedirects?: number
  signal?: AbortSignal
}

/** An answer whose body is still to be read (it ends in an error if it runs over the limits). */
export interface OutboundResponse {
  status: number
  headers: IncomingHttpHeaders
  /** Where the answer came from, after redirects. */
  url: URL
  body: Readable
}

/** An answer read whole. */
export interface BufferedResponse extends Omit<OutboundResponse, 'body'> {
  body: Buffer
}

/** Headers that go with a request only within the origin they were meant for. */
const CREDENTIALS = ['authorization', 'cookie', 'proxy-authorization']

/**
 * The one HTTP client for every fetch whose target comes from the network (a DID document's
 * service endpoint, a PDS named by a record): it refuses private, loopback, link-local and metadata
 * addresses after DNS resolution (see AddressGuard), connects to the address it checked, checks
 * every redirect hop again, drops credentials on a redirect to another origin, and bounds each call
 * in time and bytes. Connections are kept alive. Operator-configured URLs (the PLC directory, the
 * firehose, hosted model APIs) do not need it.
 */
export class OutboundClient {
  readonly guard: AddressGuard
  private readonly http: GuardedHttpAgent
  private readonly https: GuardedHttpsAgent
  private readonly defaults: typeof OUTBOUND_DEFAULTS

  constructor(opts: OutboundClientOptions = {}) {
    this.guard = new AddressGuard(opts)
    this.defaults = { ...OUTBOUND_DEFAULTS, ...opts.defaults }
    const agentOptions = { keepAlive: true, maxSockets: opts.maxSockets ?? 64 }
    this.http = new GuardedHttpAgent(this.guard, agentOptions)
    this.https = new GuardedHttpsAgent(this.guard, agentOptions)
  }

  /**
   * Sends the request and answers with the status, headers and a body stream once the last
   * redirect's headers are in. The body must be read or destroyed.
   */
  async open(input: URL | string, req: OutboundRequest = {}): Promise<OutboundResponse> {
    const timeoutMs = req.timeoutMs ?? this.defaults.timeoutMs
    const maxBytes = req.maxBytes ?? this.defaults.maxBytes
    const maxRedirects = req.maxRedirects ?? this.defaults.maxRedirects
    let url = new URL(input)
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(new OutboundTimeoutError(url.origin, timeoutMs)), timeoutMs)
    // A body nobody reads is cut off by the timer; it must not keep the process alive until then.
    timer.unref()
    const outer = req.signal
    const onOuterAbort = () => abort.abort(outer!.reason)
    if (outer?.aborted) onOuterAbort()
    else outer?.addEventListener('abort', onOuterAbort, { once: true })
    const done = () => {
      clearTimeout(timer)
      outer?.removeEventListener('abort', onOuterAbort)
    }
    try {
      let headers = req.headers ?? {}
      for (let hop = 0; ; hop++) {
        const res = await this.once(url, req.method ?? 'GET', headers, abort.signal)
        const status = res.statusCode ?? 0
        const location = status >= 300 && status < 400 ? res.headers.location : undefined
        if (!location) return this.limited(res, url, maxBytes, abort.signal, done)
        res.resume()
        if (hop >= maxRedirects) throw new TooManyRedirectsError(url.origin, maxRedirects)
        const next = new URL(location, url)
        if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !CREDENTIALS.includes(k.toLowerCase())))
        url = next
      }
    } catch (err) {
      done()
      throw err
    }
  }

  /** Sends the request and reads the whole answer (within the size and time limits). */
  async get(input: URL | string, req: OutboundRequest = {}): Promise<BufferedResponse> {
    const res = await this.open(input, req)
    const chunks: Buffer[] = []
    for await (const chunk of res.body) chunks.push(chunk as Buffer)
    return { ...res, body: Buffer.concat(chunks) }
  }

  /** open() as a WHATWG fetch Response, for code written against fetch. Errors are thrown as open() throws them. */
  async fetch(input: URL | string, req: OutboundRequest = {}): Promise<Response> {
    const res = await this.open(input, req)
    const headers = new Headers()
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
    }
    const empty = req.method === 'HEAD' || [204, 205, 304].includes(res.status)
    if (empty) res.body.resume()
    return new Response(empty ? null : (Readable.toWeb(res.body) as ReadableStream), { status: res.status, headers })
  }

  /**
   * An agent for a websocket (ws's `agent` option) whose connection goes through the same guard;
   * not kept alive, as an upgraded socket never returns to a pool.
   */
  websocketAgent(url: URL | string): GuardedHttpAgent | GuardedHttpsAgent {
    const secure = ['wss:', 'https:'].includes(new URL(url).protocol)
    return secure ? new GuardedHttpsAgent(this.guard) : new GuardedHttpAgent(this.guard)
  }

  /** Closes idle connections (at shutdown). */
  close(): void {
    this.http.destroy()
    this.https.destroy()
  }

  private once(url: URL, method: string, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
    const https = url.protocol === 'https:'
    if (!https && url.protocol !== 'http:') return Promise.reject(new UnsupportedUrlError(`cannot fetch ${url.protocol} URLs`))
    if (signal.aborted) return Promise.reject(signal.reason)
    const request = https ? httpsRequest : httpRequest
    return new Promise((resolve, reject) => {
      const req = request(url, { method, agent: https ? this.https : this.http, headers }, resolve)
      const onAbort = () => req.destroy(signal.reason)
      signal.addEventListener('abort', onAbort, { once: true })
      req.on('close', () => signal.removeEventListener('abort', onAbort))
      req.on('error', reject)
      req.end()
    })
  }

  /** The body of `res`, cut off with ResponseTooLargeError past maxBytes, or with the signal's reason. */
  private limited(res: IncomingMessage, url: URL, maxBytes: number, signal: AbortSignal, done: () => void): OutboundResponse {
    const declared = Number(res.headers['content-length'])
    if (declared > maxBytes) {
      res.destroy()
      throw new ResponseTooLargeError(url.origin, maxBytes)
    }
    let seen = 0
    const body = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen += chunk.length
        if (seen > maxBytes) callback(new ResponseTooLargeError(url.origin, maxBytes))
        else callback(null, chunk)
      },
    })
    const onAbort = () => body.destroy(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    body.once('close', () => {
      signal.removeEventListener('abort', onAbort)
      done()
    })
    // Errors reach the reader through `body`; a failed pipeline destroys `res` (and so its socket).
    pipeline(res, body, () => undefined)
    return { status: res.statusCode ?? 0, headers: res.headers, url, body }
  }
}
