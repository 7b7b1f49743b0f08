import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../errors'
import { mediaStoreConfig, type MediaStoreEnv } from './config'

describe('mediaStoreConfig', () => {
  it.each<[string, MediaStoreEnv, object]>([
    ['nothing set: the local folder', {}, { kind: 'local' }],
    ['local named', { mediaStore: 'local' }, { kind: 'local' }],
    ['a bucket on AWS', { mediaStore: 's3', s3Bucket: 'fw-media', s3Region: 'eu-west-1' }, { kind: 's3', bucket: 'fw-media', region: 'eu-west-1', forcePathStyle: false, scratchMaxBytes: 2_000_000_000 }],
    [
      'an S3-compatible service with a prefix',
      { mediaStore: 'S3', s3Bucket: 'media', s3Endpoint: 'http://minio:9000', s3ForcePathStyle: true, s3Prefix: '/prod/appview/' },
      { kind: 's3', bucket: 'media', region: 'us-east-1', endpoint: 'http://minio:9000', prefix: 'prod/appview', forcePathStyle: true },
    ],
  ])('%s', (_what, env, expected) => {
    expect(mediaStoreConfig(env)).toMatchObject(expected)
  })

  it.each<[string, MediaStoreEnv, string]>([
    ['an unknown store', { mediaStore: 'gcs' }, 'FRAMEWRIGHT_MEDIA_STORE'],
    ['a bucket with the local store', { s3Bucket: 'media' }, 'FRAMEWRIGHT_MEDIA_STORE'],
    ['s3 without a bucket', { mediaStore: 's3', s3Region: 'eu-west-1' }, 'FRAMEWRIGHT_S3_BUCKET'],
    ['a malformed bucket', { mediaStore: 's3', s3Bucket: 'Media_Bucket', s3Region: 'eu-west-1' }, 'FRAMEWRIGHT_S3_BUCKET'],
    ['AWS without a region', { mediaStore: 's3', s3Bucket: 'media' }, 'FRAMEWRIGHT_S3_REGION'],
    ['a prefix that climbs out', { mediaStore: 's3', s3Bucket: 'media', s3Region: 'x', s3Prefix: 'a/../b' }, 'FRAMEWRIGHT_S3_PREFIX'],
    ['a scratch budget under one video', { mediaStore: 's3', s3Bucket: 'media', s3Region: 'x', mediaScratchBytes: 1_000 }, 'FRAMEWRIGHT_MEDIA_SCRATCH_BYTES'],
  ])('refuses %s, naming %s', (_what, env, variable) => {
    let err: unknown
    try {
      mediaStoreConfig(env)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).variable).toBe(variable)
  })
})
