import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { readJson, sendJson } from './http'
import { renderTestVideo } from './video'

type Workflow = Record<string, { class_type: string; inputs: Record<string, unknown> }>

/**
 * A local stand-in for a ComfyUI server, speaking its HTTP API and websocket as a real one does:
 * `POST /prompt` ({ prompt, client_id } → { prompt_id, number, node_errors }, or 400 with
 * `error` and `node_errors` for a node type it lacks), `GET /queue`, `GET /history/{id}` ({} until
 * done), `GET /view?filename=…`, `POST /queue` { delete }, `POST /interrupt`, and `/ws?clientId=`
 * messages: execution_start, executing { node }, progress { value, max }, executing { node: null },
 * execution_success / execution_error. Prompts run one at a time, a step per tick.
 */
export class FakeComfyUI {
  /** Workflows received, as ComfyUI got them (after our placeholders were filled). */
  readonly received: Workflow[] = []
  /** Node types this "installation" has (a workflow naming another is refused, as ComfyUI does). */
  nodeTypes = new Set(['UNETLoader', 'CLIPLoader', 'VAELoader', 'CLIPTextEncode', 'EmptyHunyuanLatentVideo', 'KSampler', 'VAEDecode', 'VHS_VideoCombine'])
  /** Sampler steps each prompt reports over the websocket. */
  steps = 4
  /** Milliseconds per sampler step. */
  tickMs: number
  private readonly queue: { id: string; number: number; workflow: Workflow; clientId: string }[] = []
  private readonly history = new Map<string, unknown>()
  private running?: string
  private counter = 0
  private readonly sockets = new Map<string, Set<WebSocket>>()
  private readonly interrupted = new Set<string>()

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly url: string,
    private readonly video: Buffer,
    opts: { tickMs: number },
  ) {
    this.tickMs = opts.tickMs
  }

  /** tickMs: how long each sampler step takes (slow enough for a poller to watch, or quick). */
  static async start(opts: { tickMs: number } = { tickMs: 60 }): Promise<FakeComfyUI> {
    const video = await renderTestVideo()
    let fake: FakeComfyUI | undefined
    const server = createServer((req, res) => void fake!.handle(req, res))
    const wss = new WebSocketServer({ server, path: '/ws' })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    fake = new FakeComfyUI(server, wss, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, video, opts)
    wss.on('connection', (ws, req) => {
      const clientId = new URL(req.url ?? '/', fake!.url).searchParams.get('clientId') ?? ''
      const set = fake!.sockets.get(clientId) ?? new Set()
      set.add(ws)
      fake!.sockets.set(clientId, set)
      ws.send(JSON.stringify({ type: 'status', data: { status: { exec_info: { queue_remaining: fake!.queue.length } }, sid: clientId } }))
      ws.on('close', () => set.delete(ws))
    })
    return fake
  }

  /** Forgets every prompt and its history, as a restarted ComfyUI would. */
  restart(): void {
    this.queue.length = 0
    this.history.clear()
    this.running = undefined
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate()
    this.wss.close()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', this.url)
    const body = req.method === 'POST' ? await readJson(req) : undefined
    if (req.method === 'POST' && url.pathname === '/prompt') return this.enqueue(res, body)
    if (req.method === 'GET' && url.pathname === '/queue') {
      const item = (q: (typeof this.queue)[number]) => [q.number, q.id, q.workflow, { client_id: q.clientId }, []]
      return sendJson(res, 200, {
        queue_running: this.queue.filter((q) => q.id === this.running).map(item),
        queue_pending: this.queue.filter((q) => q.id !== this.running).map(item),
      })
    }
    if (req.method === 'POST' && url.pathname === '/queue') {
      const del = new Set<string>((body as { delete?: string[] })?.delete ?? [])
      for (let i = this.queue.length - 1; i >= 0; i--) if (del.has(this.queue[i]!.id) && this.queue[i]!.id !== this.running) this.queue.splice(i, 1)
      return sendJson(res, 200, {})
    }
    if (req.method === 'POST' && url.pathname === '/interrupt') {
      if (this.running) this.interrupted.add(this.running)
      return sendJson(res, 200, {})
    }
    const h = url.pathname.match(/^\/history\/([^/]+)$/)
    if (req.method === 'GET' && h) {
      const id = decodeURIComponent(h[1]!)
      return sendJson(res, 200, this.history.has(id) ? { [id]: this.history.get(id) } : {})
    }
    if (req.method === 'GET' && url.pathname === '/view') {
      if (!/^framewright_\d{5}_\.mp4$/.test(url.searchParams.get('filename') ?? '') || url.searchParams.get('type') !== 'output') {
        return sendJson(res, 404, {})
      }
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': this.video.length })
      return res.end(this.video)
    }
    return sendJson(res, 404, {})
  }

  private enqueue(res: ServerResponse, body: unknown) {
    const { prompt, client_id } = (body ?? {}) as { prompt?: Workflow; client_id?: string }
    if (!prompt || typeof prompt !== 'object') {
      return sendJson(res, 400, { error: { type: 'invalid_prompt', message: 'Invalid prompt', details: 'no prompt', extra_info: {} }, node_errors: {} })
    }
    const missing = Object.entries(prompt).find(([, n]) => !this.nodeTypes.has(n.class_type))
    if (missing) {
      return sendJson(res, 400, {
        error: { type: 'invalid_prompt', message: `Cannot execute because node ${missing[1].class_type} does not exist.`, details: `Node ID '#${missing[0]}'`, extra_info: {} },
        node_errors: {},
      })
    }
    this.received.push(prompt)
    const id = randomUUID()
    this.queue.push({ id, number: this.counter++, workflow: prompt, clientId: client_id ?? '' })
    sendJson(res, 200, { prompt_id: id, number: this.counter - 1, node_errors: {} })
    if (!this.running) void this.runNext()
  }

  /** Runs queued prompts one at a time, reporting to the client that queued each one. */
  private async runNext(): Promise<void> {
    const job = this.queue[0]
    if (!job) return
    this.running = job.id
    const say = (type: string, data: Record<string, unknown>) => {
      for (const ws of this.sockets.get(job.clientId) ?? []) ws.send(JSON.stringify({ type, data: { ...data, prompt_id: job.id } }))
    }
    say('execution_start', { timestamp: Date.now() })
    let error: { node: string; type: string; message: string } | undefined
    for (const [nodeId, node] of Object.entries(job.workflow)) {
      if (this.interrupted.has(job.id)) break
      say('executing', { node: nodeId, display_node: nodeId })
      if (node.class_type === 'KSampler') {
        if (typeof node.inputs.seed !== 'number') error = { node: nodeId, type: 'KSampler', message: `seed must be an integer, got ${JSON.stringify(node.inputs.seed)}` }
        for (let step = 1; step <= this.steps && !error; step++) {
          await sleep(this.tickMs)
          say('progress', { value: step, max: this.steps, node: nodeId })
        }
      }
      const text = node.inputs.text
      if (typeof text === 'string' && /\bOOM\b/.test(text)) error = { node: nodeId, type: node.class_type, message: 'Allocation on device 0 would exceed allowed memory. (out of memory)' }
      if (error) break
    }
    const messages: [string, Record<string, unknown>][] = [['execution_start', { prompt_id: job.id }]]
    const outputs: Record<string, unknown> = {}
    if (this.interrupted.has(job.id)) {
      messages.push(['execution_interrupted', { prompt_id: job.id }])
    } else if (error) {
      messages.push(['execution_error', { prompt_id: job.id, node_id: error.node, node_type: error.type, exception_message: error.message, exception_type: 'RuntimeError' }])
      say('execution_error', { node_id: error.node, node_type: error.type, exception_message: error.message })
    } else {
      const out = Object.entries(job.workflow).find(([, n]) => n.class_type === 'VHS_VideoCombine')
      if (out) outputs[out[0]] = { gifs: [{ filename: `framewright_${String(job.number + 1).padStart(5, '0')}_.mp4`, subfolder: '', type: 'output', format: 'video/h264-mp4', frame_rate: out[1].inputs.frame_rate }] }
      messages.push(['execution_success', { prompt_id: job.id }])
      say('executing', { node: null })
      say('execution_success', {})
    }
    const failed = Boolean(error) || this.interrupted.has(job.id)
    this.history.set(job.id, { prompt: [job.number, job.id, job.workflow, {}, []], outputs, status: { status_str: failed ? 'error' : 'success', completed: !failed, messages } })
    this.queue.shift()
    this.running = undefined
    void this.runNext()
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
