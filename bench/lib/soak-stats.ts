/**
 * What the soak benchmark (bench/soak.ts) measures and prints: latency, requests and errors per
 * method, and the resident memory of each service process sampled over the run, with the verdict
 * on its growth after warm-up.
 */
import { readFileSync } from 'node:fs'

/** Latencies and outcomes of one method (or one step a user takes, such as a whole publish). */
interface MethodStats {
  latencies: number[]
  requests: number
  errors: number
  /** Of the errors, answers 429 (a rate limit). */
  limited: number
  /** The first few error messages, to say what went wrong. */
  samples: string[]
}

/** Collects what every request of the run answered, per method. */
export class MethodRecorder {
  private readonly methods = new Map<string, MethodStats>()

  /** Times `call` under `method`: an answer it returns with status >= 400, or a throw, is an error. */
  async timed<T>(method: string, call: () => Promise<T>): Promise<T> {
    const start = performance.now()
    try {
      const result = await call()
      const status = result && typeof result === 'object' && 'status' in result && typeof result.status === 'number' ? result.status : undefined
      const failed = status !== undefined && status >= 400
      this.record(method, performance.now() - start, failed ? `HTTP ${status} ${errorName(result)}` : undefined, status === 429)
      return result
    } catch (err) {
      this.record(method, performance.now() - start, errorText(err), /\b429\b|RateLimitExceeded/.test(errorText(err)))
      throw err
    }
  }

  /** Records one outcome: `error` says what went wrong (absent: it succeeded). */
  record(method: string, ms: number, error?: string, limited = false): void {
    let stats = this.methods.get(method)
    if (!stats) this.methods.set(method, (stats = { latencies: [], requests: 0, errors: 0, limited: 0, samples: [] }))
    stats.requests++
    stats.latencies.push(ms)
    if (error === undefined) return
    stats.errors++
    if (limited) stats.limited++
    if (stats.samples.length < 3 && !stats.samples.includes(error)) stats.samples.push(error)
  }

  /** A markdown table: requests, errors (429s among them), p50, p99 and max per method. */
  table(): string {
    const rows = ['| method | requests | errors | of which 429 | p50 ms | p99 ms | max ms |', '| --- | --- | --- | --- | --- | --- | --- |']
    for (const [method, s] of [...this.methods].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...s.latencies].sort((a, b) => a - b)
      rows.push(`| ${method} | ${s.requests} | ${s.errors} | ${s.limited} | ${fmt(percentile(sorted, 50))} | ${fmt(percentile(sorted, 99))} | ${fmt(sorted.at(-1) ?? 0)} |`)
    }
    return rows.join('\n')
  }

  /** The first error messages of each method that had errors. */
  errorSamples(): string[] {
    return [...this.methods].filter(([, s]) => s.samples.length > 0).map(([m, s]) => `${m}: ${s.samples.join(' | ')}`)
  }

  get totalErrors(): number {
    return [...this.methods.values()].reduce((n, s) => n + s.errors, 0)
  }
}

/** Nearest-rank percentile of an ascending array (0 when empty). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)
}

/** The XRPC error name of an answer's body, when it has one. */
function errorName(result: unknown): string {
  const body = result && typeof result === 'object' && 'body' in result ? (result.body as { error?: unknown; message?: unknown } | undefined) : undefined
  return body && typeof body === 'object' ? `${String(body.error ?? '')} ${String(body.message ?? '').slice(0, 120)}`.trim() : ''
}

function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'status' in err && 'error' in err) return `HTTP ${String(err.status)} ${String(err.error)}`
  return (err instanceof Error ? err.message : String(err)).slice(0, 200)
}

/** Resident set size of a process in MiB, from /proc (Linux); undefined once it has gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))
    return line ? Number(line.split(/\s+/)[1]) / 1024 : undefined
  } catch {
    return undefined
  }
}

/** One RSS sample of every watched process, `atS` seconds into the run. */
export interface RssSample {
  atS: number
  mib: Record<string, number | undefined>
}

/** Memory growth of one process: the median of its samples just after warm-up against the median of its last samples. */
export interface Growth {
  name: string
  baselineMiB: number
  endMiB: number
  growth: number
}

/**
 * Growth of each process over the measured part of a run (from `fromS`, the end of warm-up, to
 * `toS`): the median RSS of the samples in the first `windowS` seconds against that of the last
 * `windowS`. Medians over a window, not single samples: a garbage-collected heap's resident size
 * swings by tens of MiB between collections.
 */
export function growthAfterWarmup(samples: RssSample[], names: string[], fromS: number, toS: number, windowS: number): Growth[] {
  const measured = samples.filter((s) => s.atS >= fromS)
  const first = measured.filter((s) => s.atS < fromS + windowS)
  const last = measured.filter((s) => s.atS >= toS - windowS)
  const pick = (xs: RssSample[], fallback: RssSample | undefined) => (xs.length > 0 ? xs : fallback ? [fallback] : [])
  const firstWindow = pick(first, measured[0])
  const lastWindow = pick(last, measured.at(-1))
  return names.map((name) => {
    const median = (xs: RssSample[]) => percentile(xs.map((s) => s.mib[name] ?? NaN).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b), 50)
    const baselineMiB = median(firstWindow)
    const endMiB = median(lastWindow)
    return { name, baselineMiB, endMiB, growth: baselineMiB > 0 ? endMiB / baselineMiB - 1 : NaN }
  })
}

/** Resident memory of a process by kind, in MiB, from /proc/<pid>/smaps. */
export interface MemoryKinds {
  /** glibc's per-thread malloc arenas (anonymous mappings at 64 MiB boundaries): native memory of threads other than the main one. */
  arenas: number
  /** The main thread's malloc heap ([heap]). */
  mainHeap: number
  /** Other anonymous mappings: the JavaScript heaps (main thread and workers), JIT code, large allocations. */
  otherAnonymous: number
  /** Mapped files: node itself, shared libraries, native addons. */
  files: number
}

const ARENA_ALIGNMENT = 64 * 2 ** 20

/** What a process's resident memory is made of (undefined: it is gone). */
export function memoryKinds(pid: number): MemoryKinds | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8')
  } catch {
    return undefined
  }
  const kb = { arenas: 0, mainHeap: 0, otherAnonymous: 0, files: 0 }
  let kind: keyof typeof kb | undefined
  for (const line of text.split('\n')) {
    const mapping = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line)
    if (mapping) {
      const name = mapping[2]!.trim()
      if (name === '[heap]') kind = 'mainHeap'
      else if (name === '') kind = Number(BigInt(`0x${mapping[1]}`) % BigInt(ARENA_ALIGNMENT)) === 0 ? 'arenas' : 'otherAnonymous'
      else if (name.startsWith('[')) kind = undefined
      else kind = 'files'
    } else if (kind && line.startsWith('Rss:')) {
      kb[kind] += Number(line.split(/\s+/)[1])
    }
  }
  return { arenas: kb.arenas / 1024, mainHeap: kb.mainHeap / 1024, otherAnonymous: kb.otherAnonymous / 1024, files: kb.files / 1024 }
}

/** The resident memory of each process by kind at a few moments of the run (e.g. the end of warm-up and the end). */
export function memoryKindsTable(moments: { label: string; kinds: Record<string, MemoryKinds | undefined> }[]): string {
  const rows = ['| process | moment | malloc arenas (other threads) | main malloc heap | other anonymous (JS heaps, JIT code, large buffers) | files |', '| --- | --- | --- | --- | --- | --- |']
  const names = [...new Set(moments.flatMap((m) => Object.keys(m.kinds)))]
  for (const name of names) {
    for (const m of moments) {
      const k = m.kinds[name]
      if (k) rows.push(`| ${name} | ${m.label} | ${k.arenas.toFixed(1)} | ${k.mainHeap.toFixed(1)} | ${k.otherAnonymous.toFixed(1)} | ${k.files.toFixed(1)} |`)
    }
  }
  return rows.join('\n')
}

/** RSS over time: one row per sample, one column per process, in MiB. */
export function rssTable(samples: RssSample[], names: string[]): string {
  const rows = [`| t (s) | ${names.join(' | ')} |`, `| --- | ${names.map(() => '---').join(' | ')} |`]
  for (const s of samples) rows.push(`| ${s.atS.toFixed(0)} | ${names.map((n) => (s.mib[n] === undefined ? '–' : s.mib[n]!.toFixed(1))).join(' | ')} |`)
  return rows.join('\n')
}

const BARS = '▁▂▃▄▅▆▇█'

/** A sparkline of each process's RSS, scaled between its own minimum and maximum. */
export function rssSparklines(samples: RssSample[], names: string[]): string {
  const width = Math.max(...names.map((n) => n.length))
  return names
    .map((name) => {
      const values = samples.map((s) => s.mib[name]).filter((v): v is number => v !== undefined)
      if (values.length === 0) return `${name.padEnd(width)}  (no samples)`
      const min = Math.min(...values)
      const max = Math.max(...values)
      const line = values.map((v) => BARS[max === min ? 0 : Math.round(((v - min) / (max - min)) * (BARS.length - 1))]).join('')
      return `${name.padEnd(width)}  ${line}  ${min.toFixed(0)}–${max.toFixed(0)} MiB`
    })
    .join('\n')
}
