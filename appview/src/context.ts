import { join } from 'node:path'
import { C2paSigner, MediaTools, ServiceContext, createServiceBase, type MediaStore, type BaseOverrides, type ServiceBase } from '@framewright/service-kit'
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
import { DepictedPeople } from './generation/depicted'
import { DraftExpiry } from './generation/draft-expiry'
import { GenerationService } from './generation/service'
import { GenerationLimits } from './generation/limits'
import { ActorHydrator } from './hydration/actors'
import { ConsentChecks } from './likeness/consent-checks'
import { GrantHolderNames } from './likeness/grant-holder-names'
import { BlobCache } from './media/blob-cache'
import { LeftoverFiles, PROCEDURAL_FOLDER, TMP_FOLDER, WORK_FOLDER } from './media/leftovers'
import { createAppviewMediaStore } from './media/cache-budget'
import { VideoMedia } from './media/video-media'
import { SocialMembers } from './social/members'
import { FeedServiceCache } from './feeds/generator'
import { SkeletonClient } from './feeds/skeleton-client'

type Base = ServiceBase<AppviewSchema>

/** Parts tests and the local stack may swap in. */
export interface AppContextOverrides extends BaseOverrides {
  /** Extra providers (e.g. adapters pointed at local fake servers in tests). */
  providers?: VideoProvider[]
  /** A media store other than the configured one (e.g. a bucket on a test S3 server). */
  media?: MediaStore
}

/** Everything the appview's handlers, routes and background work share, built once from config. */
export class AppContext extends ServiceContext<AppviewSchema> {
  /** Who the social index (comments, likes, notifications) is about. */
  readonly social = new SocialMembers()
  /** Asks feed generators for skeletons, through the outbound client. */
  readonly skeletons = new SkeletonClient(this.outbound)
  /** Which service each feed names (see FeedServiceCache). */
  readonly feedServices = new FeedServiceCache()

  private constructor(
    readonly cfg: AppviewConfig,
    base: Base,
    readonly actors: ActorHydrator,
    /** Blobs, thumbnails and drafts: the local folder, or a bucket every replica shares. */
    readonly media: MediaStore,
    readonly blobs: BlobCache,
    /** ffmpeg and ffprobe under this process's limits: every run goes through it. */
    readonly ffmpeg: MediaTools,
    readonly runner: JobRunner,
    readonly generation: GenerationService,
    readonly grantHolderNames: GrantHolderNames,
    readonly consentChecks: ConsentChecks,
    readonly videoMedia: VideoMedia,
    /** Deletes drafts nobody published in time (run by the processes that run jobs). */
    readonly drafts: DraftExpiry,
    /** Removes files that writes cut short by a kill left in the media folder. */
    readonly leftovers: LeftoverFiles,
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
      outboundAllow: cfg.outboundAllow,
      logLevel: cfg.logLevel,
      secrets: cfg.secrets,
      overrides,
    })
    const { db, logger, idResolver } = base
    const actors = new ActorHydrator(db, idResolver, base.identity, logger.child({ subsystem: 'actors' }))
    const media = overrides.media ?? createAppviewMediaStore(cfg.mediaStore, cfg.mediaDir, cfg.mediaCacheBytes, logger.child({ subsystem: 'media-cache' }))
    const blobs = new BlobCache(media, join(cfg.mediaDir, TMP_FOLDER), idResolver, cfg.maxBlobBytes, logger.child({ subsystem: 'blobs' }), base.outbound)
    const ffmpeg = MediaTools.create({ ffmpegPath: cfg.ffmpegPath, ffprobePath: cfg.ffprobePath, limits: cfg.mediaLimits })
    const registry = new ProviderRegistry([
      new ProceduralProvider({
        workDir: join(cfg.mediaDir, PROCEDURAL_FOLDER),
        tools: ffmpeg,
        logger: logger.child({ subsystem: 'procedural' }),
        signer: cfg.c2pa ? C2paSigner.fromPem(cfg.c2pa) : undefined,
      }),
      new ReplicateProvider({
        ...cfg.replicate,
        tools: ffmpeg,
        maxDownloadBytes: cfg.maxBlobBytes,
        logger: logger.child({ subsystem: 'replicate' }),
      }),
      new ComfyUIProvider({
        ...cfg.comfyui,
        tools: ffmpeg,
        maxDownloadBytes: cfg.maxBlobBytes,
        logger: logger.child({ subsystem: 'comfyui' }),
      }),
      ...(overrides.providers ?? []),
    ])
    const jobs = new JobStore(db.db)
    const runner = new JobRunner(jobs, registry, {
      store: media,
      workDir: join(cfg.mediaDir, WORK_FOLDER),
      concurrency: cfg.jobConcurrency,
      tools: ffmpeg,
      logger: logger.child({ subsystem: 'jobs' }),
    })
    const grantHolderNames = new GrantHolderNames(db, idResolver, logger.child({ subsystem: 'grant-holder-names' }), base.outbound)
    const consentChecks = new ConsentChecks(db, actors, grantHolderNames, idResolver, base.identity, base.graph)
    const people = new DepictedPeople(db, consentChecks, grantHolderNames)
    const generation = new GenerationService(people, consentChecks, jobs, registry, runner, cfg.publicUrl, new GenerationLimits(cfg.generationLimits))
    const videoMedia = new VideoMedia(db.db, blobs, ffmpeg, logger.child({ subsystem: 'video-media' }))
    const drafts = new DraftExpiry(db.db, jobs, media, { maxAgeMs: cfg.draftMaxAgeMs, logger: logger.child({ subsystem: 'drafts' }) })
    const leftovers = new LeftoverFiles({ mediaDir: cfg.mediaDir, jobs, logger: logger.child({ subsystem: 'leftovers' }) })
    return new AppContext(cfg, base, actors, media, blobs, ffmpeg, runner, generation, grantHolderNames, consentChecks, videoMedia, drafts, leftovers)
  }
}
