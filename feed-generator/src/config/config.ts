import { join } from 'node:path'
import { ConfigError, DEFAULT_HOST, didWebForUrl, verifyWorkersConfig, arrivalThreadConfig, ingestBatchConfig, backfillConfig, outboundAllowConfig } from '@framewright/service-kit'
import type { ServiceRole } from '@framewright/service-kit'
import type { FeedgenEnv } from './env'
import { rateLimitsConfig, type RateLimitsConfig } from '@framewright/service-kit'

export interface FeedgenConfig {
  port: number
  host: string
  /** Where clients and the Bluesky appview reach us; goes into our did:web document. */
  publicUrl: string
  /** Our service DID: the audience of service JWTs and the `did` of our generator records. */
  serviceDid: string
  dbLocation: string
  /** ws(s) URL of the PDS or relay firehose. */
  firehoseUrl: string
  plcUrl: string
  handleResolverUrl?: string
  /** Private hosts, addresses and ranges fetches the network chooses may reach (FRAMEWRIGHT_OUTBOUND_ALLOW; default none). */
  outboundAllow: string[]
  /** The account whose repo holds our app.bsky.feed.generator records (the feed URIs' authority). */
  publisherDid: string
  /** When set, the generator records are written (or refreshed) at start with these credentials. */
  publisher?: { pdsUrl: string; identifier: string; password: string }
  logLevel: string
  /** What this process runs (FRAMEWRIGHT_ROLE; see service-kit's roles.ts). */
  role: ServiceRole
  /** Threads that check commit signatures while ingesting (0: the main thread). */
  verifyWorkers: number
  /** Read the firehose on a thread of its own (FRAMEWRIGHT_INGEST_ARRIVAL_THREAD; see arrivalThreadConfig). */
  arrivalThread: boolean
  /** Most events per ingestion batch (one transaction each). */
  ingestBatch: number
  /** When to import every repo holding our collections before following the stream (FRAMEWRIGHT_BACKFILL). */
  backfill: 'auto' | 'always' | 'never'
  /** Requests per address and per account on our XRPC methods (FRAMEWRIGHT_RATE_LIMIT_*), counted per process. */
  rateLimits: RateLimitsConfig
  /** Videos per UTC day for a signed-in viewer whose feed.prefs set no dailyLimit. */
  defaultDailyLimit: number
  /** How deep a viewer without an account can page before the feed ends. */
  anonymousDepth: number
  /** How many top consented items are re-scored per steered page. */
  steeringWindow: number
}

export const DEFAULT_FEEDGEN_PORT = 2585
/** Finite by default: a signed-in viewer's day, an anonymous session, and the steered window. */
export const FEED_LIMIT_DEFAULTS = { dailyLimit: 200, anonymousDepth: 100, steeringWindow: 3_000 }

/** Applies defaults and rejects contradictions; every error names the variable to change. */
export function envToConfig(env: FeedgenEnv): FeedgenConfig {
  const port = env.port ?? DEFAULT_FEEDGEN_PORT
  const publicUrl = env.publicUrl ?? `http://localhost:${port}`
  const dataDir = env.dataDir ?? 'data'
  if (!env.publisherDid) {
    throw new ConfigError('FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID', 'is required: the DID of the account that publishes our feed records')
  }
  const creds = [env.publisherPdsUrl, env.publisherIdentifier, env.publisherPassword]
  if (creds.some(Boolean) && !creds.every(Boolean)) {
    throw new ConfigError(
      'FRAMEWRIGHT_FEEDGEN_PUBLISHER_PASSWORD',
      'publishing feed records needs FRAMEWRIGHT_FEEDGEN_PUBLISHER_PDS_URL, _IDENTIFIER and _PASSWORD together',
    )
  }
  for (const [variable, value, max] of [
    ['FRAMEWRIGHT_FEEDGEN_DEFAULT_DAILY_LIMIT', env.defaultDailyLimit, 1_000],
    ['FRAMEWRIGHT_FEEDGEN_ANONYMOUS_DEPTH', env.anonymousDepth, 10_000],
    ['FRAMEWRIGHT_FEEDGEN_STEERING_WINDOW', env.steeringWindow, 100_000],
  ] as const) {
    if (value !== undefined && (value < 1 || value > max)) throw new ConfigError(variable, `must be between 1 and ${max}: feeds here end`)
  }
  return {
    port,
    host: env.host ?? DEFAULT_HOST,
    publicUrl,
    serviceDid: env.serviceDid ?? didWebForUrl(publicUrl),
    dbLocation: dbLocationOf(env),
    firehoseUrl: env.firehoseUrl ?? 'ws://localhost:2583',
    plcUrl: env.plcUrl ?? 'http://localhost:2582',
    handleResolverUrl: env.handleResolverUrl,
    outboundAllow: outboundAllowConfig(env.outboundAllow),
    publisherDid: env.publisherDid,
    publisher: env.publisherPdsUrl
      ? { pdsUrl: env.publisherPdsUrl, identifier: env.publisherIdentifier!, password: env.publisherPassword! }
      : undefined,
    logLevel: env.logLevel ?? 'info',
    role: env.role ?? 'all',
    verifyWorkers: verifyWorkersConfig(env.verifyWorkers),
    arrivalThread: arrivalThreadConfig(env.arrivalThread),
    ingestBatch: ingestBatchConfig(env.ingestBatch),
    backfill: backfillConfig(env.backfill),
    rateLimits: rateLimitsConfig({ perIp: env.rateLimitPerIp, perDid: env.rateLimitPerDid, exemptIps: env.rateLimitExemptIps, trustedProxies: env.rateLimitTrustedProxies }),
    defaultDailyLimit: env.defaultDailyLimit ?? FEED_LIMIT_DEFAULTS.dailyLimit,
    anonymousDepth: env.anonymousDepth ?? FEED_LIMIT_DEFAULTS.anonymousDepth,
    steeringWindow: env.steeringWindow ?? FEED_LIMIT_DEFAULTS.steeringWindow,
  }
}

/** Where the feed generator's database is: its own setting, or the SQLite file under the data directory (`npm start`'s). */
export function dbLocationOf(env: Pick<FeedgenEnv, 'dbLocation' | 'dataDir'>): string {
  return env.dbLocation ?? join(env.dataDir ?? 'data', 'feed-generator', 'feed-generator.sqlite')
}
