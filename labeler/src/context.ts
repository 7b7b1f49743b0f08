import { Secp256k1Keypair } from '@atproto/crypto'
import {
  Database,
  DbCursorStore,
  ServiceAuthVerifier,
  createIdResolver,
  createLogger,
  type IdResolver,
  type IngestCursorSchema,
  type Logger,
} from '@framewright/service-kit'
import type { LabelerConfig } from './config/config'
import { migrations } from './db/migrations'
import type { LabelerSchema } from './db/schema'
import { defaultDetectors, type Detector } from './detectors'
import { LabelingEngine } from './labels/engine'
import { LabelStore } from './labels/store'

/** Parts tests and the local stack may swap in. */
export interface AppContextOverrides {
  logger?: Logger
  idResolver?: IdResolver
  detectors?: Detector[]
}

/** Everything the labeler's handlers and ingester share, built once from config. */
export class AppContext {
  private constructor(
    readonly cfg: LabelerConfig,
    readonly db: Database<LabelerSchema>,
    readonly idResolver: IdResolver,
    readonly auth: ServiceAuthVerifier,
    readonly signingKey: Secp256k1Keypair,
    readonly labels: LabelStore,
    readonly engine: LabelingEngine,
    readonly cursor: DbCursorStore,
    readonly logger: Logger,
  ) {}

  static async fromConfig(cfg: LabelerConfig, overrides: AppContextOverrides = {}): Promise<AppContext> {
    const logger = (overrides.logger ?? createLogger({ level: cfg.logLevel })).child({ service: 'labeler' })
    const db = Database.open<LabelerSchema>(cfg.dbLocation, migrations, 'FRAMEWRIGHT_LABELER_DB')
    const idResolver = overrides.idResolver ?? createIdResolver({ plcUrl: cfg.plcUrl, handleResolverUrl: cfg.handleResolverUrl })
    const signingKey = await Secp256k1Keypair.import(cfg.signingKeyHex)
    const labels = new LabelStore(db.db, signingKey, cfg.did)
    const engine = new LabelingEngine(db, labels, overrides.detectors ?? defaultDetectors, idResolver, logger.child({ subsystem: 'engine' }))
    const auth = new ServiceAuthVerifier(idResolver, cfg.did)
    const cursor = new DbCursorStore(db.tables<IngestCursorSchema>(), 'firehose')
    return new AppContext(cfg, db, idResolver, auth, signingKey, labels, engine, cursor, logger)
  }
}
