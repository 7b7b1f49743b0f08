import { randomBytes } from 'node:crypto'
import { AtpAgent } from '@atproto/api'
import { Secp256k1Keypair } from '@atproto/crypto'
import { createServiceJwt } from '@atproto/xrpc-server'
import * as plc from '@did-plc/lib'
import { inject } from 'vitest'
import { Database, postgresUrlWithSchema } from '@framewright/service-kit'
import { serviceSchemas, type StackDescription } from '@framewright/stack'

/** The network the global setup started (URLs, DIDs, feeds, demo accounts). */
export function stack(): StackDescription {
  return inject('stack')
}

/**
 * A short-lived connection to one of the stack's services' own database (SQLite file or Postgres
 * schema, whichever the suite runs on), for what no method serves; close it after use.
 */
export function serviceDatabase(service: 'appview' | 'feedgen' | 'labeler'): Database<any> {
  const database = inject('database')
  if (database.engine === 'postgres') {
    return Database.open(postgresUrlWithSchema(database.url, serviceSchemas(database.schemaPrefix)[service]), {}, 'test', { poolSize: 1 })
  }
  const file = { appview: 'appview/appview.sqlite', feedgen: 'feed-generator/feed-generator.sqlite', labeler: 'labeler/labeler.sqlite' }[service]
  return Database.open(`${stack().dataDir}/${file}`, {}, 'test', { checkpointThread: false })
}

/** The at-uri of one of our feed generator's feeds, by record key. */
export function feedUri(rkey: string): string {
  const feed = stack().feeds.find((f) => f.uri.endsWith(`/app.bsky.feed.generator/${rkey}`))
  if (!feed) throw new Error(`the stack offers no feed ${rkey}`)
  return feed.uri
}

export interface TestUser {
  handle: string
  did: string
  password: string
  agent: AtpAgent
}

/** A fresh account on the local PDS (or another one), so tests never depend on each other's data. */
export async function createUser(prefix: string, pdsUrl = stack().services.pds.url): Promise<TestUser> {
  const handle = `${prefix}-${randomBytes(3).toString('hex')}.test`
  const password = randomBytes(12).toString('hex')
  const agent = new AtpAgent({ service: pdsUrl })
  await agent.createAccount({ handle, password, email: `${handle}@example.test` })
  return { handle, did: agent.assertDid, password, agent }
}

/** Logs in as one of the seeded demo accounts. */
export async function demoUser(handle: string): Promise<TestUser> {
  const account = stack().accounts.find((a) => a.handle === handle)
  if (!account) throw new Error(`no demo account ${handle}`)
  const agent = new AtpAgent({ service: stack().services.pds.url })
  await agent.login({ identifier: handle, password: account.password })
  return { ...account, agent }
}

/** A service JWT minted by the user's PDS, as a client would get one. */
export async function serviceAuth(user: TestUser, aud: string, lxm: string): Promise<string> {
  const { data } = await user.agent.com.atproto.server.getServiceAuth({ aud, lxm })
  return data.token
}

/**
 * An identity whose signing key the test holds (a did:plc registered on the local PLC), for
 * tokens a PDS would never mint: expired ones, ones signed with the wrong key.
 */
export async function keyedIdentity(): Promise<{ did: string; key: Secp256k1Keypair; jwt: (claims: { aud: string; lxm: string | null; exp?: number; iat?: number }) => Promise<string> }> {
  const key = await Secp256k1Keypair.create()
  const op = await plc.signOperation(
    {
      type: 'plc_operation',
      verificationMethods: { atproto: key.did() },
      rotationKeys: [key.did()],
      alsoKnownAs: [],
      services: {},
      prev: null,
    },
    key as never,
  )
  const did = await plc.didForCreateOp(op)
  await new plc.Client(stack().services.plc.url).sendOperation(did, op)
  return {
    did,
    key,
    jwt: (claims) => createServiceJwt({ iss: did, keypair: key, ...claims }),
  }
}

export interface XrpcResult<T = any> {
  status: number
  body: T
  headers: Headers
}

/** Calls an XRPC method over plain HTTP and returns status, JSON body and headers (never throws on 4xx/5xx). */
export async function xrpc<T = any>(
  base: string,
  nsid: string,
  opts: { params?: Record<string, string | number | string[] | undefined>; headers?: Record<string, string>; body?: unknown } = {},
): Promise<XrpcResult<T>> {
  const url = new URL(`/xrpc/${nsid}`, base)
  for (const [k, v] of Object.entries(opts.params ?? {})) {
    if (v === undefined) continue
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item))
  }
  const res = await fetch(url, {
    method: opts.body === undefined ? 'GET' : 'POST',
    headers: { ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  })
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as T, headers: res.headers }
}

/** Polls until check returns a value (not undefined/false), or fails with what it was waiting for. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value !== undefined && value !== false) return value
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`)
}
