import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { C2paCredentialsError, ConfigError, DEFAULT_HOST, didWebForUrl, ingestBatchConfig, backfillConfig, parseC2paCredentials, verifyWorkersConfig, arrivalThreadConfig, type C2paCredentialsPem, outboundAllowConfig } from '@framewright/service-kit'
import type { ServiceRole } from '@framewright/service-kit'
import { mediaLimitsConfig, mediaStoreConfig, type MediaLimits, type MediaStoreConfig } from '@framewright/service-kit'
import { basename } from 'node:path'
import { loadWorkflow, WorkflowError, type ApiWorkflow } from '../generation/providers/comfyui'
import { DEFAULT_REPLICATE_MODELS, MODEL_NAME } from '../generation/providers/replicate'
import { parseDailyQuotas, QuotaSyntaxError, type GenerationLimitsConfig } from '../generation/limits'
import type { AppviewEnv } from './env'
import { parseRateLimitRule, rateLimitsConfig, type RateLimitRule, type RateLimitsConfig } from '@framewright/service-kit'

export interface AppviewConfig {
  port: number
  host: string
  /** Where XRPC clients reach us; goes into our did:web document. */
  publicUrl: string
  serviceDid: string
  /** Port of the web client (0 = do not serve it). */
  clientPort: number
  clientPublicUrl: string
  clientDistDir: string
  dbLocation: string
  /** Cached video blobs, thumbnails and generation drafts live under here with the local store; scratch files with any store. */
  mediaDir: string
  /** Where blobs, thumbnails and drafts are kept: this folder, or an S3-compatible bucket shared by replicas. */
  mediaStore: MediaStoreConfig
  firehoseUrl: string
  plcUrl: string
  handleResolverUrl?: string
  /** Private hosts, addresses and ranges fetches the network chooses may reach (FRAMEWRIGHT_OUTBOUND_ALLOW; default none). */
  outboundAllow: string[]
  /** Labelers whose labels we subscribe to; also the default when a viewer names none. */
  labelers: string[]
  /** The PDS the web client offers for login. */
  defaultPdsUrl: string
  defaultFeed?: string
  /**
   * Demo mode (FRAMEWRIGHT_DEMO, off unless set; the local stack's `npm start` sets it): the only
   * mode in which demoAccounts may be given and are served to the web client.
   */
  demo: boolean
  /**
   * One-click demo logins the web client shows, passwords included, to anyone who reaches it: demo
   * mode only, and never from the environment.
   */
  demoAccounts: { handle: string; password: string }[]
  ffmpegPath?: string
  ffprobePath?: string
  /** Time, concurrency and input size limits on every ffmpeg and ffprobe run (FRAMEWRIGHT_FFMPEG_*). */
  mediaLimits: MediaLimits
  maxBlobBytes: number
  /** Byte budget of the cached blobs and thumbnails in the local media folder; least recently used go first. */
  mediaCacheBytes: number
  /** Drafts not published within this long are deleted and their jobs marked expired. */
  draftMaxAgeMs: number
  jobConcurrency: number
  /** Jobs per creator per provider per UTC day, and who may use the providers that cost us (FRAMEWRIGHT_GENERATION_*). */
  generationLimits: GenerationLimitsConfig
  /** Hosted models on Replicate; offered only with an API token (a secret: environment only). */
  replicate: { apiToken?: string; apiUrl: string; models: string[] }
  /** A ComfyUI server and the API-format workflow it runs (with {{prompt}} and other placeholders). */
  comfyui: { url?: string; workflow?: ApiWorkflow; workflowName?: string; fps: number; longSide: number }
  /** The operator's C2PA signing key and certificate chain (secrets: environment only); procedural renders are signed with them. */
  c2pa?: C2paCredentialsPem
  logLevel: string
  /**
   * Requests per address and per account on our XRPC methods and every other route but media
   * (the did:web document, the web client's files), counted per process (FRAMEWRIGHT_RATE_LIMIT_*).
   */
  rateLimits: RateLimitsConfig
  /** Media requests per address, each route family its own count (FRAMEWRIGHT_RATE_LIMIT_VIDEO_PER_IP, _THUMB_PER_IP); undefined: no limit. */
  mediaRateLimits: { video?: RateLimitRule; thumb?: RateLimitRule }
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
  /** Every secret value among these settings and the S3 credentials: the logger scrubs them from its lines. */
  secrets: string[]
}

export const DEFAULT_APPVIEW_PORT = 2584
export const DEFAULT_CLIENT_PORT = 2580

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/**
 * Media requests per address, per 5 minutes. Video (/video, and /drafts: a draft plays the same way):
 * a player asks for one video in one or more Range requests, another on each seek past what it holds.
 * Chromium plays a 6 MB clip in 1 (index first, as our renders are) to 5 (index at the end, with
 * seeks) (bench/video-range-requests.ts); Safari probes and reads in smaller pieces: say up to 20 a
 * video. Someone scrolling the feed fast starts a video every 2–3 s with the next one preloading:
 * some 2,000 requests per 5 min at 20 a video. Five such viewers behind one address (a household, a
 * carrier's NAT) still fit in 10,000, while a flood is cut at ~33 a second. Thumbnails (/thumb): one
 * per video, cached by the browser for a year; a grid page shows up to a hundred, and 3,000 is thirty
 * grids' worth.
 */
export const DEFAULT_MEDIA_RATE_LIMITS = { video: '10000/5m', thumb: '3000/5m' }

/** Applies defaults and rejects contradictions; every error names the variable to change. */
export function envToConfig(env: AppviewEnv, extra: Pick<Partial<AppviewConfig>, 'demoAccounts'> = {}): AppviewConfig {
  const port = env.port ?? DEFAULT_APPVIEW_PORT
  const clientPort = env.clientPort ?? DEFAULT_CLIENT_PORT
  if (clientPort !== 0 && clientPort === port) {
    throw new ConfigError('FRAMEWRIGHT_CLIENT_PORT', `the client and the appview cannot share port ${port}`)
  }
  const publicUrl = env.publicUrl ?? `http://localhost:${port}`
  const dataDir = env.dataDir ?? 'data'
  const maxBlobBytes = env.maxBlobBytes ?? 100_000_000
  if (maxBlobBytes <= 0) throw new ConfigError('FRAMEWRIGHT_APPVIEW_MAX_BLOB_BYTES', 'must be positive')
  const mediaCacheBytes = env.mediaCacheBytes ?? 10_000_000_000
  if (mediaCacheBytes < maxBlobBytes) throw new ConfigError('FRAMEWRIGHT_APPVIEW_MEDIA_CACHE_BYTES', `must hold at least one blob (FRAMEWRIGHT_APPVIEW_MAX_BLOB_BYTES, ${maxBlobBytes})`)
  const draftMaxAgeHours = env.draftMaxAgeHours ?? 7 * 24
  if (draftMaxAgeHours < 1) throw new ConfigError('FRAMEWRIGHT_APPVIEW_DRAFT_MAX_AGE_HOURS', 'must be at least 1')
  const jobConcurrency = env.jobConcurrency ?? 1
  if (jobConcurrency < 1 || jobConcurrency > 16) throw new ConfigError('FRAMEWRIGHT_APPVIEW_JOB_CONCURRENCY', 'must be 1–16')
  const replicateModels = env.replicateModels ?? DEFAULT_REPLICATE_MODELS
  const badModel = replicateModels.find((m) => !MODEL_NAME.test(m))
  if (badModel !== undefined) throw new ConfigError('FRAMEWRIGHT_REPLICATE_MODELS', `"${badModel}" is not a Replicate model name (owner/name)`)
  if (replicateModels.length === 0) throw new ConfigError('FRAMEWRIGHT_REPLICATE_MODELS', 'names no model')
  const comfyui = comfyuiConfig(env)
  const c2pa = c2paConfig(env)
  const demo = env.demo ?? false
  if (!demo && extra.demoAccounts?.length) {
    throw new ConfigError('FRAMEWRIGHT_DEMO', 'demo accounts were given but demo mode is off: their passwords would be offered to anyone (set FRAMEWRIGHT_DEMO=true on a demo machine only)')
  }
  return {
    port,
    host: env.host ?? DEFAULT_HOST,
    publicUrl,
    serviceDid: env.serviceDid ?? didWebForUrl(publicUrl),
    clientPort,
    clientPublicUrl: env.clientPublicUrl ?? `http://localhost:${clientPort}`,
    clientDistDir: env.clientDistDir ?? join(repoRoot, 'client', 'dist'),
    dbLocation: dbLocationOf(env),
    mediaDir: join(dataDir, 'appview', 'media'),
    mediaStore: mediaStoreConfig(env),
    firehoseUrl: env.firehoseUrl ?? 'ws://localhost:2583',
    plcUrl: env.plcUrl ?? 'http://localhost:2582',
    handleResolverUrl: env.handleResolverUrl,
    outboundAllow: outboundAllowConfig(env.outboundAllow),
    labelers: env.labelers ?? [],
    defaultPdsUrl: env.defaultPdsUrl ?? 'http://localhost:2583',
    defaultFeed: env.defaultFeed,
    demo,
    demoAccounts: demo ? (extra.demoAccounts ?? []) : [],
    secrets: [
      env.replicateApiToken,
      c2pa?.privateKeyPem,
      env.c2paKey,
      env.s3SecretAccessKey,
      env.s3SessionToken,
      ...(extra.demoAccounts ?? []).map((a) => a.password),
    ].filter((s): s is string => !!s),
    ffmpegPath: env.ffmpegPath,
    ffprobePath: env.ffprobePath,
    // Anything small enough to fetch is small enough to look at, unless the operator says otherwise.
    mediaLimits: mediaLimitsConfig(env, { maxInputBytes: maxBlobBytes }),
    maxBlobBytes,
    mediaCacheBytes,
    draftMaxAgeMs: draftMaxAgeHours * 3_600_000,
    jobConcurrency,
    generationLimits: generationLimitsConfig(env),
    replicate: { apiToken: env.replicateApiToken || undefined, apiUrl: env.replicateApiUrl ?? 'https://api.replicate.com', models: replicateModels },
    comfyui,
    c2pa,
    logLevel: env.logLevel ?? 'info',
    rateLimits: rateLimitsConfig({ perIp: env.rateLimitPerIp, perDid: env.rateLimitPerDid, exemptIps: env.rateLimitExemptIps, trustedProxies: env.rateLimitTrustedProxies }),
    mediaRateLimits: {
      video: parseRateLimitRule('FRAMEWRIGHT_RATE_LIMIT_VIDEO_PER_IP', env.rateLimitVideoPerIp ?? DEFAULT_MEDIA_RATE_LIMITS.video),
      thumb: parseRateLimitRule('FRAMEWRIGHT_RATE_LIMIT_THUMB_PER_IP', env.rateLimitThumbPerIp ?? DEFAULT_MEDIA_RATE_LIMITS.thumb),
    },
    role: env.role ?? 'all',
    verifyWorkers: verifyWorkersConfig(env.verifyWorkers),
    arrivalThread: arrivalThreadConfig(env.arrivalThread),
    ingestBatch: ingestBatchConfig(env.ingestBatch),
    backfill: backfillConfig(env.backfill),
  }
}

function generationLimitsConfig(env: AppviewEnv): GenerationLimitsConfig {
  let quotas: ReturnType<typeof parseDailyQuotas>
  try {
    quotas = parseDailyQuotas(env.generationQuotas ?? [])
  } catch (err) {
    if (err instanceof QuotaSyntaxError) throw new ConfigError('FRAMEWRIGHT_GENERATION_QUOTAS', err.message)
    throw err
  }
  const paidAllowlist = env.paidAllowlist ?? []
  const notDid = paidAllowlist.find((entry) => entry !== '*' && !/^did:[a-z]+:[a-zA-Z0-9._:%-]+$/.test(entry))
  if (notDid !== undefined) throw new ConfigError('FRAMEWRIGHT_GENERATION_PAID_ALLOWLIST', `"${notDid}" is not a DID (or * for everyone)`)
  return { ...quotas, paidAllowlist }
}

function c2paConfig(env: AppviewEnv): C2paCredentialsPem | undefined {
  if (!env.c2paKey && !env.c2paCertChain) return undefined
  if (!env.c2paKey) throw new ConfigError('FRAMEWRIGHT_APPVIEW_C2PA_KEY', 'a C2PA certificate chain needs its private key')
  if (!env.c2paCertChain) throw new ConfigError('FRAMEWRIGHT_APPVIEW_C2PA_CERT_CHAIN', 'a C2PA signing key needs its certificate chain')
  // PEM in a one-line variable may come with its newlines written as \n.
  const pem = { privateKeyPem: env.c2paKey.replace(/\\n/g, '\n').trim(), certChainPem: env.c2paCertChain.replace(/\\n/g, '\n').trim() }
  try {
    parseC2paCredentials(pem)
  } catch (err) {
    if (!(err instanceof C2paCredentialsError)) throw err
    throw new ConfigError(err.part === 'key' ? 'FRAMEWRIGHT_APPVIEW_C2PA_KEY' : 'FRAMEWRIGHT_APPVIEW_C2PA_CERT_CHAIN', err.message)
  }
  return pem
}

function comfyuiConfig(env: AppviewEnv): AppviewConfig['comfyui'] {
  const fps = env.comfyuiFps ?? 16
  if (fps < 1 || fps > 60) throw new ConfigError('FRAMEWRIGHT_COMFYUI_FPS', 'must be 1–60')
  const longSide = env.comfyuiLongSide ?? 832
  if (longSide < 64 || longSide > 4096) throw new ConfigError('FRAMEWRIGHT_COMFYUI_LONG_SIDE', 'must be 64–4096 pixels')
  if (env.comfyuiUrl && !env.comfyuiWorkflow) {
    throw new ConfigError('FRAMEWRIGHT_COMFYUI_WORKFLOW', 'a ComfyUI server needs a workflow: the path of one exported with "Save (API Format)"')
  }
  let workflow: ApiWorkflow | undefined
  if (env.comfyuiWorkflow) {
    try {
      workflow = loadWorkflow(env.comfyuiWorkflow)
    } catch (err) {
      if (err instanceof WorkflowError) throw new ConfigError('FRAMEWRIGHT_COMFYUI_WORKFLOW', err.message)
      throw err
    }
  }
  return { url: env.comfyuiUrl, workflow, workflowName: env.comfyuiWorkflow ? basename(env.comfyuiWorkflow) : undefined, fps, longSide }
}

/** Where the appview's database is: its own setting, or the SQLite file under the data directory (`npm start`'s). */
export function dbLocationOf(env: Pick<AppviewEnv, 'dbLocation' | 'dataDir'>): string {
  return env.dbLocation ?? join(env.dataDir ?? 'data', 'appview', 'appview.sqlite')
}
