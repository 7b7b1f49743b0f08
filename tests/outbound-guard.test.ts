import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { createUser, stack, xrpc } from './helpers/network'

/**
 * Feed generators are wherever their DID documents say. The local stack allows its own loopback
 * names (127.0.0.1, localhost, ::1) and nothing else private, so a generator whose document names
 * 127.0.0.2 stands for one pointing at a private address: the appview must refuse it with its own
 * named error, and never repeat what a generator said.
 */
const servers: http.Server[] = []
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  }
})

async function listen(host: string, handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler)
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, host, r))
  return (server.address() as AddressInfo).port
}

/** A did:web on localhost whose document sends #bsky_fg to `endpoint`. */
async function generatorDid(endpoint: () => string): Promise<string> {
  let did = ''
  const port = await listen('127.0.0.1', (req, res) => {
    if (req.url !== '/.well-known/did.json') return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({ '@context': ['https://www.w3.org/ns/did/v1'], id: did, service: [{ id: '#bsky_fg', type: 'BskyFeedGenerator', serviceEndpoint: endpoint() }] }),
    )
  })
  did = `did:web:localhost%3A${port}`
  return did
}

/** A feed record in a fresh user's repo naming the generator `did`. */
async function publishFeed(did: string): Promise<string> {
  const publisher = await createUser('outbound')
  const res = await publisher.agent.com.atproto.repo.createRecord({
    repo: publisher.did,
    collection: 'app.bsky.feed.generator',
    record: { $type: 'app.bsky.feed.generator', did, displayName: 'Elsewhere', createdAt: new Date().toISOString() },
  })
  return res.data.uri
}

describe('the appview reaches feed generators only where it may', () => {
  it('refuses a generator whose DID document points at a private address, with FeedUnavailable, without calling it', async () => {
    let asked = 0
    const privatePort = await listen('127.0.0.2', (_req, res) => {
      asked++
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ feed: [] }))
    })
    const feed = await publishFeed(await generatorDid(() => `http://127.0.0.2:${privatePort}`))
    const res = await xrpc(stack().services.appview.url, ids.AppFramewrightFeedGetFeed, { params: { feed } })
    expect(res.status).toBe(502)
    expect(res.body.error).toBe('FeedUnavailable')
    expect(res.body.message).toMatch(/does not reach/)
    expect(asked).toBe(0)
  })

  it("keeps a generator's error name but never its message or body", async () => {
    let answer: { status: number; body: string } = { status: 200, body: '{}' }
    const port = await listen('127.0.0.1', (_req, res) => void res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body))
    const feed = await publishFeed(await generatorDid(() => `http://localhost:${port}`))
    const get = () => xrpc(stack().services.appview.url, ids.AppFramewrightFeedGetFeed, { params: { feed } })

    answer = { status: 400, body: JSON.stringify({ error: 'BadCursor', message: 'internal detail: db at 10.0.0.5 said no' }) }
    const refused = await get()
    expect([refused.status, refused.body.error]).toEqual([400, 'BadCursor'])
    expect(JSON.stringify(refused.body)).not.toContain('10.0.0.5')

    answer = { status: 400, body: JSON.stringify({ error: '<script>alert(1)</script>', message: 'x' }) }
    const oddName = await get()
    expect([oddName.status, oddName.body.error]).toEqual([502, 'FeedUnavailable'])
    expect(JSON.stringify(oddName.body)).not.toContain('script')

    answer = { status: 500, body: 'stack trace: /srv/generator/secret.js:12' }
    const broken = await get()
    expect([broken.status, broken.body.error]).toEqual([502, 'FeedUnavailable'])
    expect(JSON.stringify(broken.body)).not.toContain('secret.js')
  })
})
