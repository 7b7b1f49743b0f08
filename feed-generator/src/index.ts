import type { Server as HttpServer, RequestListener } from 'node:http'
import express from 'express'
import { createServer } from '@framewright/lexicons/server'
import { SingleWriter, closeServer, listen, runsIngest, serveDidWeb, xrpcCors, RequestRateLimiter, type FirehoseIngester, type GrantExpiryScheduler } from '@framewright/service-kit'
import { getFeedSkeletonAheadOfExpress, mountGetFeedSkeleton, registerMethods } from './api'
import { DEFAULT_FEEDGEN_PORT, dbLocationOf, envToConfig, type FeedgenConfig } from './config/config'
import { readEnv } from './config/env'
import { AppContext, type AppContextOverrides } from './context'
import { createFeedIngester } from './ingest'
import { publishFeedRecords } from './publisher'
import { refreshUnsteerableItems } from './ranking/feed-items'
import { createGrantExpiry } from './ranking/grant-expiry'

export { DEFAULT_FEEDGEN_PORT, dbLocationOf, envToConfig, readEnv, type FeedgenConfig, AppContext }
export { algos, feedUri } from './algos'

/** The feed generator service: firehose ingester + getFeedSkeleton, describeFeedGenerator and did:web. */
export class FeedGenerator {
  private server?: HttpServer
  private stopWatchingItems?: () => Promise<void>
  private destroyed = false
  /** Ingestion, the expiry sweep and publishing our records: one process of the service does them. */
  private readonly writer: SingleWriter

  /** What the server runs for each request: getFeedSkeleton ahead of express, the app for the rest. */
  readonly handler: RequestListener

  private constructor(
    readonly ctx: AppContext,
    readonly app: express.Application,
    readonly ingester: FirehoseIngester,
    readonly grantExpiry: GrantExpiryScheduler,
    limiter: RequestRateLimiter,
  ) {
    const skeleton = getFeedSkeletonAheadOfExpress(ctx)
    this.handler = (req, res) => {
      // Feed pages are answered ahead of express: they are counted here, ahead of them (and once: the app's middleware knows them).
      if (!isHealthCheck(req.url) && !limiter.admit(req, res)) return
      if (!skeleton(req, res)) app(req, res)
    }
    let stopHearing = async () => {}
    this.writer = new SingleWriter({
      db: ctx.db,
      service: 'feed-generator',
      logger: ctx.logger,
      start: async () => {
        // Before ingesting: viewers that API replicas make participants count here too.
        stopHearing = ctx.graph.hearParticipants()
        await ingester.start()
        await grantExpiry.start()
        await publishFeedRecords(ctx).catch((err) => ctx.logger.error({ err }, 'could not publish feed records'))
      },
      stop: async () => {
        await stopHearing()
        await grantExpiry.destroy()
        await ingester.destroy()
      },
    })
    ctx.writer = this.writer
  }

  static async create(cfg: FeedgenConfig, overrides: AppContextOverrides = {}): Promise<FeedGenerator> {
    const ctx = AppContext.fromConfig(cfg, overrides)
    await ctx.db.migrateToLatest()
    const refreshed = await refreshUnsteerableItems(ctx.db)
    if (refreshed > 0) ctx.logger.info({ refreshed }, 'refreshed feed items written before steering')
    await ctx.graph.load(ctx.db.db)
    const xrpc = createServer({ validateResponse: false, payload: { jsonLimit: 100_000 } })
    registerMethods(xrpc, ctx)
    const grantExpiry = createGrantExpiry(ctx)
    const ingester = createFeedIngester({
      db: ctx.db,
      graph: ctx.graph,
      onGrantsWritten: (subjects, tx) => grantExpiry.grantsWritten(tx, subjects),
      firehoseUrl: cfg.firehoseUrl,
      idResolver: ctx.idResolver,
      outbound: ctx.outbound,
      verifyWorkers: cfg.verifyWorkers,
      arrivalThread: cfg.arrivalThread,
      maxBatch: cfg.ingestBatch,
      backfill: cfg.backfill,
      logger: ctx.logger.child({ subsystem: 'ingest' }),
      onItemsChanged: () => ctx.itemsChanged(),
    })
    ctx.ingester = ingester
    const app = express()
    app.use(xrpcCors())
    app.get('/xrpc/_health', (_req, res) => void res.json({ version: '0.1.0', cursor: ingester.cursor ?? null }))
    // Every request but the health check counts, our did:web document included.
    const limiter = new RequestRateLimiter(cfg.rateLimits).countAccountsOf(ctx.auth)
    app.use(limiter.middleware)
    serveDidWeb(app, cfg.serviceDid, [{ id: '#bsky_fg', type: 'BskyFeedGenerator', serviceEndpoint: cfg.publicUrl }])
    // Ahead of the XRPC router: every feed page comes through here (see getFeedSkeleton.ts).
    mountGetFeedSkeleton(app, ctx)
    app.use(xrpc.xrpc.router)
    return new FeedGenerator(ctx, app, ingester, grantExpiry, limiter)
  }

  /** Listens, starts ingesting and watching grant expiries, and publishes our feed records; resolves once it is listening. */
  async start(): Promise<void> {
    const { server, port } = await listen(this.app, {
      handler: this.handler,
      port: this.ctx.cfg.port,
      host: this.ctx.cfg.host,
      service: 'feed generator',
      portVariable: 'FRAMEWRIGHT_FEEDGEN_PORT',
    })
    this.server = server
    this.stopWatchingItems = this.ctx.watchItemChanges()
    this.ctx.logger.info({ port, did: this.ctx.cfg.serviceDid, role: this.ctx.cfg.role }, 'feed generator listening')
    // An API replica only serves: the ingest process writes the index, and the ranking it serves is
    // read from the database (the candidate window is re-read every second). Of several ingest
    // processes one writes; the others wait here as standbys.
    if (runsIngest(this.ctx.cfg.role)) await this.writer.run()
  }

  /** Stops serving, then ingestion, then closes the database; safe to call twice. */
  async destroy(): Promise<void> {
    if (this.destroyed) return
    this.destroyed = true
    await closeServer(this.server)
    await this.writer.stop()
    await this.stopWatchingItems?.()
    this.ctx.graph.destroy()
    this.ctx.outbound.close()
    await this.ctx.db.close()
  }
}

/** Builds the service from the process environment (used by bin.ts). */
export function configFromEnv(): FeedgenConfig {
  return envToConfig(readEnv())
}

/** Every request counts against the rate limits but the health check (load balancers and the stack poll it). */
function isHealthCheck(url: string | undefined): boolean {
  // Anything else under this prefix is counted by the app's middleware, which the health route answers ahead of.
  return url !== undefined && url.startsWith('/xrpc/_health')
}
