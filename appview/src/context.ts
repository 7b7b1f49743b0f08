import { join } from 'node:path'
import {
  Database,
  DbCursorStore,
  ServiceAuthVerifier,
  createIdResolver,
  createLogger,
  type IdentityConfig,
  type IdResolver,
  type IngestCursorSchema,
  type Logger,
} from '@framewright/service-kit'
import type { AppviewConfig } from './config/config'
import { migrations } from './db/migrations'
import type { AppviewSchema } from './db/schema'
import type { VideoProvider } from './generation/provider'
import { ProceduralProvider } from './generation/providers/procedural'
import { JobStore } from './generation/jobs'
import { ProviderRegistry } from './generation/registry'
import { JobRunner } from './generation/runner'
import { GenerationService } from './generation/service'
import { ActorHydrator } from './hydration/actors'
import { BlobCache } from './media/blob-cache'
import { defaultFfmpegPaths, type FfmpegPaths } from './media/ffmpeg'

/** Parts tests and the local stack may swap in. */
export interface AppContextOverrides {
  logger?: Logger
  idResolver?: IdResolver
  /** Extra providers (e.g. adapters pointed at local fake servers in tests). */
  providers?: VideoProvider[]
}

/** Everything the appview's handlers, routes and background work share, built once from config. */
export class AppContext {
  private constructor(
    readonly cfg: AppviewConfig,
    readonly db: Database<AppviewSchema>,
    readonly idResolver: IdResolver,
    readonly auth: ServiceAuthVerifier,
    readonly actors: ActorHydrator,
    readonly blobs: BlobCache,
    readonly ffmpeg: FfmpegPaths,
    readonly runner: JobRunner,
    readonly generation: GenerationService,
    readonly cursor: DbCursorStore,
    readonly logger: Logger,
  ) {}

  static fromConfig(cfg: AppviewConfig, overrides: AppContextOverrides = {}): AppContext {
    const logger = (overrides.logger ?? createLogger({ level: cfg.logLevel })).child({ service: 'appview' })
    const db = Database.open<AppviewSchema>(cfg.dbLocation, migrations, 'FRAMEWRIGHT_APPVIEW_DB')
    const identity: IdentityConfig = { plcUrl: cfg.plcUrl, handleResolverUrl: cfg.handleResolverUrl }
    const idResolver = overrides.idResolver ?? createIdResolver(identity)
    const auth = new ServiceAuthVerifier(idResolver, cfg.serviceDid)
    const actors = new ActorHydrator(db, idResolver, identity, logger.child({ subsystem: 'actors' }))
    const blobs = new BlobCache(join(cfg.mediaDir, 'blobs'), idResolver, cfg.maxBlobBytes, logger.child({ subsystem: 'blobs' }))
    const defaults = defaultFfmpegPaths()
    const ffmpeg = { ffmpeg: cfg.ffmpegPath ?? defaults.ffmpeg, ffprobe: cfg.ffprobePath ?? defaults.ffprobe }
    const registry = new ProviderRegistry([
      new ProceduralProvider({
        workDir: join(cfg.mediaDir, 'procedural'),
        ffmpegPath: ffmpeg.ffmpeg,
        ffprobePath: ffmpeg.ffprobe,
        logger: logger.child({ subsystem: 'procedural' }),
      }),
      ...(overrides.providers ?? []),
    ])
    const jobs = new JobStore(db.db)
    const runner = new JobRunner(jobs, registry, {
      draftsDir: join(cfg.mediaDir, 'drafts'),
      concurrency: cfg.jobConcurrency,
      ffmpegPath: ffmpeg.ffmpeg,
      logger: logger.child({ subsystem: 'jobs' }),
    })
    const generation = new GenerationService(db, jobs, registry, runner, cfg.publicUrl)
    const cursor = new DbCursorStore(db.tables<IngestCursorSchema>(), 'firehose')
    return new AppContext(cfg, db, idResolver, auth, actors, blobs, ffmpeg, runner, generation, cursor, logger)
  }
}
