import type { Worker } from 'node:worker_threads'
import { startTypeScriptWorker } from '../plain-worker'
import { RepoVerificationError, type RepoVerificationReason } from '../repo/errors'
import { KeyCache } from '../repo/keys'
import { verifyCommitOnly, verifyCommitOps, type OpClaim } from '../repo/verify'

/** One commit to verify: the ops we keep from a #commit, or the bare signed commit of a #sync. */
export type VerifyJob =
  | { kind: 'commit'; car: Uint8Array; did: string; commitCid: Uint8Array; claims: OpClaim[]; didKey: string }
  | { kind: 'sync'; car: Uint8Array; did: string; didKey: string }

/** A verdict; `reason` is a RepoVerificationReason, or why the repo's key could not be found. */
export type VerifyResult = { ok: true; rev: string } | { ok: false; reason: RepoVerificationReason | string; message: string }

/** Verifies commits, on this thread or elsewhere; results come back in the order of the jobs. */
export interface CommitVerifier {
  verifyMany(jobs: VerifyJob[]): Promise<VerifyResult[]>
  /** Resolves once it can verify without first loading code, or after `timeoutMs` (whichever is first). */
  ready(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

/** Runs one job (shared by the inline verifier and the worker). */
export function runVerifyJob(job: VerifyJob, keys: KeyCache): VerifyResult {
  try {
    const commit =
      job.kind === 'commit'
        ? verifyCommitOps(job.car, { did: job.did, commitCid: job.commitCid, claims: job.claims, didKey: job.didKey, keys })
        : verifyCommitOnly(job.car, { did: job.did, didKey: job.didKey, keys })
    return { ok: true, rev: commit.rev }
  } catch (err) {
    if (err instanceof RepoVerificationError) return { ok: false, reason: err.reason, message: err.message }
    return { ok: false, reason: 'BadCommit', message: (err as Error).message }
  }
}

/** Verifies on the calling thread. */
export class InlineVerifier implements CommitVerifier {
  private readonly keys = new KeyCache()

  async verifyMany(jobs: VerifyJob[]): Promise<VerifyResult[]> {
    return jobs.map((job) => runVerifyJob(job, this.keys))
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {}
}

/** A verification worker's young generation (V8's default for a worker of this machine: 48 MB). */
const YOUNG_GENERATION_MB = 12

interface Pending {
  resolve: (results: VerifyResult[]) => void
  reject: (err: Error) => void
}

/**
 * Verifies on worker threads: signature checks are the one CPU-heavy step of ingestion (about half
 * a millisecond each for secp256k1 on OpenSSL here), and the rest of the pipeline runs on the main
 * thread. Jobs of a batch are split into one message per worker. A worker that dies fails its
 * pending batches (the pipeline retries them) and is replaced.
 */
export class WorkerVerifier implements CommitVerifier {
  private readonly workers: { worker: Worker; pending: Map<number, Pending>; load: number; loaded: Promise<void> }[] = []
  private nextId = 0
  private closed = false

  constructor(private readonly size: number) {
    for (let i = 0; i < size; i++) this.workers.push(this.spawn())
  }

  private spawn() {
    // Its garbage is short-lived (decoded CARs): a young generation a quarter of V8's default
    // collects it as well, and spares the process's peak memory some 30 MB per worker.
    const worker = startTypeScriptWorker(new URL('./verify-worker-body.ts', import.meta.url), new URL('./verify-worker.mjs', import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    })
    let loaded!: () => void
    const slot = { worker, pending: new Map<number, Pending>(), load: 0, loaded: new Promise<void>((resolve) => (loaded = resolve)) }
    worker.unref()
    worker.on('message', (msg: { id: number; results: VerifyResult[] } | { ready: true }) => {
      if ('ready' in msg) return loaded()
      const p = slot.pending.get(msg.id)
      slot.pending.delete(msg.id)
      slot.load = Math.max(0, slot.load - msg.results.length)
      p?.resolve(msg.results)
    })
    const fail = (err: Error) => {
      loaded() // not loading any more: whoever waits for it goes on (its replacement loads anew)
      for (const p of slot.pending.values()) p.reject(err)
      slot.pending.clear()
      slot.load = 0
      if (this.closed) return
      const index = this.workers.indexOf(slot)
      if (index >= 0) this.workers[index] = this.spawn()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`verification worker exited (${code})`)))
    return slot
  }

  async verifyMany(jobs: VerifyJob[]): Promise<VerifyResult[]> {
    if (jobs.length === 0) return []
    // Hand each worker a contiguous slice, least loaded first, so slices come back in order.
    const slots = [...this.workers].sort((a, b) => a.load - b.load)
    const per = Math.ceil(jobs.length / slots.length)
    const parts = slots.map((slot, i) => ({ slot, jobs: jobs.slice(i * per, (i + 1) * per) })).filter((p) => p.jobs.length > 0)
    const results = await Promise.all(
      parts.map(
        ({ slot, jobs: part }) =>
          new Promise<VerifyResult[]>((resolve, reject) => {
            const id = this.nextId++
            slot.pending.set(id, { resolve, reject })
            slot.load += part.length
            const packed = packJobs(part)
            slot.worker.postMessage({ id, jobs: packed.jobs, bytes: packed.bytes }, [packed.bytes])
          }),
      ),
    )
    return results.flat()
  }

  /**
   * Waits for the workers to have loaded their code (a fifth of a second from the bundled body;
   * seconds when it falls back to tsx, more on a busy machine): a stream read before then only
   * queues up behind the first batch. At most `timeoutMs`, though: on an overloaded machine the
   * stream's events that need no verification (most of them) may as well be applied meanwhile, as
   * they were before.
   */
  async ready(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref()))
    await Promise.race([Promise.all(this.workers.map((w) => w.loaded)), timeout])
    clearTimeout(timer)
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.all(this.workers.map((w) => w.worker.terminate()))
  }
}

/** Where a job's bytes are in a batch's one buffer: [offset, length]. */
type Span = [number, number]

/** A job as posted to a worker: its byte arrays as spans of one buffer sent with it. */
export type PackedJob =
  | { kind: 'commit'; car: Span; did: string; commitCid: Span; claims: { path: string; cid: Span | null }[]; didKey: string }
  | { kind: 'sync'; car: Span; did: string; didKey: string }

/**
 * The jobs of one message, their bytes copied once into one buffer that is transferred, not cloned.
 * A commit's CAR and CIDs are views into the websocket's receive buffer: posted as they are, each
 * would copy the whole buffer behind it (often a 64 KB socket chunk, for a CAR of a few KB), and
 * even as owned copies each is cloned again on the way, one by one.
 */
export function packJobs(jobs: VerifyJob[]): { jobs: PackedJob[]; bytes: ArrayBuffer } {
  let total = 0
  for (const job of jobs) {
    total += job.car.byteLength
    if (job.kind === 'commit') {
      total += job.commitCid.byteLength
      for (const c of job.claims) total += c.cid?.byteLength ?? 0
    }
  }
  const bytes = new Uint8Array(total)
  let at = 0
  const put = (b: Uint8Array): Span => {
    bytes.set(b, at)
    at += b.byteLength
    return [at - b.byteLength, b.byteLength]
  }
  const packed = jobs.map((job): PackedJob => {
    if (job.kind === 'sync') return { kind: 'sync', car: put(job.car), did: job.did, didKey: job.didKey }
    return { ...job, car: put(job.car), commitCid: put(job.commitCid), claims: job.claims.map((c) => ({ path: c.path, cid: c.cid && put(c.cid) })) }
  })
  return { jobs: packed, bytes: bytes.buffer }
}

/** The jobs of a message, as views of the buffer that came with it. */
export function unpackJobs(jobs: PackedJob[], buffer: ArrayBuffer): VerifyJob[] {
  const view = ([offset, length]: Span) => new Uint8Array(buffer, offset, length)
  return jobs.map((job): VerifyJob => {
    if (job.kind === 'sync') return { ...job, car: view(job.car) }
    return { ...job, car: view(job.car), commitCid: view(job.commitCid), claims: job.claims.map((c) => ({ path: c.path, cid: c.cid && view(c.cid) })) }
  })
}

/** Verifying inline or on `workers` threads (0: inline). */
export function createVerifier(workers: number): CommitVerifier {
  return workers > 0 ? new WorkerVerifier(workers) : new InlineVerifier()
}
