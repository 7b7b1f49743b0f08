import WebSocket from 'ws'
import { backoffMs, withRetry, type Logger } from '@framewright/service-kit'
import { ProviderRejectedError } from '../../provider'
import { downloadOutput, TransientError } from '../fetch-output'
import type { ApiWorkflow } from './workflow'

/** ComfyUI could not be reached (network, 5xx) after retries. */
export class ComfyUnavailableError extends Error {
  override name = 'ComfyUnavailableError'
}

/** One file a node wrote, as /history reports it and /view serves it. */
export interface ComfyFile {
  filename: string
  subfolder?: string
  type?: string
  format?: string
}

/** A finished (or failed) prompt in /history/{id}. */
export interface HistoryEntry {
  outputs?: Record<string, Record<string, unknown>>
  status?: { status_str?: string; completed?: boolean; messages?: [string, Record<string, unknown>][] }
}

/** Live progress of one prompt, from the websocket. */
export interface LiveProgress {
  nodesStarted: Set<string>
  value: number
  max: number
}

/**
 * ComfyUI's HTTP API (POST /prompt, GET /history/{id}, GET /queue, GET /view, POST /interrupt)
 * and its websocket (/ws?clientId=…), which alone reports progress inside a node. The websocket is
 * best effort: it reconnects with backoff, and without it jobs still finish, only with coarser
 * progress.
 */
export class ComfyClient {
  readonly clientId = crypto.randomUUID()
  private ws?: WebSocket
  private closed = false
  private reconnects = 0
  private readonly live = new Map<string, LiveProgress>()

  constructor(private readonly opts: { baseUrl: string; logger: Logger; maxDownloadBytes: number }) {}

  /** Queues a workflow; resolves with ComfyUI's prompt id. A workflow ComfyUI refuses is a ProviderRejectedError. */
  async queuePrompt(workflow: ApiWorkflow): Promise<string> {
    this.connect()
    const res = await this.request('POST', '/prompt', { prompt: workflow, client_id: this.clientId })
    const body = res.body as { prompt_id?: unknown; error?: { message?: string; details?: string }; node_errors?: Record<string, { errors?: { message?: string; details?: string }[]; class_type?: string }> }
    if (res.status === 200 && typeof body?.prompt_id === 'string') return body.prompt_id
    const nodeErrors = Object.entries(body?.node_errors ?? {})
      .flatMap(([id, e]) => (e.errors ?? []).map((x) => `node ${id} (${e.class_type ?? '?'}): ${x.message ?? ''}${x.details ? ` — ${x.details}` : ''}`))
      .slice(0, 5)
    const message = [body?.error?.message, ...nodeErrors].filter(Boolean).join('; ')
    throw new ProviderRejectedError(`ComfyUI refused the workflow (${res.status}): ${message || 'no reason given'}`)
  }

  /** The prompt's history entry, or undefined while it has none (queued, running, or unknown). */
  async history(promptId: string): Promise<HistoryEntry | undefined> {
    const res = await this.request('GET', `/history/${encodeURIComponent(promptId)}`)
    return (res.body as Record<string, HistoryEntry> | undefined)?.[promptId]
  }

  /** Where the prompt is in ComfyUI's queue. */
  async queuePosition(promptId: string): Promise<'running' | 'pending' | 'absent'> {
    const res = await this.request('GET', '/queue')
    const q = res.body as { queue_running?: unknown[][]; queue_pending?: unknown[][] }
    if (q.queue_running?.some((item) => item[1] === promptId)) return 'running'
    if (q.queue_pending?.some((item) => item[1] === promptId)) return 'pending'
    return 'absent'
  }

  /** Takes a prompt off the queue, or interrupts it if it is the one running. */
  async cancel(promptId: string): Promise<void> {
    const where = await this.queuePosition(promptId)
    if (where === 'pending') await this.request('POST', '/queue', { delete: [promptId] })
    if (where === 'running') await this.request('POST', '/interrupt', { prompt_id: promptId })
  }

  progress(promptId: string): LiveProgress | undefined {
    return this.live.get(promptId)
  }

  forget(promptId: string): void {
    this.live.delete(promptId)
  }

  /** Copies an output file to destPath through /view, refusing more than maxDownloadBytes. */
  download(file: ComfyFile, destPath: string): Promise<void> {
    const url = new URL('/view', this.opts.baseUrl)
    url.search = new URLSearchParams({ filename: file.filename, subfolder: file.subfolder ?? '', type: file.type ?? 'output' }).toString()
    return this.retrying(() => downloadOutput(url, destPath, { maxBytes: this.opts.maxDownloadBytes, gone: `ComfyUI could not serve ${file.filename}` }))
  }

  close(): void {
    this.closed = true
    this.ws?.close()
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    return this.retrying(async () => {
      const res = await fetch(new URL(path, this.opts.baseUrl), {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      }).catch((err) => {
        throw new TransientError(`ComfyUI unreachable at ${this.opts.baseUrl}: ${err instanceof Error ? err.message : String(err)}`)
      })
      if (res.status >= 500) throw new TransientError(`ComfyUI answered ${res.status} to ${method} ${path}`)
      const text = await res.text()
      try {
        return { status: res.status, body: text ? JSON.parse(text) : undefined }
      } catch {
        throw new ProviderRejectedError(`ComfyUI answered ${method} ${path} with something that is not JSON`)
      }
    })
  }

  private retrying<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, { attempts: 4, baseMs: 300, retryable: (err) => err instanceof TransientError }).catch((err) => {
      throw err instanceof TransientError ? new ComfyUnavailableError(err.message) : err
    })
  }

  /** Opens the progress websocket once; it reconnects by itself until close(). */
  private connect(): void {
    if (this.ws || this.closed) return
    const url = new URL(`/ws?clientId=${this.clientId}`, this.opts.baseUrl)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = new WebSocket(url)
    this.ws = ws
    ws.on('open', () => (this.reconnects = 0))
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.onMessage(data.toString())
    })
    ws.on('error', (err) => this.opts.logger.debug({ err }, 'ComfyUI websocket error'))
    ws.on('close', () => {
      this.ws = undefined
      if (this.closed) return
      setTimeout(() => this.connect(), backoffMs(this.reconnects++, 500, 30_000)).unref()
    })
  }

  private onMessage(text: string): void {
    let msg: { type?: string; data?: { prompt_id?: string; node?: string | null; value?: number; max?: number } }
    try {
      msg = JSON.parse(text)
    } catch {
      return
    }
    const id = msg.data?.prompt_id
    if (!id) return
    const entry = this.live.get(id) ?? { nodesStarted: new Set<string>(), value: 0, max: 0 }
    this.live.set(id, entry)
    if (msg.type === 'executing' && msg.data?.node) {
      entry.nodesStarted.add(msg.data.node)
      entry.value = 0
      entry.max = 0
    } else if (msg.type === 'progress' && typeof msg.data?.value === 'number' && typeof msg.data.max === 'number') {
      entry.value = msg.data.value
      entry.max = msg.data.max
    }
  }
}

/** The first video file a finished prompt wrote: VHS_VideoCombine reports it under `gifs`, core SaveVideo under `images`/`videos`. */
export function videoOutput(entry: HistoryEntry): ComfyFile | undefined {
  for (const output of Object.values(entry.outputs ?? {})) {
    for (const list of Object.values(output)) {
      if (!Array.isArray(list)) continue
      for (const f of list as ComfyFile[]) {
        if (typeof f?.filename === 'string' && (/\.(mp4|webm|mov)$/i.test(f.filename) || f.format?.startsWith('video/'))) return f
      }
    }
  }
  return undefined
}

/** Why a prompt failed, from its history messages. */
export function failureReason(entry: HistoryEntry): string {
  const error = entry.status?.messages?.find(([type]) => type === 'execution_error')?.[1] as
    | { node_type?: string; exception_message?: string }
    | undefined
  if (error) return `${error.node_type ?? 'a node'} failed: ${String(error.exception_message ?? '').trim().slice(0, 500)}`
  if (entry.status?.messages?.some(([type]) => type === 'execution_interrupted')) return 'the prompt was interrupted in ComfyUI'
  return 'ComfyUI reported an error'
}
