import { ConfigError } from './errors'

/**
 * What one process of a service does, so a service can scale past one machine (FRAMEWRIGHT_ROLE):
 *
 * - `api`: serves XRPC and nothing else. Holds no state another replica needs (everything lives in
 *   the database), so any number of these run behind a reverse proxy.
 * - `ingest`: the one writer whose order matters: the firehose (and, for the appview, labelers'
 *   label streams), grant-expiry sweeps, scans, publishing the service's own records. It serves the
 *   same XRPC too (its health and ingestion status are what an operator looks at), but a proxy
 *   does not send users to it.
 * - `jobs` (appview only): runs generation jobs from the shared queue.
 * - `all` (the default, and what `npm start` runs): everything in one process.
 */
export type ServiceRole = 'all' | 'api' | 'ingest' | 'jobs'

export const ROLE_VARIABLE = 'FRAMEWRIGHT_ROLE'

/** FRAMEWRIGHT_ROLE, one of the roles this service has; undefined when unset. */
export function envRole(env: Record<string, string | undefined>, roles: readonly ServiceRole[]): ServiceRole | undefined {
  const raw = env[ROLE_VARIABLE]?.trim().toLowerCase()
  if (!raw) return undefined
  if (!(roles as readonly string[]).includes(raw)) throw new ConfigError(ROLE_VARIABLE, `expected one of ${roles.join(', ')}, got "${raw}"`)
  return raw as ServiceRole
}

/** Whether a process of this role runs the service's single-writer work (ingestion and its kin). */
export function runsIngest(role: ServiceRole): boolean {
  return role === 'all' || role === 'ingest'
}

/** Whether a process of this role runs generation jobs. */
export function runsJobs(role: ServiceRole): boolean {
  return role === 'all' || role === 'jobs'
}
