import { withRetry } from '@framewright/service-kit'
import { ProviderRejectedError, UnknownProviderJobError } from '../../provider'
import { downloadOutput, TransientError } from '../fetch-output'

/** A prediction as Replicate's HTTP API returns it (the fields we read). */
export interface Prediction {
  id: string
  model?: string
  status: 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled'
  output?: unknown
  error?: string | null
  logs?: string | null
  created_at?: string
  started_at?: string | null
  completed_at?: string | null
}

/** Replicate could not be reached or kept failing (network, 429, 5xx) after retries. */
export class ReplicateUnavailableError extends Error {
  override name = 'ReplicateUnavailableError'
}

const PREDICTION_ID = /^[a-z0-9]{1,64}$/

/**
 * The slice of Replicate's HTTP API a video job needs: create a prediction on an official model,
 * read it, cancel it, and download its output. Every call has a timeout; network errors, 429s and
 * 5xxs are retried with backoff; refusals become ProviderRejectedError with Replicate's own words.
 * The API token goes to the API only, never to the (public, expiring) output URLs.
 */
export class ReplicateClient {
  constructor(
    private readonly opts: { baseUrl: string; token: string; timeoutMs?: number; attempts?: number; maxDownloadBytes: number },
  ) {}

  createPrediction(model: string, input: Record<string, unknown>): Promise<Prediction> {
    const [owner, name] = model.split('/')
    return this.call('POST', `/v1/models/${encodeURIComponent(owner!)}/${encodeURIComponent(name!)}/predictions`, { input })
  }

  getPrediction(id: string): Promise<Prediction> {
    if (!PREDICTION_ID.test(id)) throw new UnknownProviderJobError(`${id} is not a Replicate prediction id`)
    return this.call('GET', `/v1/predictions/${id}`)
  }

  cancelPrediction(id: string): Promise<Prediction> {
    if (!PREDICTION_ID.test(id)) throw new UnknownProviderJobError(`${id} is not a Replicate prediction id`)
    return this.call('POST', `/v1/predictions/${id}/cancel`)
  }

  /** Copies an output file to destPath, refusing more than maxDownloadBytes. */
  download(url: string, destPath: string): Promise<void> {
    return this.withRetries(() =>
      downloadOutput(url, destPath, { maxBytes: this.opts.maxDownloadBytes, gone: "the output could not be downloaded; Replicate's output URLs expire after an hour" }),
    )
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Prediction> {
    return this.withRetries(async () => {
      const res = await fetch(new URL(path, this.opts.baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${this.opts.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      }).catch((err) => {
        throw new TransientError(`Replicate unreachable: ${err instanceof Error ? err.message : String(err)}`)
      })
      const text = await res.text()
      if (res.ok) return parsePrediction(text)
      // Replicate's own words reach the creator (a job's error): never with our token in them, whatever it echoes.
      const detail = (problemDetail(text) ?? res.statusText).replaceAll(this.opts.token, '[token]')
      if (res.status === 429 || res.status >= 500) throw new TransientError(`Replicate answered ${res.status}: ${detail}`)
      if (res.status === 404 && method === 'GET') throw new UnknownProviderJobError(`Replicate does not know ${path.split('/').pop()}`)
      // The operator's problem, not the creator's: nothing of the answer is passed on.
      if (res.status === 401 || res.status === 403) throw new ProviderRejectedError(`Replicate refused this appview's API token (${res.status})`)
      throw new ProviderRejectedError(`Replicate refused the request (${res.status}): ${detail}`)
    })
  }

  private withRetries<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, { attempts: this.opts.attempts ?? 4, baseMs: 500, retryable: (err) => err instanceof TransientError }).catch((err) => {
      throw err instanceof TransientError ? new ReplicateUnavailableError(err.message) : err
    })
  }
}

function parsePrediction(text: string): Prediction {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new TransientError('Replicate answered with something that is not JSON')
  }
  const p = parsed as Partial<Prediction>
  if (typeof p?.id !== 'string' || typeof p.status !== 'string') throw new TransientError('Replicate answered without a prediction')
  return p as Prediction
}

/** Replicate's errors are problem+json: { title, detail, status }. */
function problemDetail(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { detail?: unknown; title?: unknown }
    const detail = typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : undefined
    return detail?.slice(0, 500)
  } catch {
    return text.trim().slice(0, 200) || undefined
  }
}
