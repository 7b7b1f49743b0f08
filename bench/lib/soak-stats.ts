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
 * Growth after warm-up for each process: the median of the samples in [warmup, warmup + window)
 * against the median of the samples in the last `window` of the run (each at least one sample),
 * so that one sample caught just before or after a garbage collection does not decide it.
 */
export function growthAfterWarmup(samples: RssSample[], names: string[], runS: number, warmupFraction = 0.2, windowFraction = 0.1): Growth[] {
  const warm = samples.filter((s) => s.atS >= runS * warmupFraction)
  const window = runS * windowFraction
  const first = warm.filter((s) => s.atS < runS * warmupFraction + window)
  const last = warm.filter((s) => s.atS >= runS - window)
  const pick = (xs: RssSample[], fallback: RssSample | undefined) => (xs.length > 0 ? xs : fallback ? [fallback] : [])
  const firstWindow = pick(first, warm[0])
  const lastWindow = pick(last, warm.at(-1))
  return names.map((name) => {
    const median = (xs: RssSample[]) => percentile(xs.map((s) => s.mib[name] ?? NaN).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b), 50)
    const baselineMiB = median(firstWindow)
    const endMiB = median(lastWindow)
    return { name, baselineMiB, endMiB, growth: baselineMiB > 0 ? endMiB / baselineMiB - 1 : NaN }
  })
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
