import type { Server as HttpServer } from 'node:http'
import express from 'express'
import { createServer } from '@framewright/lexicons/server'
import { RequestRateLimiter, SingleWriter, SubscriptionLimiter, closeServer, listen, runsIngest, xrpcCors, type FirehoseIngester, type GrantExpiryScheduler } from '@framewright/service-kit'
import { registerMethods } from './api'
import { DEFAULT_LABELER_PORT, dbLocationOf, envToConfig, type LabelerConfig } from './config/config'
import { readEnv } from './config/env'
import { AppContext, type AppContextOverrides } from './context'
import { checkLabelerIdentity, publishServiceRecord } from './identity'
import { createLabelIngester } from './ingest'
import { createGrantExpiry } from './labels/grant-expiry'

export { DEFAULT_LABELER_PORT, dbLocationOf, envToConfig, readEnv, type LabelerConfig, AppContext }
export { LABEL_DEFINITIONS, labelerServiceRecord } from './policies'


/** The labeler service: ingests the firehose, signs labels, serves queryLabels/subscribeLabels/createReport. */
export class Labeler {
  private server?: HttpServer
  private destroyed = false
  /** Ingestion, scans, fingerprints, the expiry sweep and our service record: one process of the labeler does them. */
  private readonly writer: SingleWriter
  /** subscribeLabels connections, counted (and refused past the limits) on their upgrade requests. */
  readonly subscriptionLimiter: SubscriptionLimiter

  private constructor(
    readonly ctx: AppContext,
    readonly app: express.Application,
    readonly xrpc: ReturnType<typeof createServer>,
    readonly ingester: FirehoseIngester,
    readonly grantExpiry: GrantExpiryScheduler,
  ) {
    this.subscriptionLimiter = SubscriptionLimiter.of(ctx.cfg.subscriptionLimits, ctx.cfg.rateLimits)
    let stopHearing = async () => {}
    this.writer = new SingleWriter({
      db: ctx.db,
      service: 'labeler',
      logger: ctx.logger,
      start: async () => {
        // Before ingesting: viewers that API replicas make participants count here too.
        stopHearing = ctx.graph.hearParticipants()
        await publishServiceRecord(ctx).catch((err) => ctx.logger.error({ err }, 'could not publish labeler service record'))
        ctx.fingerprinter.start()
        ctx.scanner.start()
        await ingester.start()
        await grantExpiry.start()
      },
      stop: async () => {
        await stopHearing()
        await grantExpiry.destroy()
        await ingester.destroy()
        await ctx.fingerprinter.destroy()
        await ctx.scanner.destroy()
      },
    })
    ctx.writer = this.writer
  }

  static async create(cfg: LabelerConfig, overrides: AppContextOverrides = {}): Promise<Labeler> {
    const ctx = await AppContext.fromConfig(cfg, overrides)
    await ctx.db.migrateToLatest()
    await ctx.graph.load(ctx.db.db)
    const xrpc = createServer({ validateResponse: false })
    registerMethods(xrpc, ctx)
    const app = express()
    app.use(xrpcCors())
    app.get('/xrpc/_health', (_req, res) => void res.json({ version: '0.1.0' }))
    // Every request but the health check counts, whatever its path.
    app.use(new RequestRateLimiter(cfg.rateLimits).countAccountsOf(ctx.auth).middleware)
    app.use(xrpc.xrpc.router)
    const grantExpiry = createGrantExpiry(ctx)
    const ingester = createLabelIngester({
      db: ctx.db,
      engine: ctx.engine,
      graph: ctx.graph,
      onGrantsWritten: (subjects, tx) => grantExpiry.grantsWritten(tx, subjects),
      onIndexed: (uris, tx) => ctx.originals.indexed(uris, tx),
      onScan: (subjects, tx) => ctx.scanner.offer(subjects, tx),
      onScanCommitted: () => ctx.scanner.wake(),
      firehoseUrl: cfg.firehoseUrl,
      idResolver: ctx.idResolver,
      outbound: ctx.outbound,
      verifyWorkers: cfg.verifyWorkers,
      arrivalThread: cfg.arrivalThread,
      maxBatch: cfg.ingestBatch,
      backfill: cfg.backfill,
      logger: ctx.logger.child({ subsystem: 'ingest' }),
    })
    ctx.ingester = ingester
    return new Labeler(ctx, app, xrpc, ingester, grantExpiry)
  }

  /** Listens, checks our identity, publishes our service record, starts ingesting and watching grant expiries. */
  async start(): Promise<void> {
    const { server, port } = await listen(this.app, {
      port: this.ctx.cfg.port,
      host: this.ctx.cfg.host,
      service: 'labeler',
      portVariable: 'FRAMEWRIGHT_LABELER_PORT',
      upgrades: this.subscriptionLimiter,
    })
    this.server = server
    this.ctx.logger.info({ port, did: this.ctx.cfg.did, role: this.ctx.cfg.role }, 'labeler listening')
    await checkLabelerIdentity(this.ctx).catch((err) => this.ctx.logger.error({ err }, 'could not check our DID document'))
    // An API replica serves labels, reports and moderators' decisions from the database; the ingest
    // process labels the network, scans and sweeps expiries (of several, one; the others stand by).
    if (runsIngest(this.ctx.cfg.role)) await this.writer.run()
  }

  /** Stops serving (closing label subscriptions), then ingestion, then the database; safe to call twice. */
  async destroy(): Promise<void> {
    if (this.destroyed) return
    this.destroyed = true
    for (const sub of this.xrpc.xrpc.subscriptions.values()) for (const ws of sub.wss.clients) ws.terminate()
    await closeServer(this.server)
    await this.writer.stop()
    await this.ctx.faceEngine?.close()
    this.ctx.graph.destroy()
    await this.ctx.labels.close()
    this.ctx.outbound.close()
    await this.ctx.db.close()
  }
}

/** Builds the config from the process environment (used by bin.ts). */
export function configFromEnv(): LabelerConfig {
  return envToConfig(readEnv())
}
