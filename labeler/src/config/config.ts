import { join } from 'node:path'
import { ConfigError, DEFAULT_HOST, mediaLimitsConfig, required, verifyWorkersConfig, arrivalThreadConfig, ingestBatchConfig, backfillConfig, outboundAllowConfig, type MediaLimits } from '@framewright/service-kit'
import type { ServiceRole } from '@framewright/service-kit'
import { DEFAULT_MATCH_DISTANCE } from '../faces/match'
import type { LabelerEnv } from './env'
import { parseRateLimitRule, rateLimitsConfig, subscriptionLimitsConfig, type RateLimitRule, type RateLimitsConfig, type SubscriptionLimits } from '@framewright/service-kit'

export interface LabelerConfig {
  port: number
  host: string
  /** Where clients reach us; must match the #atproto_labeler service in our DID document. */
  publicUrl: string
  /** The labeler's did:plc: its DID document holds #atproto_label (our signing key) and #atproto_labeler. */
  did: string
  /** Private key (hex) that signs labels. A secret: from the environment only. */
  signingKeyHex: string
  /** The curve of the signing key: secp256k1 (default) or p256 (signs labels about twenty times faster here). */
  signingKeyCurve: 'secp256k1' | 'p256'
  dbLocation: string
  firehoseUrl: string
  plcUrl: string
  handleResolverUrl?: string
  /** Private hosts, addresses and ranges fetches the network chooses may reach (FRAMEWRIGHT_OUTBOUND_ALLOW; default none). */
  outboundAllow: string[]
  /** When set, the app.bsky.labeler.service record is written (or refreshed) at start. */
  account?: { pdsUrl: string; identifier: string; password: string }
  /** DIDs allowed to list reports and emit moderator labels (service JWTs they mint are checked against it). */
  moderators: string[]
  /** The largest video blob fetched from a PDS (to fingerprint or scan it). */
  maxBlobBytes: number
  /** Time, concurrency and input size limits on every ffmpeg and ffprobe run (FRAMEWRIGHT_FFMPEG_*). */
  mediaLimits: MediaLimits
  /** PEM certificates whose C2PA signers this labeler trusts (e.g. its operator's own CA); none by default. */
  c2paTrustAnchorsPem?: string
  /**
   * AES-256 key (hex) sealing enrolled face templates at rest. A secret: from the environment only.
   * Without it the labeler refuses enrolment (nothing to seal with) and scans nobody.
   */
  templateKeyHex?: string
  /** Threads running the face model (each about one core while it works). */
  faceWorkers: number
  /** Most videos waiting to be scanned; beyond it new ones are skipped and counted. */
  scanQueue: number
  /** The largest photo or clip accepted by likeness.enroll. */
  maxEnrollBytes: number
  /** Descriptor distance under which a face counts as an enrolled person (faces/match.ts). */
  faceMatchDistance: number
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
  /** subscribeLabels connections: open at once per address and in all, and new ones per address (FRAMEWRIGHT_RATE_LIMIT_*_SUBSCRIPTIONS_*). */
  subscriptionLimits: SubscriptionLimits
  /** Reports one account may send (createReport), whatever address they come from; undefined: no limit. */
  reportLimit?: RateLimitRule
}

export const DEFAULT_LABELER_PORT = 2586
/** Reports one account may send: plenty for a person, too few to flood the moderators. */
export const DEFAULT_REPORT_LIMIT = '30/1h'

/**
 * subscribeLabels from one address and in all. Who subscribes to a labeler is a few services (appviews,
 * mirrors), each with one connection per labeler: 20 open from one address leaves room for several of
 * them behind one NAT, and 120 new ones per 5 min for one reconnecting every few seconds through a bad
 * patch. 2,000 open in all keeps the memory they hold bounded (under 50 kB each when idle, as
 * subscribeLabels.test.ts measures: some 100 MB at most).
 */
export const DEFAULT_SUBSCRIPTION_LIMITS = { openPerIp: 20, openTotal: 2_000, newPerIp: '120/5m' }

const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/

/** Applies defaults and rejects contradictions; every error names the variable to change. */
export function envToConfig(env: LabelerEnv): LabelerConfig {
  const port = env.port ?? DEFAULT_LABELER_PORT
  const signingKeyHex = required(env.signingKeyHex, 'FRAMEWRIGHT_LABELER_SIGNING_KEY_HEX')
  if (!/^[0-9a-fA-F]{64}$/.test(signingKeyHex)) {
    throw new ConfigError('FRAMEWRIGHT_LABELER_SIGNING_KEY_HEX', 'expected 32 bytes of hex (a secp256k1 or P-256 private key)')
  }
  const curve = env.signingKeyCurve ?? 'secp256k1'
  if (curve !== 'secp256k1' && curve !== 'p256') {
    throw new ConfigError('FRAMEWRIGHT_LABELER_SIGNING_KEY_CURVE', `expected secp256k1 or p256, got "${curve}"`)
  }
  const creds = [env.accountPdsUrl, env.accountIdentifier, env.accountPassword]
  if (creds.some(Boolean) && !creds.every(Boolean)) {
    throw new ConfigError('FRAMEWRIGHT_LABELER_PASSWORD', 'publishing the labeler record needs FRAMEWRIGHT_LABELER_PDS_URL, _IDENTIFIER and _PASSWORD together')
  }
  const moderators = env.moderators ?? []
  for (const did of moderators) {
    if (!DID.test(did)) throw new ConfigError('FRAMEWRIGHT_LABELER_MODERATORS', `expected comma-separated DIDs, got "${did}"`)
  }
  const maxBlobBytes = env.maxBlobBytes ?? 100_000_000
  if (maxBlobBytes <= 0) throw new ConfigError('FRAMEWRIGHT_LABELER_MAX_BLOB_BYTES', 'must be positive')
  const c2paTrustAnchorsPem = env.c2paTrustAnchors?.replace(/\\n/g, '\n')
  if (c2paTrustAnchorsPem !== undefined && !c2paTrustAnchorsPem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError('FRAMEWRIGHT_LABELER_C2PA_TRUST_ANCHORS', 'expected PEM certificates')
  }
  const templateKeyHex = env.templateKeyHex
  if (templateKeyHex !== undefined && !/^[0-9a-fA-F]{64}$/.test(templateKeyHex)) {
    throw new ConfigError('FRAMEWRIGHT_LABELER_TEMPLATE_KEY_HEX', 'expected 32 bytes of hex (an AES-256 key)')
  }
  const faceWorkers = env.faceWorkers ?? 1
  if (faceWorkers < 1 || faceWorkers > 16) throw new ConfigError('FRAMEWRIGHT_LABELER_FACE_WORKERS', 'expected 1 to 16 threads')
  const scanQueue = env.scanQueue ?? 200
  if (scanQueue < 1) throw new ConfigError('FRAMEWRIGHT_LABELER_SCAN_QUEUE', 'must be positive')
  const maxEnrollBytes = env.maxEnrollBytes ?? 20_000_000
  if (maxEnrollBytes <= 0) throw new ConfigError('FRAMEWRIGHT_LABELER_MAX_ENROLL_BYTES', 'must be positive')
  const faceMatchDistance = env.faceMatchDistance === undefined ? DEFAULT_MATCH_DISTANCE : Number(env.faceMatchDistance)
  if (!(faceMatchDistance > 0 && faceMatchDistance < 2)) {
    throw new ConfigError('FRAMEWRIGHT_LABELER_FACE_MATCH_DISTANCE', 'expected a distance between 0 and 2 (e.g. 0.5)')
  }
  return {
    port,
    host: env.host ?? DEFAULT_HOST,
    publicUrl: env.publicUrl ?? `http://localhost:${port}`,
    did: required(env.did, 'FRAMEWRIGHT_LABELER_DID'),
    signingKeyHex,
    signingKeyCurve: curve,
    dbLocation: dbLocationOf(env),
    firehoseUrl: env.firehoseUrl ?? 'ws://localhost:2583',
    plcUrl: env.plcUrl ?? 'http://localhost:2582',
    handleResolverUrl: env.handleResolverUrl,
    outboundAllow: outboundAllowConfig(env.outboundAllow),
    account: env.accountPdsUrl
      ? { pdsUrl: env.accountPdsUrl, identifier: env.accountIdentifier!, password: env.accountPassword! }
      : undefined,
    moderators: [...new Set(moderators)],
    maxBlobBytes,
    // Anything small enough to fetch (or to be sent for enrolment) is small enough to look at.
    mediaLimits: mediaLimitsConfig(env, { maxInputBytes: Math.max(maxBlobBytes, maxEnrollBytes) }),
    c2paTrustAnchorsPem,
    templateKeyHex,
    faceWorkers,
    scanQueue,
    maxEnrollBytes,
    faceMatchDistance,
    logLevel: env.logLevel ?? 'info',
    role: env.role ?? 'all',
    verifyWorkers: verifyWorkersConfig(env.verifyWorkers),
    arrivalThread: arrivalThreadConfig(env.arrivalThread),
    ingestBatch: ingestBatchConfig(env.ingestBatch),
    backfill: backfillConfig(env.backfill),
    reportLimit: parseRateLimitRule('FRAMEWRIGHT_LABELER_REPORT_LIMIT', env.reportLimit ?? DEFAULT_REPORT_LIMIT),
    rateLimits: rateLimitsConfig({ perIp: env.rateLimitPerIp, perDid: env.rateLimitPerDid, exemptIps: env.rateLimitExemptIps, trustedProxies: env.rateLimitTrustedProxies }),
    subscriptionLimits: subscriptionLimitsConfig(
      { openPerIp: env.openSubscriptionsPerIp, openTotal: env.openSubscriptionsTotal, newPerIp: env.newSubscriptionsPerIp },
      DEFAULT_SUBSCRIPTION_LIMITS,
    ),
  }
}

/** Where the labeler's database is: its own setting, or the SQLite file under the data directory (`npm start`'s). */
export function dbLocationOf(env: Pick<LabelerEnv, 'dbLocation' | 'dataDir'>): string {
  return env.dbLocation ?? join(env.dataDir ?? 'data', 'labeler', 'labeler.sqlite')
}
