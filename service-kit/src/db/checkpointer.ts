import { Worker } from 'node:worker_threads'

/** What the checkpointing thread has done, for tests and status. */
export interface CheckpointStats {
  runs: number
  /** Checkpoints that held the writer back to start the log over (see checkpoint-worker.mjs). */
  restarts: number
  failures: number
  framesCopied: number
}

/**
 * Checkpoints a SQLite file's write-ahead log on a thread of its own. SQLite otherwise checkpoints
 * inside whichever commit pushes the log past its limit, on the committing thread: for a service
 * that is one thread serving requests and ingesting the firehose, and a checkpoint writes every
 * changed page back and fsyncs (measured: two thirds of all commit time while catching up, see
 * bench/ingest.ts). Here a second connection runs PASSIVE checkpoints every `intervalMs`; the
 * writer keeps a much higher automatic checkpoint limit only as a bound on the log's size should
 * this thread fall behind. Past `restartBytes` of log, the thread holds the writer back for the
 * little a passive checkpoint left, so that the log starts over (a busy writer never lets it).
 */
export class WalCheckpointer {
  private readonly worker: Worker
  private closing?: Promise<CheckpointStats>

  constructor(path: string, opts: { intervalMs?: number; restartBytes?: number } = {}) {
    const workerData = { path, intervalMs: opts.intervalMs ?? 500, restartBytes: opts.restartBytes ?? 16 * 1024 * 1024 }
    // It allocates next to nothing: a small young generation keeps its share of the process's memory small.
    this.worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData, resourceLimits: { maxYoungGenerationSizeMb: 4 } })
    this.worker.unref()
    // A checkpointer that dies costs speed, not data: the writer's own limit still checkpoints.
    this.worker.on('error', () => undefined)
  }

  /** Asks the thread what it has done. */
  stats(): Promise<CheckpointStats> {
    return new Promise((resolve, reject) => {
      const onMessage = (msg: { stats?: CheckpointStats }) => {
        if (!msg.stats) return
        settle()
        resolve(msg.stats)
      }
      const onExit = () => {
        settle()
        reject(new Error('the checkpoint thread has stopped'))
      }
      const settle = () => {
        this.worker.off('message', onMessage)
        this.worker.off('exit', onExit)
      }
      this.worker.on('message', onMessage)
      this.worker.on('exit', onExit)
      this.worker.postMessage('stats')
    })
  }

  /** Runs a last checkpoint and stops the thread; safe to call twice. */
  close(): Promise<CheckpointStats> {
    this.closing ??= new Promise<CheckpointStats>((resolve) => {
      const done = (stats: CheckpointStats) => {
        void this.worker.terminate()
        resolve(stats)
      }
      this.worker.on('message', (msg: { closed?: boolean; stats: CheckpointStats }) => msg.closed && done(msg.stats))
      this.worker.once('exit', () => resolve({ runs: 0, restarts: 0, failures: 0, framesCopied: 0 }))
      this.worker.postMessage('close')
    })
    return this.closing
  }
}
