import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { afterAll, describe, expect, it } from 'vitest'
import type { AppContext } from '../context'
import { envToConfig } from '../config/config'
import { readEnv } from '../config/env'
import { clientApp } from './client'

const demoAccounts = [
  { handle: 'alice.test', password: 'fw-alice-pass' },
  { handle: 'framewright.test', password: 'fw-moderator-pass' },
]
const servers: Server[] = []
afterAll(() => servers.forEach((s) => s.close()))

/** The web client's origin for a config read from `env`, as the appview serves it. */
async function clientConfig(env: Record<string, string>, extra = {}): Promise<Record<string, unknown>> {
  const ctx = { cfg: envToConfig(readEnv(env), extra) } as AppContext
  const server = clientApp(ctx).listen(0, '127.0.0.1')
  servers.push(server)
  await new Promise((r) => server.once('listening', r))
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/client-config.json`)
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

describe('/client-config.json', () => {
  it('offers demo logins, passwords and all, in demo mode', async () => {
    const body = await clientConfig({ FRAMEWRIGHT_DEMO: 'true' }, { demoAccounts })
    expect(body.demoAccounts).toEqual(demoAccounts)
  })

  it('offers none outside demo mode, the default', async () => {
    const body = await clientConfig({})
    expect(body).not.toHaveProperty('demoAccounts')
    expect(JSON.stringify(body)).not.toContain('fw-')
  })

  it('refuses to start with demo accounts and demo mode off, naming the setting', () => {
    expect(() => envToConfig(readEnv({}), { demoAccounts })).toThrow(/^FRAMEWRIGHT_DEMO: demo accounts were given but demo mode is off/)
    expect(() => envToConfig(readEnv({ FRAMEWRIGHT_DEMO: 'false' }), { demoAccounts })).toThrow(/FRAMEWRIGHT_DEMO/)
  })
})
