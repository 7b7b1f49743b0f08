/**
 * A closed-loop HTTP load generator, run as its own process so that it does not share a thread with
 * the server it measures: `connections` keep-alive connections each send the next request as soon
 * as the last answered, for `seconds`, going round the given requests and alternating between the
 * given servers (as a reverse proxy in front of replicas would). Prints one JSON line: requests,
 * non-2xx answers, errors, req/s, and latency p50/p90/p99/max in ms.
 *
 *   tsx bench/lib/http-load.ts <spec.json>
 *   spec: { targets: string[], requests: { path: string, headers?: Record<string,string> }[],
 *           connections: number, seconds: number, warmupSeconds?: number }
 */
import http from 'node:http'
import { readFileSync } from 'node:fs'

export interface LoadSpec {
  targets: string[]
  requests: { path: string; headers?: Record<string, string> }[]
  connections: number
  seconds: number
  warmupSeconds?: number
}

export interface LoadResult {
  /** Answers in the measured window. */
  requests: number
  /** Answers in all, the warm-up's included. */
  sent: number
  /** CPU time this load generator used, in seconds (it shares the machine with the servers). */
  loadCpuSeconds: number
  non2xx: number
  errors: number
  rps: number
  p50: number
  p90: number
  p99: number
  max: number
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const agents = spec.targets.map(() => new http.Agent({ keepAlive: true, maxSockets: spec.connections }))
  let next = 0
  const send = () =>
    new Promise<number>((resolve, reject) => {
      const i = next++
      const t = i % spec.targets.length
      const request = spec.requests[i % spec.requests.length]!
      const req = http.get(new URL(request.path, spec.targets[t]), { agent: agents[t], headers: request.headers }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', reject)
      })
      req.on('error', reject)
    })
  const latencies: number[] = []
  let non2xx = 0
  let sent = 0
  const cpuBefore = process.cpuUsage()
  let errors = 0
  let measuring = false
  const warmupEnd = Date.now() + (spec.warmupSeconds ?? 2) * 1000
  const end = warmupEnd + spec.seconds * 1000
  const loop = async () => {
    while (Date.now() < end) {
      const start = process.hrtime.bigint()
      try {
        const status = await send()
        if (measuring && (status < 200 || status >= 300)) non2xx++
      } catch {
        if (measuring) errors++
      }
      sent++
      if (measuring) latencies.push(Number(process.hrtime.bigint() - start) / 1e6)
      else if (Date.now() >= warmupEnd) measuring = true
    }
  }
  const started = new Promise<number>((resolve) => setTimeout(() => resolve(Date.now()), Math.max(0, warmupEnd - Date.now())))
  await Promise.all(Array.from({ length: spec.connections }, loop))
  const seconds = (Date.now() - (await started)) / 1000
  for (const agent of agents) agent.destroy()
  latencies.sort((a, b) => a - b)
  const pct = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(2))
  const cpu = process.cpuUsage(cpuBefore)
  return { requests: latencies.length, sent, loadCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)), non2xx, errors, rps: Math.round(latencies.length / seconds), p50: pct(50), p90: pct(90), p99: pct(99), max: pct(100) }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec
  console.log(JSON.stringify(await run(spec)))
}
