import { envBool, envList, envDbLocation, envDid, envHost, envInt, envPort, envRole, envStr, envUrl } from '@framewright/service-kit'

/** Every environment variable the feed generator reads, and nothing else reads process.env. */
export function readEnv(env: Record<string, string | undefined> = process.env) {
  return {
    port: envPort(env, 'FRAMEWRIGHT_FEEDGEN_PORT'),
    host: envHost(env, 'FRAMEWRIGHT_FEEDGEN_HOST'),
    publicUrl: envUrl(env, 'FRAMEWRIGHT_FEEDGEN_PUBLIC_URL'),
    serviceDid: envDid(env, 'FRAMEWRIGHT_FEEDGEN_DID'),
    dbLocation: envDbLocation(env, 'FRAMEWRIGHT_FEEDGEN_DB'),
    dataDir: envStr(env, 'FRAMEWRIGHT_DATA_DIR'),
    firehoseUrl: envUrl(env, 'FRAMEWRIGHT_FIREHOSE_URL'),
    plcUrl: envUrl(env, 'FRAMEWRIGHT_PLC_URL'),
    handleResolverUrl: envUrl(env, 'FRAMEWRIGHT_HANDLE_RESOLVER_URL'),
    outboundAllow: envList(env, 'FRAMEWRIGHT_OUTBOUND_ALLOW'),
    publisherDid: envDid(env, 'FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID'),
    publisherPdsUrl: envUrl(env, 'FRAMEWRIGHT_FEEDGEN_PUBLISHER_PDS_URL'),
    publisherIdentifier: envStr(env, 'FRAMEWRIGHT_FEEDGEN_PUBLISHER_IDENTIFIER'),
    publisherPassword: envStr(env, 'FRAMEWRIGHT_FEEDGEN_PUBLISHER_PASSWORD'),
    logLevel: envStr(env, 'FRAMEWRIGHT_LOG_LEVEL'),
    verifyWorkers: envInt(env, 'FRAMEWRIGHT_INGEST_VERIFY_WORKERS'),
    arrivalThread: envBool(env, 'FRAMEWRIGHT_INGEST_ARRIVAL_THREAD'),
    ingestBatch: envInt(env, 'FRAMEWRIGHT_INGEST_BATCH'),
    backfill: envStr(env, 'FRAMEWRIGHT_BACKFILL'),
    rateLimitPerIp: envStr(env, 'FRAMEWRIGHT_RATE_LIMIT_PER_IP'),
    rateLimitPerDid: envStr(env, 'FRAMEWRIGHT_RATE_LIMIT_PER_DID'),
    rateLimitExemptIps: envList(env, 'FRAMEWRIGHT_RATE_LIMIT_EXEMPT_IPS'),
    rateLimitTrustedProxies: envList(env, 'FRAMEWRIGHT_RATE_LIMIT_TRUSTED_PROXIES'),
    defaultDailyLimit: envInt(env, 'FRAMEWRIGHT_FEEDGEN_DEFAULT_DAILY_LIMIT'),
    anonymousDepth: envInt(env, 'FRAMEWRIGHT_FEEDGEN_ANONYMOUS_DEPTH'),
    steeringWindow: envInt(env, 'FRAMEWRIGHT_FEEDGEN_STEERING_WINDOW'),
    role: envRole(env, ['all', 'api', 'ingest']),
  }
}

export type FeedgenEnv = ReturnType<typeof readEnv>
