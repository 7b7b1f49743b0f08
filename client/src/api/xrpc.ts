/** An XRPC call failed: the server's `{ error, message }`, or a transport failure in the same shape. */
export class XrpcError extends Error {
  override name = 'XrpcError'
  constructor(
    /** The lexicon error name (e.g. 'UnknownFeed'), or 'NetworkError' / 'HttpError'. */
    readonly error: string,
    message: string,
    /** HTTP status, 0 when the request never got an answer. */
    readonly status: number,
    readonly nsid: string,
  ) {
    super(message)
  }
}

export type QueryParams = Record<string, string | number | boolean | string[] | undefined>

export interface XrpcRequest {
  baseUrl: string
  nsid: string
  params?: QueryParams
  /** JSON body; makes the call a POST (an XRPC procedure). */
  body?: unknown
  /** A raw body (a photo, a clip) with its media type, for procedures whose input is not JSON. */
  input?: { data: Blob; encoding: string }
  /** A procedure whose lexicon has no input: a POST with no body at all (a server refuses one it did not expect). */
  procedure?: boolean
  /** A procedure whose lexicon has no output: an empty 200 is its success, not a bad answer. */
  noOutput?: boolean
  headers?: Record<string, string>
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 15_000
/** Queries are idempotent, so a dropped connection is retried this many times, with backoff. */
const QUERY_RETRIES = 2

/** Encodes XRPC params: arrays repeat their key (`dids=a&dids=b`), undefined is left out. */
export function encodeParams(params: QueryParams = {}): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const v of value) search.append(key, v)
    else search.append(key, String(value))
  }
  return search.toString()
}

/** Calls one XRPC method and returns its JSON output, or throws an XrpcError. */
export async function xrpc<T>(req: XrpcRequest): Promise<T> {
  const isProcedure = req.body !== undefined || req.input !== undefined || req.procedure === true
  const attempts = isProcedure ? 1 : QUERY_RETRIES + 1
  let lastErr: XrpcError | undefined
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(300 * 3 ** (attempt - 1))
    try {
      return await xrpcOnce<T>(req, isProcedure)
    } catch (err) {
      if (!(err instanceof XrpcError) || err.status !== 0) throw err
      lastErr = err
    }
  }
  throw lastErr!
}

async function xrpcOnce<T>(req: XrpcRequest, isProcedure: boolean): Promise<T> {
  const qs = encodeParams(req.params)
  const url = `${req.baseUrl}/xrpc/${req.nsid}${qs ? `?${qs}` : ''}`
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers }
  const hasBody = req.body !== undefined || req.input !== undefined
  if (hasBody) headers['content-type'] = req.input?.encoding ?? 'application/json'
  let res: Response
  try {
    res = await fetch(url, {
      method: isProcedure ? 'POST' : 'GET',
      headers,
      body: req.input ? req.input.data : req.body !== undefined ? JSON.stringify(req.body) : undefined,
      signal: AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    })
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError'
    const why = timedOut ? 'timed out' : 'could not be reached'
    throw new XrpcError('NetworkError', `${req.nsid}: the service ${why} (${req.baseUrl})`, 0, req.nsid)
  }
  const text = await res.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  if (!res.ok) {
    const e = (body ?? {}) as { error?: unknown; message?: unknown }
    const error = typeof e.error === 'string' ? e.error : 'HttpError'
    const message = typeof e.message === 'string' && e.message ? e.message : `${error} (HTTP ${res.status})`
    throw new XrpcError(error, message, res.status, req.nsid)
  }
  if (body === undefined && req.noOutput) return undefined as T
  if (body === undefined) throw new XrpcError('InvalidResponse', `${req.nsid}: the service answered without JSON`, res.status, req.nsid)
  return body as T
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
