import { ConfigError } from './errors'
import { isPostgresUrl, parsePostgresUrl } from './db/postgres'
import { allowEntryProblem } from './net/guard'

/**
 * Helpers for a service's env.ts: each reads one variable and names it in the error when the
 * value is malformed, so a bad setting fails at start with a message a person can act on.
 */
type Env = Record<string, string | undefined>

/** A non-empty string, or undefined when unset or blank. */
export function envStr(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

/** An integer, or undefined when unset. */
export function envInt(env: Env, name: string): number | undefined {
  const raw = envStr(env, name)
  if (raw === undefined) return undefined
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `expected an integer, got "${raw}"`)
  return Number(raw)
}

/** A port number (0-65535), or undefined when unset. */
export function envPort(env: Env, name: string): number | undefined {
  const port = envInt(env, name)
  if (port !== undefined && (port < 0 || port > 65535)) throw new ConfigError(name, `not a port: ${port}`)
  return port
}

/** true/false/1/0/yes/no, or undefined when unset. */
export function envBool(env: Env, name: string): boolean | undefined {
  const raw = envStr(env, name)?.toLowerCase()
  if (raw === undefined) return undefined
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true
  if (['0', 'false', 'no', 'off'].includes(raw)) return false
  throw new ConfigError(name, `expected true or false, got "${raw}"`)
}

/**
 * The interface a service listens on when neither its own `_HOST` variable nor FRAMEWRIGHT_HOST is
 * set: this machine only. Behind a reverse proxy on the same box that is what you want; in a
 * container, set 0.0.0.0 (or the address the proxy reaches) explicitly.
 */
export const DEFAULT_HOST = '127.0.0.1'

/**
 * The address a service binds to: its own variable (FRAMEWRIGHT_APPVIEW_HOST, …), else
 * FRAMEWRIGHT_HOST for every service at once, else undefined (the config applies DEFAULT_HOST).
 */
export function envHost(env: Env, name: string): string | undefined {
  for (const variable of [name, 'FRAMEWRIGHT_HOST']) {
    const raw = envStr(env, variable)
    if (raw === undefined) continue
    // An address or a host name, not a URL: "http://0.0.0.0" would fail later with EADDRNOTAVAIL.
    if (!/^[a-zA-Z0-9.:[\]-]+$/.test(raw)) throw new ConfigError(variable, `expected an address to listen on (127.0.0.1, 0.0.0.0, ::), got "${raw}"`)
    return raw
  }
  return undefined
}

/** A comma-separated list, or undefined when unset. */
export function envList(env: Env, name: string): string[] | undefined {
  const raw = envStr(env, name)
  if (raw === undefined) return undefined
  return raw.split(',').map((s) => s.trim()).filter(Boolean)
}

/**
 * Where a service keeps its database: a SQLite file path, or a postgres:// URL (checked here, so a
 * malformed one fails at start naming the variable). Undefined when unset.
 */
export function envDbLocation(env: Env, name: string): string | undefined {
  const raw = envStr(env, name)
  if (raw === undefined) return undefined
  if (isPostgresUrl(raw)) parsePostgresUrl(raw, name)
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !raw.startsWith('sqlite:')) {
    throw new ConfigError(name, `expected a SQLite file path or a postgresql:// URL, got "${raw.replace(/\/\/[^@/]*@/, '//…@')}"`)
  }
  return raw
}

/** A URL (http, https, ws or wss), or undefined when unset. Trailing slashes are dropped. */
export function envUrl(env: Env, name: string): string | undefined {
  const raw = envStr(env, name)
  if (raw === undefined) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(name, `not a URL: "${raw}"`)
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new ConfigError(name, `expected an http(s) or ws(s) URL, got "${raw}"`)
  }
  return raw.replace(/\/+$/, '')
}

/** A DID, or undefined when unset. */
export function envDid(env: Env, name: string): string | undefined {
  const raw = envStr(env, name)
  if (raw !== undefined && !/^did:[a-z]+:[a-zA-Z0-9._:%-]+$/.test(raw)) {
    throw new ConfigError(name, `not a DID: "${raw}"`)
  }
  return raw
}

/** Throws a ConfigError naming the variable when a required value is missing. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new ConfigError(name, 'is required')
  return value
}

/** did:web for a host (and port), e.g. http://localhost:2585 → did:web:localhost%3A2585. */
export function didWebForUrl(url: string): string {
  const { hostname, port } = new URL(url)
  return `did:web:${hostname}${port ? `%3A${port}` : ''}`
}

/**
 * Threads that check commit signatures during firehose ingestion (FRAMEWRIGHT_INGEST_VERIFY_WORKERS):
 * 0 checks them on the main thread; the default, 1, moves the one CPU-heavy step of ingestion off it.
 */
export function verifyWorkersConfig(value: number | undefined): number {
  if (value === undefined) return 1
  if (value < 0 || value > 16) throw new ConfigError('FRAMEWRIGHT_INGEST_VERIFY_WORKERS', `must be between 0 and 16, got ${value}`)
  return value
}

/**
 * Whether a service reads the firehose on a thread of its own (FRAMEWRIGHT_INGEST_ARRIVAL_THREAD), which
 * drops there what the service's rules drop as frames arrive: on unless turned off (measured with
 * bench/ingest.ts, every service is faster while behind with it, for 30–40 MB more at the peak).
 */
export function arrivalThreadConfig(value: boolean | undefined): boolean {
  return value ?? true
}

/**
 * When a service imports every repo holding its collections before following the stream
 * (FRAMEWRIGHT_BACKFILL): `auto` (default) when its database has no cursor yet, `always` at every
 * start (`1`/`true` mean the same), `never` (replay the stream from the oldest event it holds).
 */
export function backfillConfig(value: string | undefined): 'auto' | 'always' | 'never' {
  const v = value?.trim().toLowerCase()
  if (v === undefined || v === '' || v === 'auto') return 'auto'
  if (v === 'always' || v === '1' || v === 'true') return 'always'
  if (v === 'never' || v === '0' || v === 'false') return 'never'
  throw new ConfigError('FRAMEWRIGHT_BACKFILL', `must be auto, always or never, got ${value}`)
}

/**
 * Most events an ingestion batch applies, one transaction each (FRAMEWRIGHT_INGEST_BATCH, default 1,000);
 * events its rules drop ride along, up to four times as many in all.
 */
export function ingestBatchConfig(value: number | undefined): number {
  if (value === undefined) return 1_000
  if (value < 1 || value > 10_000) throw new ConfigError('FRAMEWRIGHT_INGEST_BATCH', `must be between 1 and 10000, got ${value}`)
  return value
}

/**
 * Hosts, addresses and CIDR ranges that fetches the network chooses may reach although they are
 * private, loopback or link-local (FRAMEWRIGHT_OUTBOUND_ALLOW, comma-separated): a local stack's own
 * services on 127.0.0.1, a private network a deployment trusts. The default allows none.
 */
export function outboundAllowConfig(value: string[] | undefined): string[] {
  for (const entry of value ?? []) {
    const problem = allowEntryProblem(entry)
    if (problem) throw new ConfigError('FRAMEWRIGHT_OUTBOUND_ALLOW', problem)
  }
  return value ?? []
}
