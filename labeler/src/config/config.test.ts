import { describe, expect, it } from 'vitest'
import { ConfigError } from '@framewright/service-kit'
import { envToConfig } from './config'
import { readEnv } from './env'

const base = {
  FRAMEWRIGHT_LABELER_DID: 'did:plc:labeler',
  FRAMEWRIGHT_LABELER_SIGNING_KEY_HEX: 'a'.repeat(64),
}

describe('labeler listen address', () => {
  it('is this machine only unless FRAMEWRIGHT_LABELER_HOST or FRAMEWRIGHT_HOST says otherwise', () => {
    expect(envToConfig(readEnv(base)).host).toBe('127.0.0.1')
    expect(envToConfig(readEnv({ ...base, FRAMEWRIGHT_HOST: '0.0.0.0' })).host).toBe('0.0.0.0')
    expect(envToConfig(readEnv({ ...base, FRAMEWRIGHT_HOST: '0.0.0.0', FRAMEWRIGHT_LABELER_HOST: '::1' })).host).toBe('::1')
  })
})

describe('labeler moderators config', () => {
  it('has no moderators unless told', () => {
    expect(envToConfig(readEnv(base)).moderators).toEqual([])
  })

  it('reads comma-separated DIDs, once each', () => {
    const cfg = envToConfig(readEnv({ ...base, FRAMEWRIGHT_LABELER_MODERATORS: ' did:plc:mod1, did:web:mods.example ,did:plc:mod1' }))
    expect(cfg.moderators).toEqual(['did:plc:mod1', 'did:web:mods.example'])
  })

  it.each([['a handle', 'mod.test'], ['one bad entry among DIDs', 'did:plc:ok,@mod'], ['a DID with a fragment', 'did:plc:mod#key']])(
    'rejects %s, naming the variable',
    (_name, value) => {
      let thrown: unknown
      try {
        envToConfig(readEnv({ ...base, FRAMEWRIGHT_LABELER_MODERATORS: value }))
      } catch (err) {
        thrown = err
      }
      expect(thrown).toBeInstanceOf(ConfigError)
      expect((thrown as ConfigError).variable).toBe('FRAMEWRIGHT_LABELER_MODERATORS')
    },
  )
})

describe('labeler report limit config', () => {
  it('limits reports per reporter by default, reads another limit or none, and names the variable at fault', () => {
    expect(envToConfig(readEnv(base)).reportLimit).toEqual({ points: 30, windowMs: 3_600_000 })
    expect(envToConfig(readEnv({ ...base, FRAMEWRIGHT_LABELER_REPORT_LIMIT: '5/10m' })).reportLimit).toEqual({ points: 5, windowMs: 600_000 })
    expect(envToConfig(readEnv({ ...base, FRAMEWRIGHT_LABELER_REPORT_LIMIT: 'off' })).reportLimit).toBeUndefined()
    expect(() => envToConfig(readEnv({ ...base, FRAMEWRIGHT_LABELER_REPORT_LIMIT: 'thirty' }))).toThrow(expect.objectContaining({ name: 'ConfigError', variable: 'FRAMEWRIGHT_LABELER_REPORT_LIMIT' }))
  })
})

describe('labeler subscription limits', () => {
  it('has defaults a few consuming services behind one address never reach, and reads the settings', () => {
    expect(envToConfig(readEnv(base)).subscriptionLimits).toEqual({ openPerIp: 20, openTotal: 2_000, newPerIp: { points: 120, windowMs: 300_000 } })
    const cfg = envToConfig(
      readEnv({
        ...base,
        FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_PER_IP: '5',
        FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_TOTAL: 'off',
        FRAMEWRIGHT_RATE_LIMIT_NEW_SUBSCRIPTIONS_PER_IP: '10/1m',
      }),
    )
    expect(cfg.subscriptionLimits).toEqual({ openPerIp: 5, openTotal: undefined, newPerIp: { points: 10, windowMs: 60_000 } })
  })

  it.each([
    ['FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_PER_IP', 'twenty'],
    ['FRAMEWRIGHT_RATE_LIMIT_OPEN_SUBSCRIPTIONS_TOTAL', '-3'],
    ['FRAMEWRIGHT_RATE_LIMIT_NEW_SUBSCRIPTIONS_PER_IP', '10'],
  ])('rejects a malformed %s, naming it', (variable, value) => {
    expect(() => envToConfig(readEnv({ ...base, [variable]: value }))).toThrow(expect.objectContaining({ name: 'ConfigError', variable }))
  })
})

describe('labeler ingestion', () => {
  it('reads the firehose on its arrival thread unless FRAMEWRIGHT_INGEST_ARRIVAL_THREAD turns it off', () => {
    expect(envToConfig(readEnv(base)).arrivalThread).toBe(true)
    expect(envToConfig(readEnv({ ...base, FRAMEWRIGHT_INGEST_ARRIVAL_THREAD: 'false' })).arrivalThread).toBe(false)
  })
})
