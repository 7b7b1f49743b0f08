import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ForbiddenAddressError } from '../net/errors'
import { OutboundClient } from '../net/client'
import { createIdResolver } from './index'

/** A did:web host on localhost: its own document, and one that redirects to the metadata address. */
let server: http.Server
let did: string
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/.well-known/did.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ '@context': ['https://www.w3.org/ns/did/v1'], id: did, alsoKnownAs: [] }))
    res.writeHead(404).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  did = `did:web:localhost%3A${(server.address() as AddressInfo).port}`
})
afterAll(async () => new Promise((r) => server.close(r)))

describe('did:web resolution', () => {
  it('goes through the outbound guard: a private host is refused unless allowed', async () => {
    const strict = createIdResolver({ plcUrl: 'http://127.0.0.1:1' }, new OutboundClient())
    await expect(strict.did.resolve(did)).rejects.toThrow(ForbiddenAddressError)
    await expect(strict.did.resolve('did:web:169.254.169.254')).rejects.toThrow(ForbiddenAddressError)
    const local = createIdResolver({ plcUrl: 'http://127.0.0.1:1' }, new OutboundClient({ allow: ['localhost'] }))
    expect((await local.did.resolve(did))?.id).toBe(did)
  })
})
