import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Secp256k1Keypair } from '@atproto/crypto'
import type { IdResolver } from '@atproto/identity'
import { createServiceJwt } from '@atproto/xrpc-server'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { freePort } from '@framewright/service-kit'
import { FeedGenerator, envToConfig, feedUri, readEnv } from './index'

const SERVICE_DID = 'did:web:feeds.test'
const PUBLISHER = 'did:plc:publisher'
const VIEWER = 'did:plc:viewer'
const PASSWORD = 'known-publisher-app-password'

let gen: FeedGenerator
let pds: http.Server
let dir: string
let base: string
let key: Secp256k1Keypair
const lines: string[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fw-feedgen-secret-logs-'))
  key = await Secp256k1Keypair.create()
  // A PDS that refuses the publisher's login and quotes what it was sent, password and all.
  pds = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: 'AuthenticationRequired', message: `Invalid identifier or password in ${body}` }))
    })
  })
  await new Promise<void>((r) => pds.listen(0, '127.0.0.1', r))
  const idResolver = {
    did: {
      async resolveAtprotoKey(did: string) {
        if (did !== VIEWER) throw new Error(`${did} is not known`)
        return key.did()
      },
    },
  } as unknown as IdResolver
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  const env = readEnv({
    FRAMEWRIGHT_FEEDGEN_DB: join(dir, 'feedgen.sqlite'),
    FRAMEWRIGHT_DATA_DIR: dir,
    FRAMEWRIGHT_FEEDGEN_PORT: String(port),
    FRAMEWRIGHT_FEEDGEN_DID: SERVICE_DID,
    FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: PUBLISHER,
    FRAMEWRIGHT_FEEDGEN_PUBLISHER_PDS_URL: `http://127.0.0.1:${(pds.address() as AddressInfo).port}`,
    FRAMEWRIGHT_FEEDGEN_PUBLISHER_IDENTIFIER: 'publisher.test',
    FRAMEWRIGHT_FEEDGEN_PUBLISHER_PASSWORD: PASSWORD,
    FRAMEWRIGHT_FIREHOSE_URL: 'ws://127.0.0.1:1',
    FRAMEWRIGHT_PLC_URL: 'http://127.0.0.1:1',
    FRAMEWRIGHT_BACKFILL: 'never',
    FRAMEWRIGHT_LOG_LEVEL: 'debug',
  })
  gen = await FeedGenerator.create(envToConfig(env), { idResolver, logDestination: { write: (line) => void lines.push(line) } })
  await gen.start()
})

afterAll(async () => {
  await gen?.destroy()
  await new Promise((r) => pds.close(r))
  rmSync(dir, { recursive: true, force: true })
})

it('logs a refused publisher login and an authenticated page at debug level without the password or the JWT', async () => {
  const jwt = await createServiceJwt({ iss: VIEWER, aud: SERVICE_DID, lxm: 'app.bsky.feed.getFeedSkeleton', keypair: key })
  const res = await fetch(`${base}/xrpc/app.bsky.feed.getFeedSkeleton?feed=${encodeURIComponent(feedUri(PUBLISHER, 'creation-first'))}`, { headers: { authorization: `Bearer ${jwt}` } })
  expect(res.status).toBe(200)
  for (let i = 0; i < 600 && !lines.join('').includes('could not publish feed records'); i++) await new Promise((r) => setTimeout(r, 20))
  const log = lines.join('')
  expect(log).toContain('could not publish feed records')
  expect(log.includes(PASSWORD), 'the publisher password is in the log').toBe(false)
  expect(log.includes(jwt), 'the JWT is in the log').toBe(false)
  expect(log.includes(jwt.split('.')[2]!), "the JWT's signature is in the log").toBe(false)
})
