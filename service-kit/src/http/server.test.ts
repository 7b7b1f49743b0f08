import type { RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createServer } from '@framewright/lexicons/server'
import { closeServer, listen } from './server'

describe('listen', () => {
  it('keeps the app’s WebSocket subscriptions when a handler answers requests ahead of it', async () => {
    const xrpc = createServer({ validateResponse: false })
    xrpc.com.atproto.label.subscribeLabels(async function* () {
      yield { $type: 'com.atproto.label.subscribeLabels#info', name: 'OutdatedCursor' }
    })
    const app = express()
    app.use(xrpc.xrpc.router)
    const handler: RequestListener = (req, res) => {
      if (req.url === '/ahead') return void res.writeHead(200).end('answered ahead')
      app(req, res)
    }
    const { server } = await listen(app, { port: 0, host: '127.0.0.1', service: 'test', portVariable: 'TEST_PORT', handler })
    try {
      const base = `127.0.0.1:${(server.address() as AddressInfo).port}`
      expect(await (await fetch(`http://${base}/ahead`)).text()).toBe('answered ahead')
      // The subscription's upgrade is xrpc-server's, hooked to app.listen: a frame arrives.
      const frame = await new Promise<Buffer>((resolve, reject) => {
        const ws = new WebSocket(`ws://${base}/xrpc/com.atproto.label.subscribeLabels`)
        ws.once('message', (data) => (resolve(data as Buffer), ws.close()))
        ws.once('error', reject)
      })
      expect(frame.byteLength).toBeGreaterThan(0)
    } finally {
      await closeServer(server)
    }
  })
})
