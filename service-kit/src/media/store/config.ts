import { join } from 'node:path'
import { ConfigError } from '../../errors'
import { LocalMediaStore } from './local-store'
import type { MediaStore } from './media-store'
import { S3MediaStore } from './s3-store'

/** The media-store settings as a service's env.ts reads them (FRAMEWRIGHT_MEDIA_STORE, FRAMEWRIGHT_S3_*). */
export interface MediaStoreEnv {
  mediaStore?: string
  s3Bucket?: string
  s3Region?: string
  s3Endpoint?: string
  s3Prefix?: string
  s3ForcePathStyle?: boolean
  mediaScratchBytes?: number
}

export type MediaStoreConfig =
  | { kind: 'local' }
  | { kind: 's3'; bucket: string; region: string; endpoint?: string; prefix?: string; forcePathStyle: boolean; scratchMaxBytes: number }

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/
const PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/

/** Which store holds media, checked at start: every error names the variable to change. */
export function mediaStoreConfig(env: MediaStoreEnv): MediaStoreConfig {
  const kind = env.mediaStore?.toLowerCase() ?? 'local'
  if (kind === 'local') {
    // A bucket with no store named is most likely a forgotten FRAMEWRIGHT_MEDIA_STORE=s3: replicas would each keep their own folder.
    if (env.s3Bucket !== undefined) throw new ConfigError('FRAMEWRIGHT_MEDIA_STORE', 'FRAMEWRIGHT_S3_BUCKET is set but the media store is local: set FRAMEWRIGHT_MEDIA_STORE=s3, or drop the bucket')
    return { kind: 'local' }
  }
  if (kind !== 's3') throw new ConfigError('FRAMEWRIGHT_MEDIA_STORE', `must be local or s3, got "${env.mediaStore}"`)
  const bucket = env.s3Bucket
  if (!bucket) throw new ConfigError('FRAMEWRIGHT_S3_BUCKET', 'the s3 media store needs a bucket name')
  if (!BUCKET.test(bucket) || bucket.includes('..')) throw new ConfigError('FRAMEWRIGHT_S3_BUCKET', `not a bucket name: "${bucket}"`)
  // AWS itself needs the bucket's region; S3-compatible services mostly ignore it.
  if (!env.s3Region && !env.s3Endpoint) throw new ConfigError('FRAMEWRIGHT_S3_REGION', "the bucket's region is required on AWS (or set FRAMEWRIGHT_S3_ENDPOINT for an S3-compatible service)")
  const prefix = env.s3Prefix?.replace(/^\/+|\/+$/g, '') || undefined
  if (prefix !== undefined && (!PREFIX.test(prefix) || prefix.split('/').some((s) => s === '.' || s === '..'))) {
    throw new ConfigError('FRAMEWRIGHT_S3_PREFIX', `must be path segments of letters, digits, '.', '_' and '-', got "${env.s3Prefix}"`)
  }
  const scratchMaxBytes = env.mediaScratchBytes ?? 2_000_000_000
  if (scratchMaxBytes < 100_000_000) throw new ConfigError('FRAMEWRIGHT_MEDIA_SCRATCH_BYTES', 'must be at least 100000000 (one video)')
  return {
    kind: 's3',
    bucket,
    region: env.s3Region ?? 'us-east-1',
    endpoint: env.s3Endpoint,
    prefix,
    forcePathStyle: env.s3ForcePathStyle ?? false,
    scratchMaxBytes,
  }
}

/** The configured store: the local folder `mediaDir`, or a bucket with its scratch copies under `mediaDir/scratch`. */
export function createMediaStore(cfg: MediaStoreConfig, mediaDir: string): MediaStore {
  if (cfg.kind === 'local') return new LocalMediaStore(mediaDir)
  return new S3MediaStore({ ...cfg, scratchDir: join(mediaDir, 'scratch') })
}
