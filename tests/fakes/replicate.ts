import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readJson, sendJson } from './http'
import { renderTestVideo } from './video'

/**
 * A local stand-in for Replicate's HTTP API (api.replicate.com), speaking its documented shapes:
 * `POST /v1/models/{owner}/{name}/predictions` → 201 with a `starting` prediction; `GET
 * /v1/predictions/{id}` moves it to `processing` (with tqdm-style percentages in `logs`) and then
 * `succeeded`, whose `output` is the URL of a real H.264 mp4; `POST …/cancel`; problem+json errors
 * (401 without the token, 404 for unknown models and predictions, 422 for bad input). It is the
 * edge of the world we cannot reach from here, so it is the one fake in the tests.
 */
export class FakeReplicate {
  readonly token = `r8_fake_${randomBytes(8).toString('hex')}`
  readonly predictions = new Map<string, FakePrediction>()
  /** Requests made to the API, newest last (for asserting on what the adapter sent). */
  readonly requests: { method: string; path: string; auth?: string; body?: any }[] = []
  /** The next N API requests answer this status (transient failures: 429, 503). */
  faults: { status: number; count: number } = { status: 503, count: 0 }
  /** How output files answer (410 Gone, like an expired delivery URL). */
  outputStatus = 200
  /** Polls a prediction spends processing before it succeeds. */
  processingPolls = 3

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly video: Buffer,
    readonly models: string[],
  ) {}

  static async start(models = ['google/veo-3-fast', 'google/veo-3.1']): Promise<FakeReplicate> {
    // A real H.264 file, as Veo returns (portrait 720p there; small here to stay quick).
    const video = await renderTestVideo()
    let fake: FakeReplicate | undefined
    const server = createServer((req, res) => void fake!.handle(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    fake = new FakeReplicate(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, video, models)
    return fake
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', this.url).pathname
    if (req.method === 'GET' && path.startsWith('/files/')) {
      if (this.outputStatus !== 200) return send(res, this.outputStatus, { detail: 'expired' })
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': this.video.length })
      return res.end(this.video)
    }
    const body = req.method === 'POST' ? await readJson(req) : undefined
    this.requests.push({ method: req.method ?? '', path, auth: req.headers.authorization, body })
    if (this.faults.count > 0) {
      this.faults.count--
      return send(res, this.faults.status, { title: 'Service Unavailable', detail: 'try again', status: this.faults.status })
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return send(res, 401, { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 })
    }
    let m = path.match(/^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/)
    if (m && req.method === 'POST') return this.create(res, `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`, body)
    m = path.match(/^\/v1\/predictions\/([a-z0-9]+)(\/cancel)?$/)
    const prediction = m ? this.predictions.get(m[1]!) : undefined
    if (m && !prediction) return send(res, 404, { title: 'Not found', detail: 'The requested resource could not be found.', status: 404 })
    if (prediction && req.method === 'POST' && m![2]) {
      if (prediction.status === 'starting' || prediction.status === 'processing') prediction.status = 'canceled'
      return send(res, 200, this.view(prediction))
    }
    if (prediction && req.method === 'GET') {
      this.advance(prediction)
      return send(res, 200, this.view(prediction))
    }
    return send(res, 404, { title: 'Not found', detail: `no route ${req.method} ${path}`, status: 404 })
  }

  private create(res: ServerResponse, model: string, body: any) {
    if (!this.models.includes(model)) return send(res, 404, { title: 'Not found', detail: `Model ${model} not found`, status: 404 })
    const input = body?.input
    if (!input || typeof input.prompt !== 'string' || input.prompt.length === 0) {
      return send(res, 422, { title: 'Input validation failed', detail: '- input: prompt is required', status: 422 })
    }
    if (input.aspect_ratio !== undefined && !['16:9', '9:16'].includes(input.aspect_ratio)) {
      return send(res, 422, { title: 'Input validation failed', detail: `- input.aspect_ratio: must be one of 16:9, 9:16`, status: 422 })
    }
    const id = randomBytes(13).toString('hex').slice(0, 26)
    const prediction: FakePrediction = { id, model, input, status: 'starting', polls: 0, createdAt: new Date().toISOString() }
    this.predictions.set(id, prediction)
    return send(res, 201, this.view(prediction))
  }

  /** Each poll moves a prediction along: starting → processing (n polls) → succeeded or failed. */
  private advance(p: FakePrediction) {
    if (p.status === 'succeeded' || p.status === 'failed' || p.status === 'canceled') return
    p.polls++
    if (p.status === 'starting') {
      p.status = 'processing'
      p.startedAt = new Date().toISOString()
    } else if (p.polls > this.processingPolls) {
      // A prompt asking for it fails the way a model does: a content-policy refusal.
      p.status = /\bfail\b/i.test(p.input.prompt) ? 'failed' : 'succeeded'
    }
  }

  private view(p: FakePrediction) {
    const steps = Math.min(p.polls, this.processingPolls)
    const logs =
      p.status === 'starting' ? '' : Array.from({ length: steps }, (_, i) => `${Math.round(((i + 1) / (this.processingPolls + 1)) * 100)}%|███  | ${i + 1}/${this.processingPolls + 1}`).join('\n')
    return {
      id: p.id,
      model: p.model,
      version: 'hidden',
      input: p.input,
      logs,
      output: p.status === 'succeeded' ? `${this.url}/files/${p.id}.mp4` : null,
      error: p.status === 'failed' ? 'The input or output was flagged as sensitive (E005)' : null,
      status: p.status,
      created_at: p.createdAt,
      started_at: p.startedAt ?? null,
      completed_at: p.status === 'succeeded' || p.status === 'failed' ? new Date().toISOString() : null,
      urls: { get: `${this.url}/v1/predictions/${p.id}`, cancel: `${this.url}/v1/predictions/${p.id}/cancel` },
    }
  }
}

interface FakePrediction {
  id: string
  model: string
  input: any
  status: 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled'
  polls: number
  createdAt: string
  startedAt?: string
}

/** Replicate answers errors as problem+json. */
function send(res: ServerResponse, status: number, body: unknown) {
  sendJson(res, status, body, status >= 400 ? 'application/problem+json' : 'application/json')
}
