import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'
import { waitFor } from './network'

/**
 * Services as processes of their own (each one's src/bin.ts run as `npm start -w <service>` runs it, configured
 * through its environment only), for tests that kill them as a machine dying would: SIGKILL, no
 * shutdown hooks, nothing flushed.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** Where each process's output goes, kept after the run for whoever reads a failure (test-results is not committed). */
export const PROCESS_LOGS = join(ROOT, 'test-results', 'processes')

export type ServiceName = 'appview' | 'feed-generator' | 'labeler'

const children = new Set<ChildProcess>()
// Whatever a test leaves running dies with the file: a service left behind would hold its port.
afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
})

export interface ServiceProcess {
  service: ServiceName
  child: ChildProcess
  /** Its output (stdout and stderr), appended to across restarts of the same name. */
  log: string
  exited: Promise<void>
}

/**
 * Starts a service's bin.ts with `env` added to this process's environment (a test's own settings
 * win). Returns at once: see `serving` to wait until it answers.
 */
export function spawnService(service: ServiceName, name: string, env: Record<string, string | undefined>): ServiceProcess {
  mkdirSync(PROCESS_LOGS, { recursive: true })
  const log = join(PROCESS_LOGS, `${name}.log`)
  const fd = openSync(log, 'a')
  const child = spawn(process.execPath, [join(ROOT, 'service-kit', 'run.mjs'), join(ROOT, service, 'src', 'bin.ts')], {
    cwd: ROOT,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, FRAMEWRIGHT_LOG_LEVEL: 'warn', ...env },
  })
  closeSync(fd)
  children.add(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => (children.delete(child), resolve())))
  return { service, child, log, exited }
}

/** Whether the process is still running. */
export function alive(proc: { child: ChildProcess }): boolean {
  return proc.child.exitCode === null && proc.child.signalCode === null
}

/** Waits until the process answers `/xrpc/_health` at `url`; fails at once, with its last output, if it exits first. */
export async function serving(proc: ServiceProcess, url: string, timeoutMs = 120_000): Promise<void> {
  await waitFor(`${proc.service} to answer at ${url} (its log: ${proc.log})`, async () => {
    if (!alive(proc)) throw new Error(`${proc.service} exited (${proc.child.exitCode ?? proc.child.signalCode}): ${tail(proc.log)}`)
    return (await fetch(`${url}/xrpc/_health`)).ok
  }, timeoutMs)
}

/** The end of a process's log, for an error message. */
export function tail(log: string, chars = 4_000): string {
  try {
    return readFileSync(log, 'utf8').slice(-chars)
  } catch {
    return '(no log)'
  }
}

/** SIGKILLs a process (if it still runs) and waits until it is gone. */
export async function killed(proc: { child: ChildProcess; exited?: Promise<void> }): Promise<void> {
  if (!alive(proc)) return
  const exited = proc.exited ?? new Promise((resolve) => proc.child.once('exit', resolve))
  proc.child.kill('SIGKILL')
  await exited
}

/** SIGTERMs a process and waits until it has shut down. */
export async function stopped(proc: ServiceProcess): Promise<void> {
  if (!alive(proc)) return
  proc.child.kill('SIGTERM')
  await proc.exited
}

/**
 * A small seeded random number generator (mulberry32), so a run that fails can be run again with
 * the same choices: print the seed, and pass it back in through the environment.
 */
export function seededRandom(seed: number): { next(): number; int(max: number): number; pick<T>(items: readonly T[]): T } {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (max) => Math.floor(next() * max), pick: (items) => items[Math.floor(next() * items.length)]! }
}
