import { join } from 'node:path'
import { ServiceContext, createServiceBase, type BaseOverrides, type ServiceBase, defaultFfmpegPaths, type FfmpegPaths } from '@framewright/service-kit'
import type { AppviewConfig } from './config/config'
import { migrations } from './db/migrations'
import type { AppviewSchema } from './db/schema'
import type { VideoProvider } from './generation/provider'
import { ProceduralProvider } from './generation/providers/procedural'
import { ComfyUIProvider } from './generation/providers/comfyui'
import { ReplicateProvider } from './generation/providers/replicate'
import { JobStore } from './generation/jobs'
import { ProviderRegistry } from './generation/registry'
import { JobRunner } from './generation/runner'
import { GenerationService } from './generation/service'
import { ActorHydrator } from './hydration/actors'
import { BlobCache } from './media/blob-cache'

type Base = ServiceBase<AppviewSchema>

/** Parts tests and the local stack may swap in. */
export interface AppContextOverrides extends BaseOverrides {
  /** Extra providers (e.g. adapters pointed at local fake servers in tests). */
  providers?: VideoProvider[]
}

/** Everything the appview's handlers, routes and background work share, built once from config. */
export class AppContext extends ServiceContext<AppviewSchema> {
  private constructor(
    readonly cfg: AppviewConfig,
    base: Base,
    readonly actors: ActorHydrator,
    readonly blobs: BlobCache,
    readonly ffmpeg: FfmpegPaths,
    readonly runner: JobRunner,
    readonly generation: GenerationService,
  ) {
    super(base)
  }

  static fromConfig(cfg: AppviewConfig, overrides: AppContextOverrides = {}): AppContext {
    const base = createServiceBase<AppviewSchema>({
      service: 'appview',
      serviceDid: cfg.serviceDid,
      dbLocation: cfg.dbLocation,
      dbVariable: 'FRAMEWRIGHT_APPVIEW_DB',
      migrations,
      plcUrl: cfg.plcUrl,
      handleResolverUrl: cfg.handleResolverUrl,
      logLevel: cfg.logLevel,
      overrides,
    })
    const { db, logger, idResolver } = base
    const actors = new ActorHydrator(db, idResolver, base.identity, logger.child({ subsystem: 'actors' }))
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
      new ReplicateProvider({
        ...cfg.replicate,
        ffprobePath: ffmpeg.ffprobe,
        maxDownloadBytes: cfg.maxBlobBytes,
        logger: logger.child({ subsystem: 'replicate' }),
      }),
      new ComfyUIProvider({
        ...cfg.comfyui,
        ffprobePath: ffmpeg.ffprobe,
        maxDownloadBytes: cfg.maxBlobBytes,
        logger: logger.child({ subsystem: 'comfyui' }),
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
    const generation = new GenerationService(db, jobs, registry, runner, cfg.publicUrl, base.graph)
    return new AppContext(cfg, base, actors, blobs, ffmpeg, runner, generation)
  }
}
