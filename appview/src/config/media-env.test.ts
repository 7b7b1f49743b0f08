import { describe, expect, it } from 'vitest'
import { envToConfig } from './config'
import { readEnv } from './env'

describe('media store settings', () => {
  it('default to the local folder', () => {
    expect(envToConfig(readEnv({})).mediaStore).toEqual({ kind: 'local' })
  })

  it('reach the S3 store from the environment', () => {
    const cfg = envToConfig(
      readEnv({
        FRAMEWRIGHT_MEDIA_STORE: 's3',
        FRAMEWRIGHT_S3_BUCKET: 'fw-media',
        FRAMEWRIGHT_S3_ENDPOINT: 'http://127.0.0.1:9000/',
        FRAMEWRIGHT_S3_PREFIX: 'appview',
        FRAMEWRIGHT_S3_FORCE_PATH_STYLE: 'true',
        FRAMEWRIGHT_MEDIA_SCRATCH_BYTES: '500000000',
      }),
    )
    expect(cfg.mediaStore).toEqual({
      kind: 's3',
      bucket: 'fw-media',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9000',
      prefix: 'appview',
      forcePathStyle: true,
      scratchMaxBytes: 500_000_000,
    })
  })

  it('name the variable when the bucket is missing', () => {
    expect(() => envToConfig(readEnv({ FRAMEWRIGHT_MEDIA_STORE: 's3', FRAMEWRIGHT_S3_REGION: 'eu-west-1' }))).toThrow(/FRAMEWRIGHT_S3_BUCKET/)
  })
})
