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

describe('media limits, cache budget and draft age', () => {
  it('default sensibly: the input limit follows the blob limit, drafts live a week', () => {
    const cfg = envToConfig(readEnv({ FRAMEWRIGHT_APPVIEW_MAX_BLOB_BYTES: '50000000' }))
    expect(cfg.mediaLimits).toEqual({ timeoutMs: 30_000, concurrency: 2, maxWaiting: 16, maxInputBytes: 50_000_000 })
    expect(cfg.mediaCacheBytes).toBe(10_000_000_000)
    expect(cfg.draftMaxAgeMs).toBe(7 * 86_400_000)
  })

  it('come from the environment', () => {
    const cfg = envToConfig(
      readEnv({
        FRAMEWRIGHT_FFMPEG_TIMEOUT_MS: '5000',
        FRAMEWRIGHT_FFMPEG_CONCURRENCY: '4',
        FRAMEWRIGHT_FFMPEG_MAX_WAITING: '8',
        FRAMEWRIGHT_FFMPEG_MAX_INPUT_BYTES: '20000000',
        FRAMEWRIGHT_APPVIEW_MEDIA_CACHE_BYTES: '2000000000',
        FRAMEWRIGHT_APPVIEW_DRAFT_MAX_AGE_HOURS: '48',
      }),
    )
    expect(cfg.mediaLimits).toEqual({ timeoutMs: 5_000, concurrency: 4, maxWaiting: 8, maxInputBytes: 20_000_000 })
    expect(cfg.mediaCacheBytes).toBe(2_000_000_000)
    expect(cfg.draftMaxAgeMs).toBe(48 * 3_600_000)
  })

  it.each([
    [{ FRAMEWRIGHT_APPVIEW_MEDIA_CACHE_BYTES: '1000' }, /FRAMEWRIGHT_APPVIEW_MEDIA_CACHE_BYTES/],
    [{ FRAMEWRIGHT_APPVIEW_DRAFT_MAX_AGE_HOURS: '0' }, /FRAMEWRIGHT_APPVIEW_DRAFT_MAX_AGE_HOURS/],
    [{ FRAMEWRIGHT_FFMPEG_CONCURRENCY: '0' }, /FRAMEWRIGHT_FFMPEG_CONCURRENCY/],
  ])('name the variable at fault: %j', (env, variable) => {
    expect(() => envToConfig(readEnv(env))).toThrow(variable)
  })
})
