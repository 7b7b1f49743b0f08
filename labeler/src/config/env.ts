import { envDbLocation, envDid, envHost, envInt, envList, envPort, envRole, envStr, envUrl } from '@framewright/service-kit'

/** Every environment variable the labeler reads, and nothing else reads process.env. */
export function readEnv(env: Record<string, string | undefined> = process.env) {
  return {
    port: envPort(env, 'FRAMEWRIGHT_LABELER_PORT'),
    host: envHost(env, 'FRAMEWRIGHT_LABELER_HOST'),
    publicUrl: envUrl(env, 'FRAMEWRIGHT_LABELER_PUBLIC_URL'),
    did: envDid(env, 'FRAMEWRIGHT_LABELER_DID'),
    signingKeyHex: envStr(env, 'FRAMEWRIGHT_LABELER_SIGNING_KEY_HEX'),
    signingKeyCurve: envStr(env, 'FRAMEWRIGHT_LABELER_SIGNING_KEY_CURVE'),
    dbLocation: envDbLocation(env, 'FRAMEWRIGHT_LABELER_DB'),
    dataDir: envStr(env, 'FRAMEWRIGHT_DATA_DIR'),
    firehoseUrl: envUrl(env, 'FRAMEWRIGHT_FIREHOSE_URL'),
    plcUrl: envUrl(env, 'FRAMEWRIGHT_PLC_URL'),
    handleResolverUrl: envUrl(env, 'FRAMEWRIGHT_HANDLE_RESOLVER_URL'),
    outboundAllow: envList(env, 'FRAMEWRIGHT_OUTBOUND_ALLOW'),
    accountPdsUrl: envUrl(env, 'FRAMEWRIGHT_LABELER_PDS_URL'),
    accountIdentifier: envStr(env, 'FRAMEWRIGHT_LABELER_IDENTIFIER'),
    accountPassword: envStr(env, 'FRAMEWRIGHT_LABELER_PASSWORD'),
    moderators: envList(env, 'FRAMEWRIGHT_LABELER_MODERATORS'),
    maxBlobBytes: envInt(env, 'FRAMEWRIGHT_LABELER_MAX_BLOB_BYTES'),
    ffmpegTimeoutMs: envInt(env, 'FRAMEWRIGHT_FFMPEG_TIMEOUT_MS'),
    ffmpegConcurrency: envInt(env, 'FRAMEWRIGHT_FFMPEG_CONCURRENCY'),
    ffmpegMaxWaiting: envInt(env, 'FRAMEWRIGHT_FFMPEG_MAX_WAITING'),
    ffmpegMaxInputBytes: envInt(env, 'FRAMEWRIGHT_FFMPEG_MAX_INPUT_BYTES'),
    templateKeyHex: envStr(env, 'FRAMEWRIGHT_LABELER_TEMPLATE_KEY_HEX'),
    faceWorkers: envInt(env, 'FRAMEWRIGHT_LABELER_FACE_WORKERS'),
    scanQueue: envInt(env, 'FRAMEWRIGHT_LABELER_SCAN_QUEUE'),
    maxEnrollBytes: envInt(env, 'FRAMEWRIGHT_LABELER_MAX_ENROLL_BYTES'),
    faceMatchDistance: envStr(env, 'FRAMEWRIGHT_LABELER_FACE_MATCH_DISTANCE'),
    c2paTrustAnchors: envStr(env, 'FRAMEWRIGHT_LABELER_C2PA_TRUST_ANCHORS'),
    logLevel: envStr(env, 'FRAMEWRIGHT_LOG_LEVEL'),
    verifyWorkers: envInt(env, 'FRAMEWRIGHT_INGEST_VERIFY_WORKERS'),
    ingestBatch: envInt(env, 'FRAMEWRIGHT_INGEST_BATCH'),
    backfill: envStr(env, 'FRAMEWRIGHT_BACKFILL'),
    reportLimit: envStr(env, 'FRAMEWRIGHT_LABELER_REPORT_LIMIT'),
    rateLimitPerIp: envStr(env, 'FRAMEWRIGHT_RATE_LIMIT_PER_IP'),
    rateLimitPerDid: envStr(env, 'FRAMEWRIGHT_RATE_LIMIT_PER_DID'),
    rateLimitExemptIps: envList(env, 'FRAMEWRIGHT_RATE_LIMIT_EXEMPT_IPS'),
    rateLimitTrustedProxies: envList(env, 'FRAMEWRIGHT_RATE_LIMIT_TRUSTED_PROXIES'),
    openSubscriptionsPerIp: envStr(env, 'FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_PER_IP'),
    openSubscriptionsTotal: envStr(env, 'FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_TOTAL'),
    newSubscriptionsPerIp: envStr(env, 'FRAMEWRIGHT_RATE_LIMIT_NEW_SUBSCRIPTIONS_PER_IP'),
    role: envRole(env, ['all', 'api', 'ingest']),
  }
}

export type LabelerEnv = ReturnType<typeof readEnv>
