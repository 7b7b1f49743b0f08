import { DisplayNames, MediaTools, NodeKeypair, ServiceContext, createServiceBase, type BaseOverrides, type ServiceBase } from '@framewright/service-kit'
import type { LabelerConfig } from './config/config'
import { migrations } from './db/migrations'
import type { LabelerSchema } from './db/schema'
import { defaultDetectors, type Detector } from './detectors'
import { c2paPostDetector, c2paVideoDetector } from './detectors/c2pa'
import { knownCopyPostDetector, knownCopyVideoDetector } from './detectors/known-copy'
import { KnownFingerprinter } from './fingerprint/fingerprinter'
import { KnownFingerprintStore } from './fingerprint/store'
import { LabelingEngine } from './labels/engine'
import { LabelStore } from './labels/store'
import { moderatorOnly } from './moderation/auth'
import { KnownOriginals } from './moderation/known-originals'
import { Moderation } from './moderation/moderator'
import { ReportQueue } from './moderation/reports'
import { Enroller } from './faces/enrolment'
import { FaceEngine } from './faces/engine'
import { TemplateSealer } from './faces/sealed'
import { TemplateStore } from './faces/templates'
import type { Analyser } from './scan/analyser'
import { C2paAnalyser, storedC2paFacts } from './scan/c2pa-analyser'
import { FaceAnalyser } from './scan/face-analyser'
import { KnownCopyAnalyser } from './scan/known-copy-analyser'
import { Scanner } from './scan/scanner'
import { FixedWindowLimiter } from '@framewright/service-kit'

type Base = ServiceBase<LabelerSchema>

/** Parts tests and the local stack may swap in. */
export interface AppContextOverrides extends BaseOverrides {
  detectors?: Detector[]
  /** A face engine shared between labelers (tests), instead of one of our own. */
  faceEngine?: FaceEngine
}

/** Everything the labeler's handlers and ingester share, built once from config. */
export class AppContext extends ServiceContext<LabelerSchema> {
  private constructor(
    readonly cfg: LabelerConfig,
    base: Base,
    readonly signingKey: NodeKeypair,
    readonly labels: LabelStore,
    readonly engine: LabelingEngine,
    readonly reports: ReportQueue,
    readonly moderation: Moderation,
    readonly knownFingerprints: KnownFingerprintStore,
    readonly fingerprinter: KnownFingerprinter,
    readonly originals: KnownOriginals,
    /** Absent without a template key: no enrolment, no face scanning. */
    readonly templates: TemplateStore | undefined,
    readonly enroller: Enroller | undefined,
    readonly faceEngine: FaceEngine | undefined,
    readonly scanner: Scanner,
  ) {
    super(base)
    this.names = new DisplayNames(base.idResolver, base.identity)
    this.reportLimiter = cfg.reportLimit ? new FixedWindowLimiter(cfg.reportLimit) : undefined
  }

  /** Display names for explanations, which name people by marker (see labels/names.ts). */
  readonly names: DisplayNames
  /** Reports per reporter (FRAMEWRIGHT_LABELER_REPORT_LIMIT), in this process's memory; absent: no limit. */
  readonly reportLimiter: FixedWindowLimiter | undefined

  /** Auth for moderator-only methods: a verified service JWT for lxm from a configured moderator. */
  moderatorAuth(lxm: string) {
    return moderatorOnly(this.auth, this.cfg.moderators, lxm)
  }

  static async fromConfig(cfg: LabelerConfig, overrides: AppContextOverrides = {}): Promise<AppContext> {
    const base = createServiceBase<LabelerSchema>({
      service: 'labeler',
      serviceDid: cfg.did,
      dbLocation: cfg.dbLocation,
      dbVariable: 'FRAMEWRIGHT_LABELER_DB',
      migrations,
      plcUrl: cfg.plcUrl,
      handleResolverUrl: cfg.handleResolverUrl,
      outboundAllow: cfg.outboundAllow,
      logLevel: cfg.logLevel,
      secrets: [cfg.signingKeyHex, cfg.templateKeyHex, cfg.account?.password],
      overrides,
    })
    // Signed on OpenSSL: labels are signed on the ingestion path, for every video and its companion post.
    const signingKey = NodeKeypair.import(cfg.signingKeyHex, cfg.signingKeyCurve)
    const labels = new LabelStore(base.db.db, signingKey, cfg.did, base.db)
    const knownFingerprints = new KnownFingerprintStore(base.db.db)
    const c2paFacts = storedC2paFacts(base.db.db)
    const detectors = overrides.detectors ?? [
      // The C2PA detectors read what the scan pipeline's C2PA analyser stored.
      ...defaultDetectors.map((d) => (d.name === 'c2pa' ? c2paVideoDetector(c2paFacts) : d)),
      c2paPostDetector(c2paFacts),
      knownCopyVideoDetector(knownFingerprints),
      knownCopyPostDetector(knownFingerprints),
    ]
    const engine = new LabelingEngine(base.db, labels, detectors, base.logger.child({ subsystem: 'engine' }), (dids, db) => base.graph.requestFollows(dids, db))
    const reports = new ReportQueue(base.db.db)
    // One set of limits for every ffmpeg and ffprobe run of this process: scans, fingerprints and enrolments.
    const ffmpeg = MediaTools.create({ limits: cfg.mediaLimits })
    const fingerprinter = new KnownFingerprinter({
      store: knownFingerprints,
      idResolver: base.idResolver,
      outbound: base.outbound,
      ffmpeg,
      maxBlobBytes: cfg.maxBlobBytes,
      logger: base.logger.child({ subsystem: 'fingerprints' }),
    })
    const originals = new KnownOriginals(base.db, knownFingerprints, fingerprinter, engine, base.logger.child({ subsystem: 'known-originals' }))
    const moderation = new Moderation(labels, engine, reports, detectors, base.logger.child({ subsystem: 'moderation' }), originals)
    const faceEngine = cfg.templateKeyHex ? (overrides.faceEngine ?? new FaceEngine({ workers: cfg.faceWorkers })) : undefined
    const templates = cfg.templateKeyHex ? new TemplateStore(base.db.db, new TemplateSealer(cfg.templateKeyHex)) : undefined
    const enroller = faceEngine && templates ? new Enroller(faceEngine, templates, ffmpeg) : undefined
    const analysers: Analyser[] = [new C2paAnalyser(cfg.c2paTrustAnchorsPem), new KnownCopyAnalyser(knownFingerprints, ffmpeg)]
    const scanner: Scanner = new Scanner({
      db: base.db,
      analysers,
      idResolver: base.idResolver,
      outbound: base.outbound,
      ffmpeg,
      maxQueued: cfg.scanQueue,
      maxBlobBytes: cfg.maxBlobBytes,
      concurrency: cfg.faceWorkers + 1,
      logger: base.logger.child({ subsystem: 'scan' }),
      onScanned: async (subjects) => {
        await engine.evaluateAlone(
          subjects.filter((s) => s.kind === 'video').map((s) => s.uri),
          subjects.filter((s) => s.kind === 'post').map((s) => s.uri),
        )
      },
    })
    if (faceEngine && templates) analysers.push(new FaceAnalyser(faceEngine, templates, cfg.faceMatchDistance, (n) => scanner.countFrames(n)))
    return new AppContext(cfg, base, signingKey, labels, engine, reports, moderation, knownFingerprints, fingerprinter, originals, templates, enroller, faceEngine, scanner)
  }
}
