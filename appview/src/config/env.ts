import { envBool, envDbLocation, envDid, envInt, envList, envPort, envRole, envStr, envUrl } from '@framewright/service-kit'

/** Every environment variable the appview reads, and nothing else reads process.env. */
export function readEnv(env: Record<string, string | undefined> = process.env) {
  return {
    port: envPort(env, 'FRAMEWRIGHT_APPVIEW_PORT'),
    clientPort: envPort(env, 'FRAMEWRIGHT_CLIENT_PORT'),
    host: envStr(env, 'FRAMEWRIGHT_APPVIEW_HOST'),
    publicUrl: envUrl(env, 'FRAMEWRIGHT_APPVIEW_PUBLIC_URL'),
    clientPublicUrl: envUrl(env, 'FRAMEWRIGHT_CLIENT_PUBLIC_URL'),
    serviceDid: envDid(env, 'FRAMEWRIGHT_APPVIEW_DID'),
    dbLocation: envDbLocation(env, 'FRAMEWRIGHT_APPVIEW_DB'),
    dataDir: envStr(env, 'FRAMEWRIGHT_DATA_DIR'),
    firehoseUrl: envUrl(env, 'FRAMEWRIGHT_FIREHOSE_URL'),
    plcUrl: envUrl(env, 'FRAMEWRIGHT_PLC_URL'),
    handleResolverUrl: envUrl(env, 'FRAMEWRIGHT_HANDLE_RESOLVER_URL'),
    labelers: envList(env, 'FRAMEWRIGHT_APPVIEW_LABELERS'),
    defaultPdsUrl: envUrl(env, 'FRAMEWRIGHT_APPVIEW_DEFAULT_PDS_URL'),
    defaultFeed: envStr(env, 'FRAMEWRIGHT_APPVIEW_DEFAULT_FEED'),
    clientDistDir: envStr(env, 'FRAMEWRIGHT_CLIENT_DIST'),
    ffmpegPath: envStr(env, 'FRAMEWRIGHT_FFMPEG_PATH'),
    ffprobePath: envStr(env, 'FRAMEWRIGHT_FFPROBE_PATH'),
    maxBlobBytes: envInt(env, 'FRAMEWRIGHT_APPVIEW_MAX_BLOB_BYTES'),
    jobConcurrency: envInt(env, 'FRAMEWRIGHT_APPVIEW_JOB_CONCURRENCY'),
    replicateApiToken: envStr(env, 'FRAMEWRIGHT_REPLICATE_API_TOKEN'),
    replicateApiUrl: envUrl(env, 'FRAMEWRIGHT_REPLICATE_API_URL'),
    replicateModels: envList(env, 'FRAMEWRIGHT_REPLICATE_MODELS'),
    comfyuiUrl: envUrl(env, 'FRAMEWRIGHT_COMFYUI_URL'),
    comfyuiWorkflow: envStr(env, 'FRAMEWRIGHT_COMFYUI_WORKFLOW'),
    comfyuiFps: envInt(env, 'FRAMEWRIGHT_COMFYUI_FPS'),
    comfyuiLongSide: envInt(env, 'FRAMEWRIGHT_COMFYUI_LONG_SIDE'),
    c2paKey: envStr(env, 'FRAMEWRIGHT_APPVIEW_C2PA_KEY'),
    c2paCertChain: envStr(env, 'FRAMEWRIGHT_APPVIEW_C2PA_CERT_CHAIN'),
    logLevel: envStr(env, 'FRAMEWRIGHT_LOG_LEVEL'),
    verifyWorkers: envInt(env, 'FRAMEWRIGHT_INGEST_VERIFY_WORKERS'),
    ingestBatch: envInt(env, 'FRAMEWRIGHT_INGEST_BATCH'),
    backfill: envStr(env, 'FRAMEWRIGHT_BACKFILL'),
    rateLimitPerIp: envStr(env, 'FRAMEWRIGHT_RATE_LIMIT_PER_IP'),
    rateLimitPerDid: envStr(env, 'FRAMEWRIGHT_RATE_LIMIT_PER_DID'),
    rateLimitExemptIps: envList(env, 'FRAMEWRIGHT_RATE_LIMIT_EXEMPT_IPS'),
    rateLimitTrustedProxies: envList(env, 'FRAMEWRIGHT_RATE_LIMIT_TRUSTED_PROXIES'),
    role: envRole(env, ['all', 'api', 'ingest', 'jobs']),
    // Media store; S3 credentials are not here: the AWS SDK reads AWS_ACCESS_KEY_ID and friends itself.
    mediaStore: envStr(env, 'FRAMEWRIGHT_MEDIA_STORE'),
    s3Bucket: envStr(env, 'FRAMEWRIGHT_S3_BUCKET'),
    s3Region: envStr(env, 'FRAMEWRIGHT_S3_REGION'),
    s3Endpoint: envUrl(env, 'FRAMEWRIGHT_S3_ENDPOINT'),
    s3Prefix: envStr(env, 'FRAMEWRIGHT_S3_PREFIX'),
    s3ForcePathStyle: envBool(env, 'FRAMEWRIGHT_S3_FORCE_PATH_STYLE'),
    mediaScratchBytes: envInt(env, 'FRAMEWRIGHT_MEDIA_SCRATCH_BYTES'),
  }
}

export type AppviewEnv = ReturnType<typeof readEnv>
