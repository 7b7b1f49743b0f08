import { describe, expect, it } from 'vitest'
import { envToConfig } from './config'
import { readEnv } from './env'

describe('feed generator config', () => {
  it('applies defaults from the port', () => {
    const cfg = envToConfig(readEnv({ FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: 'did:plc:pub', FRAMEWRIGHT_FEEDGEN_PORT: '3585' }))
    expect(cfg).toMatchObject({ port: 3585, host: '127.0.0.1', publicUrl: 'http://localhost:3585', serviceDid: 'did:web:localhost%3A3585', publisher: undefined, defaultDailyLimit: 200, anonymousDepth: 100 })
  })

  it('reads the firehose on its arrival thread unless FRAMEWRIGHT_INGEST_ARRIVAL_THREAD turns it off', () => {
    const base = { FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: 'did:plc:pub' }
    expect(envToConfig(readEnv(base)).arrivalThread).toBe(true)
    expect(envToConfig(readEnv({ ...base, FRAMEWRIGHT_INGEST_ARRIVAL_THREAD: 'false' })).arrivalThread).toBe(false)
  })

  it('listens on every interface only when told to, by its own variable or FRAMEWRIGHT_HOST', () => {
    const base = { FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: 'did:plc:pub' }
    expect(envToConfig(readEnv({ ...base, FRAMEWRIGHT_HOST: '0.0.0.0' })).host).toBe('0.0.0.0')
    expect(envToConfig(readEnv({ ...base, FRAMEWRIGHT_HOST: '0.0.0.0', FRAMEWRIGHT_FEEDGEN_HOST: '10.0.0.5' })).host).toBe('10.0.0.5')
  })

  it.each<[string, Record<string, string>, string]>([
    ['no publisher DID', {}, 'FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID'],
    ['half the publishing credentials', { FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: 'did:plc:pub', FRAMEWRIGHT_FEEDGEN_PUBLISHER_PASSWORD: 'x' }, 'FRAMEWRIGHT_FEEDGEN_PUBLISHER_PASSWORD'],
    ['an endless anonymous feed', { FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: 'did:plc:pub', FRAMEWRIGHT_FEEDGEN_ANONYMOUS_DEPTH: '0' }, 'FRAMEWRIGHT_FEEDGEN_ANONYMOUS_DEPTH'],
    ['a bad port', { FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: 'did:plc:pub', FRAMEWRIGHT_FEEDGEN_PORT: 'eighty' }, 'FRAMEWRIGHT_FEEDGEN_PORT'],
  ])('%s fails naming %s', (_name, env, variable) => {
    expect(() => envToConfig(readEnv(env))).toThrow(expect.objectContaining({ name: 'ConfigError', variable }))
  })
})
