import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express from 'express'
import type { RequestRateLimiter } from '@framewright/service-kit'
import type { AppContext } from '../context'
import { oauthClientId, oauthClientMetadata } from './oauthClient'

/**
 * The web client's origin: its built files, its runtime config, and index.html for every other
 * path (client-side routes). Every request counts against `limiter` (the API's, when given: one
 * budget per address for the app and the API it calls).
 */
export function clientApp(ctx: AppContext, limiter?: RequestRateLimiter): express.Application {
  const app = express()
  if (limiter) app.use(limiter.middleware)
  const dist = ctx.cfg.clientDistDir
  app.get('/client-config.json', (_req, res) => {
    res.json({
      appviewUrl: ctx.cfg.publicUrl,
      appviewDid: ctx.cfg.serviceDid,
      pdsUrl: ctx.cfg.defaultPdsUrl,
      labelers: ctx.cfg.labelers,
      defaultFeed: ctx.cfg.defaultFeed,
      // Passwords for anyone who can reach this port: only a demo stack offers them.
      demoAccounts: ctx.cfg.demo && ctx.cfg.demoAccounts.length ? ctx.cfg.demoAccounts : undefined,
      // OAuth sign-in: the browser resolves the user's identity itself, then goes to their PDS.
      oauthClientId: oauthClientId(ctx.cfg.clientPublicUrl),
      plcUrl: ctx.cfg.plcUrl,
      handleResolverUrl: ctx.cfg.handleResolverUrl ?? ctx.cfg.defaultPdsUrl,
    })
  })
  // Fetched by the user's PDS when the client is on a public (https) host; the loopback client has none.
  app.get('/client-metadata.json', (_req, res) => {
    const metadata = oauthClientMetadata(ctx.cfg.clientPublicUrl)
    if (!metadata) return void res.status(404).json({ error: 'NotFound', message: 'this client runs on localhost and uses the loopback OAuth client' })
    res.json(metadata)
  })
  app.use(express.static(dist, { index: false, maxAge: '1h' }))
  app.get('*', (_req, res) => {
    const index = join(dist, 'index.html')
    if (!existsSync(index)) {
      return void res
        .status(503)
        .type('text/plain')
        .send(`The web client is not built: run "npm run build -w client" (looked in ${dist}).`)
    }
    res.sendFile(index, { headers: { 'cache-control': 'no-cache' } })
  })
  return app
}
