import { createServer, type Server } from 'node:http'
import { createServer as createNetServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PoorlyFormattedDidDocumentError } from '@atproto/identity'
import { KeepAlivePlcResolver } from './plc-client'

const DID = 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa'
const doc = { id: DID, alsoKnownAs: ['at://a.test'], verificationMethod: [], service: [] }
let server: Server
let url: string
const sockets = new Set<unknown>()

beforeAll(async () => {
  server = createServer((req, res) => {
    const did = decodeURIComponent(req.url!.slice(1))
    if (did === DID) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc))
    if (did === 'did:plc:gone') return res.writeHead(404).end()
    if (did === 'did:plc:broken') return res.writeHead(502, 'Bad Gateway').end()
    if (did === 'did:plc:huge') return res.writeHead(200).end(JSON.stringify({ id: did, pad: 'x'.repeat(400_000) }))
    if (did === 'did:plc:garbled') return res.writeHead(200).end('{not json')
    if (did === 'did:plc:misnamed') return res.writeHead(200).end(JSON.stringify(doc))
    if (did === 'did:plc:malformed') return res.writeHead(200).end(JSON.stringify({ ...doc, id: did, service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer' }] }))
    // did:plc:slow never answers
  })
  server.on('connection', (s) => sockets.add(s))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

describe('did:plc over kept-alive connections', () => {
  it('answers as the library does: the document, null when not found, and errors with a status', async () => {
    const resolver = new KeepAlivePlcResolver(url, 1000)
    expect(await resolver.resolveNoCheck(DID)).toEqual(doc)
    expect(await resolver.resolveNoCheck('did:plc:gone')).toBeNull()
    await expect(resolver.resolveNoCheck('did:plc:broken')).rejects.toMatchObject({ status: 502 })
    await expect(resolver.resolveNoCheck('did:plc:huge')).rejects.toThrow(/larger than/)
    await expect(resolver.resolveNoCheck('did:plc:garbled')).rejects.toThrow(SyntaxError)
    await expect(resolver.resolveNoCheck('did:plc:slow')).rejects.toThrow(/did not answer/)
    // Through the library's checks too (its shape, by isDidDocument): the document must be about the DID asked for.
    expect(await resolver.resolve(DID)).toEqual(doc)
    await expect(resolver.resolve('did:plc:misnamed')).rejects.toBeInstanceOf(PoorlyFormattedDidDocumentError)
    await expect(resolver.resolve('did:plc:malformed')).rejects.toBeInstanceOf(PoorlyFormattedDidDocumentError)
    resolver.close()
  })

  it('reuses its connections for many look-ups', async () => {
    sockets.clear()
    const resolver = new KeepAlivePlcResolver(url, 1000)
    for (let i = 0; i < 50; i++) await resolver.resolveNoCheck(DID)
    expect(sockets.size).toBe(1)
    resolver.close()
  })

  it('asks again on a new connection when a kept-alive one is closed as it is reused', async () => {
    // A directory that answers the first request of each connection and drops the connection at the
    // second without answering: the race of an idle connection closed by the server as we reuse it.
    let connections = 0
    const answer = JSON.stringify(doc)
    const flaky = createNetServer((socket) => {
      connections++
      let requests = 0
      let buffered = ''
      socket.on('data', (chunk) => {
        buffered += chunk.toString('latin1')
        while (buffered.includes('\r\n\r\n')) {
          buffered = buffered.slice(buffered.indexOf('\r\n\r\n') + 4)
          if (++requests > 1) return void socket.destroy()
          socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(answer)}\r\nconnection: keep-alive\r\n\r\n${answer}`)
        }
      })
    })
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r))
    const resolver = new KeepAlivePlcResolver(`http://127.0.0.1:${(flaky.address() as AddressInfo).port}`, 1000)
    try {
      expect(await resolver.resolveNoCheck(DID)).toEqual(doc)
      // Reuses the first connection, which is dropped: answered from a second one, not failed.
      expect(await resolver.resolveNoCheck(DID)).toEqual(doc)
      expect(connections).toBe(2)
    } finally {
      resolver.close()
      flaky.close()
    }
  })
})
