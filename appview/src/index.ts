import type { Server as HttpServer } from 'node:http'
import express from 'express'
import { createServer } from '@framewright/lexicons/server'
import { ConfigError, SingleWriter, closeServer, listen, runsIngest, runsJobs, serveDidWeb, xrpcCors, type FirehoseIngester } from '@framewright/service-kit'
import { registerMethods } from './api'
import { DEFAULT_APPVIEW_PORT, DEFAULT_CLIENT_PORT, dbLocationOf, envToConfig, type AppviewConfig } from './config/config'
import { readEnv } from './config/env'
import { AppContext, type AppContextOverrides } from './context'
import { createAppviewIngester } from './ingest'
import { LabelSubscriber } from './labels/subscriber'
import { clientApp } from './routes/client'
import { mediaRoutes } from './routes/media'
import { appviewRateLimiters, limitMedia } from './routes/rate-limits'

export { DEFAULT_APPVIEW_PORT, DEFAULT_CLIENT_PORT, dbLocationOf, envToConfig, readEnv, type AppviewConfig, AppContext }
export type { VideoProvider } from './generation/provider'
export { ProviderRejectedError, UnknownProviderJobError } from './generation/provider'
export { ReplicateProvider, ReplicateUnavailableError } from './generation/providers/replicate'
export { ComfyUIProvider, ComfyUnavailableError, loadWorkflow } from './generation/providers/comfyui'
export { defaultFfmpegPaths, probeVideo, MediaTools } from '@framewright/service-kit'
export { mediaKeys } from './media/keys'

/**
 * The appview: indexes our records from the firehose and labels from the labelers we follow,
 * serves hydrated views and media, runs generation jobs, and serves the web client.
 */
export class Appview {
  private servers: HttpServer[] = []
  private destroyed = false
  /** Ingestion and the labelers' label streams: one process of the appview does them. */
  private readonly writer: SingleWriter

  private constructor(
    readonly ctx: AppContext,
    readonly app: express.Application,
    readonly client: express.Application | undefined,
    readonly ingester: FirehoseIngester,
    readonly labelSubscribers: LabelSubscriber[],
  ) {
    let stopHearing: (() => Promise<void>)[] = []
    this.writer = new SingleWriter({
      db: ctx.db,
      service: 'appview',
      logger: ctx.logger,
      start: async () => {
        // The keep rules' members are the writer's alone: API replicas never judge an event, and the
        // set holds every companion post (a million videos make it the largest thing in their heap).
        await ctx.social.load(ctx.db.db)
        // Before ingesting: people that API replicas add (viewers, notification readers) count here too.
        stopHearing = [ctx.graph.hearParticipants(), ctx.social.hearPeople(ctx.db, ctx.logger)]
        await ingester.start()
        const unnamed = await ctx.grantHolderNames.backfill()
        if (unnamed > 0) ctx.logger.info({ unnamed }, 'reading the display names of grant holders indexed before names were kept')
        for (const sub of labelSubscribers) sub.start()
      },
      stop: async () => {
        await Promise.all(stopHearing.map((stop) => stop()))
        await Promise.all(labelSubscribers.map((s) => s.destroy()))
        await ingester.destroy()
      },
    })
    ctx.writer = this.writer
  }

  static async create(cfg: AppviewConfig, overrides: AppContextOverrides = {}): Promise<Appview> {
    const ctx = AppContext.fromConfig(cfg, overrides)
    await verifyMediaStore(ctx)
    await ctx.db.migrateToLatest()
    await ctx.graph.load(ctx.db.db)
    await ctx.grantHolderNames.load()
    const xrpc = createServer({ validateResponse: false, payload: { jsonLimit: 100_000 } })
    registerMethods(xrpc, ctx)
    const limiters = appviewRateLimiters(cfg, ctx.auth)
    const app = express()
    app.use(xrpcCors())
    app.get('/xrpc/_health', (_req, res) => void res.json({ version: '0.1.0' }))
    // Media against its own limits; every other request but the health check against the API's.
    limitMedia(app, limiters)
    app.use(mediaRoutes(ctx))
    app.use(limiters.requests.middleware)
    serveDidWeb(app, cfg.serviceDid, [{ id: '#framewright_appview', type: 'FramewrightAppView', serviceEndpoint: cfg.publicUrl }])
    app.use(xrpc.xrpc.router)
    const ingester = createAppviewIngester({
      db: ctx.db,
      graph: ctx.graph,
      firehoseUrl: cfg.firehoseUrl,
      idResolver: ctx.idResolver,
      outbound: ctx.outbound,
      verifyWorkers: cfg.verifyWorkers,
      arrivalThread: cfg.arrivalThread,
      maxBatch: cfg.ingestBatch,
      backfill: cfg.backfill,
      logger: ctx.logger.child({ subsystem: 'ingest' }),
      names: ctx.grantHolderNames,
      social: ctx.social,
      media: ctx.videoMedia,
    })
    ctx.ingester = ingester
    const subscribers = cfg.labelers.map(
      (did) => new LabelSubscriber(did, ctx.db, ctx.idResolver, ctx.logger.child({ subsystem: 'labels' }), ctx.outbound),
    )
    return new Appview(ctx, app, cfg.clientPort ? clientApp(ctx, limiters.requests) : undefined, ingester, subscribers)
  }

  /** Listens (XRPC and the web client), then starts ingestion, label subscriptions and the job runner. */
  async start(): Promise<void> {
    const { cfg } = this.ctx
    const api = await listen(this.app, { port: cfg.port, host: cfg.host, service: 'appview', portVariable: 'FRAMEWRIGHT_APPVIEW_PORT' })
    this.servers.push(api.server)
    // The web client is served by whichever processes serve people.
    if (this.client && (cfg.role === 'all' || cfg.role === 'api')) {
      const web = await listen(this.client, { port: cfg.clientPort, host: cfg.host, service: 'web client', portVariable: 'FRAMEWRIGHT_CLIENT_PORT' })
      this.servers.push(web.server)
    }
    this.ctx.logger.info({ port: api.port, did: cfg.serviceDid, role: cfg.role }, 'appview listening')
    // What a kill left half-written in the media folder (blob downloads, job results, renders) goes,
    // now in the background and then hourly: only files nobody has written to for an hour.
    this.ctx.leftovers.start()
    // API replicas queue jobs in the database; job runners (and an all-in-one process) run them.
    if (runsJobs(cfg.role)) {
      await this.ctx.runner.start()
      this.ctx.drafts.start()
    }
    // Of several ingest processes one writes; the others wait here as standbys.
    if (runsIngest(cfg.role)) await this.writer.run()
  }

  /** Stops serving, background work, providers, then the database; safe to call twice. */
  async destroy(): Promise<void> {
    if (this.destroyed) return
    this.destroyed = true
    await Promise.all(this.servers.map((s) => closeServer(s)))
    await this.ctx.runner.destroy()
    await this.ctx.drafts.destroy()
    await this.ctx.leftovers.destroy()
    await Promise.all(this.ctx.generation.registry.list().map((p) => p.close?.()))
    await this.writer.stop()
    await this.ctx.grantHolderNames.destroy()
    await this.ctx.videoMedia.close()
    await this.ctx.media.close()
    this.ctx.graph.destroy()
    this.ctx.outbound.close()
    await this.ctx.db.close()
  }
}

/** Builds the config from the process environment (used by bin.ts). */
export function configFromEnv(): AppviewConfig {
  return envToConfig(readEnv())
}

/**
 * A missing bucket or refused credentials stop the start with the setting to change; a store that
 * cannot be reached just now does not (feeds work without media, and it may come back).
 */
async function verifyMediaStore(ctx: AppContext): Promise<void> {
  try {
    await ctx.media.verify()
    ctx.logger.info({ mediaStore: ctx.cfg.mediaStore.kind }, 'media store ready')
  } catch (err) {
    if (err instanceof ConfigError) throw err
    ctx.logger.warn({ err }, 'the media store cannot be reached; videos, thumbnails and drafts fail until it can')
  }
}
