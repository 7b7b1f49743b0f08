import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Secp256k1Keypair } from '@atproto/crypto'
import type { IdResolver } from '@atproto/identity'
import { createServiceJwt } from '@atproto/xrpc-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { freePort, makeOperatorCredentials } from '@framewright/service-kit'
import { Appview, envToConfig, readEnv } from './index'

const SERVICE_DID = 'did:web:appview.test'
const VIEWER = 'did:plc:viewer'
const REPLICATE_TOKEN = 'r8_known-replicate-token-4f1c9a'
const AWS_SECRET = 'known-aws-secret-key-7d2e0b'
const DEMO_PASSWORD = 'fw-known-demo-pass'

let appview: Appview
let upstream: http.Server
let base: string
let dir: string
let key: Secp256k1Keypair
let c2paKey: string
const lines: string[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fw-secret-logs-'))
  key = await Secp256k1Keypair.create()
  // A Replicate that refuses every call and, as some APIs do, quotes the credentials it was sent
  // (a refusal whose words reach the job's error and the log, unlike a 401's).
  upstream = http.createServer((req, res) => {
    res.writeHead(422, { 'content-type': 'application/problem+json' })
    res.end(JSON.stringify({ title: 'Input validation failed', detail: `invalid token in "${req.headers.authorization}"`, status: 422 }))
  })
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r))
  const c2pa = await makeOperatorCredentials('Secret Logs Test')
  c2paKey = c2pa.privateKeyPem
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  const idResolver = {
    did: {
      async resolveAtprotoKey(did: string) {
        if (did !== VIEWER) throw new Error(`${did} is not known`)
        return key.did()
      },
    },
  } as unknown as IdResolver
  const env = readEnv({
    FRAMEWRIGHT_APPVIEW_DB: join(dir, 'appview.sqlite'),
    FRAMEWRIGHT_DATA_DIR: dir,
    FRAMEWRIGHT_APPVIEW_DID: SERVICE_DID,
    FRAMEWRIGHT_APPVIEW_PORT: String(port),
    FRAMEWRIGHT_CLIENT_PORT: '0',
    FRAMEWRIGHT_BACKFILL: 'never',
    // Nothing listens there: the ingester's failures are logged too.
    FRAMEWRIGHT_FIREHOSE_URL: 'ws://127.0.0.1:1',
    FRAMEWRIGHT_PLC_URL: 'http://127.0.0.1:1',
    FRAMEWRIGHT_LOG_LEVEL: 'debug',
    FRAMEWRIGHT_DEMO: 'true',
    // Replicate is a paid provider: only those the operator lists may use it.
    FRAMEWRIGHT_GENERATION_PAID_ALLOWLIST: '*',
    FRAMEWRIGHT_REPLICATE_API_TOKEN: REPLICATE_TOKEN,
    FRAMEWRIGHT_REPLICATE_API_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    FRAMEWRIGHT_APPVIEW_C2PA_KEY: c2pa.privateKeyPem,
    FRAMEWRIGHT_APPVIEW_C2PA_CERT_CHAIN: c2pa.certChainPem,
    AWS_SECRET_ACCESS_KEY: AWS_SECRET,
  })
  const cfg = envToConfig(env, { demoAccounts: [{ handle: 'alice.test', password: DEMO_PASSWORD }] })
  appview = await Appview.create(cfg, { idResolver, logDestination: { write: (line) => void lines.push(line) } })
  await appview.start()
})

afterAll(async () => {
  await appview?.destroy()
  await new Promise((r) => upstream.close(r))
  rmSync(dir, { recursive: true, force: true })
})

const token = (lxm: string, signer = key) => createServiceJwt({ iss: VIEWER, aud: SERVICE_DID, lxm, keypair: signer })

async function call(nsid: string, opts: { jwt?: string; body?: unknown; query?: string } = {}) {
  const res = await fetch(`${base}/xrpc/${nsid}${opts.query ? `?${opts.query}` : ''}`, {
    method: opts.body === undefined ? 'GET' : 'POST',
    headers: { ...(opts.jwt ? { authorization: `Bearer ${opts.jwt}` } : {}), ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  })
  return { status: res.status, body: (await res.json()) as any }
}

describe('the appview at debug level', () => {
  it('logs a failing upstream call made for an authenticated request without any secret in it', async () => {
    const jwts = [await token(ids.AppFramewrightGenerateCreateJob), await token(ids.AppFramewrightGenerateGetJob)]
    // A JWT signed by someone else: refused, and not logged either.
    const forged = await token(ids.AppFramewrightGenerateCreateJob, await Secp256k1Keypair.create())
    expect((await call(ids.AppFramewrightGenerateCreateJob, { jwt: forged, body: { prompt: 'x', provider: 'replicate' } })).status).toBe(401)

    const created = await call(ids.AppFramewrightGenerateCreateJob, { jwt: jwts[0], body: { prompt: 'a lighthouse at dusk', provider: 'replicate' } })
    expect(created.status).toBe(200)
    let job = created.body
    for (let i = 0; i < 600 && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      job = (await call(ids.AppFramewrightGenerateGetJob, { jwt: jwts[1], query: `id=${job.id}` })).body
    }
    expect(job.status).toBe('failed')

    const log = lines.join('')
    // The failure is in the log, with what the upstream said, minus the secret it quoted.
    expect(log).toMatch(/generation job failed/)
    const secrets = {
      'the Replicate token': REPLICATE_TOKEN,
      'the AWS secret key': AWS_SECRET,
      'a demo password': DEMO_PASSWORD,
      // A PEM key is one JSON string in a log line: its newlines escaped. Each of its lines, too.
      'the C2PA private key': JSON.stringify(c2paKey).slice(1, -1),
      ...Object.fromEntries(c2paKey.split('\n').filter((l) => !l.startsWith('-----')).map((l, i) => [`line ${i} of the C2PA key`, l])),
      ...Object.fromEntries([...jwts, forged].map((jwt, i) => [`JWT ${i}`, jwt])),
      ...Object.fromEntries([...jwts, forged].map((jwt, i) => [`the signature of JWT ${i}`, jwt.split('.')[2]!])),
    }
    for (const [what, secret] of Object.entries(secrets)) expect(log.includes(secret), `${what} is in the log`).toBe(false)
    // The refusal is logged, its quoted token taken out before it left the Replicate client.
    expect(log).toContain('invalid token in \\"Bearer [token]\\"')
  })
})
