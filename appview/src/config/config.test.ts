import { describe, expect, it } from 'vitest'
import { envToConfig } from './config'
import { readEnv } from './env'

describe('appview config', () => {
  it('offers Replicate only with a token, on its default models and API', () => {
    expect(envToConfig(readEnv({})).replicate).toEqual({ apiToken: undefined, apiUrl: 'https://api.replicate.com', models: ['google/veo-3-fast', 'google/veo-3.1'] })
    const cfg = envToConfig(readEnv({ FRAMEWRIGHT_REPLICATE_API_TOKEN: 'r8_x', FRAMEWRIGHT_REPLICATE_MODELS: 'kwaivgi/kling-v2.1, google/veo-3.1' }))
    expect(cfg.replicate).toMatchObject({ apiToken: 'r8_x', models: ['kwaivgi/kling-v2.1', 'google/veo-3.1'] })
  })

  it.each<[string, Record<string, string>, string]>([
    ['a model that is not owner/name', { FRAMEWRIGHT_REPLICATE_MODELS: 'veo3' }, 'FRAMEWRIGHT_REPLICATE_MODELS'],
    ['a path in a model name', { FRAMEWRIGHT_REPLICATE_MODELS: 'google/../v1' }, 'FRAMEWRIGHT_REPLICATE_MODELS'],
    ['an API URL that is not one', { FRAMEWRIGHT_REPLICATE_API_URL: 'replicate' }, 'FRAMEWRIGHT_REPLICATE_API_URL'],
    ['the client on the appview port', { FRAMEWRIGHT_APPVIEW_PORT: '4000', FRAMEWRIGHT_CLIENT_PORT: '4000' }, 'FRAMEWRIGHT_CLIENT_PORT'],
  ])('%s fails naming %s', (_name, env, variable) => {
    expect(() => envToConfig(readEnv(env))).toThrow(expect.objectContaining({ name: 'ConfigError', variable }))
  })
})
