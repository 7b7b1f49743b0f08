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
import { algos, feedUri, type FeedAlgorithm } from './algos'
import type { FeedgenConfig } from './config/config'
import type { FeedgenSchema } from './db/schema'
import { migrations } from './db/migrations'

/** Parts tests and the local stack may swap in. */
export interface AppContextOverrides {
  logger?: Logger
  idResolver?: IdResolver
}

/** Everything the feed generator's handlers and ingester share, built once from config. */
export class AppContext {
  private constructor(
    readonly cfg: FeedgenConfig,
    readonly db: Database<FeedgenSchema>,
    readonly idResolver: IdResolver,
    readonly auth: ServiceAuthVerifier,
    readonly cursor: DbCursorStore,
    readonly logger: Logger,
  ) {}

  static fromConfig(cfg: FeedgenConfig, overrides: AppContextOverrides = {}): AppContext {
    const logger = (overrides.logger ?? createLogger({ level: cfg.logLevel })).child({ service: 'feed-generator' })
    const db = Database.open<FeedgenSchema>(cfg.dbLocation, migrations, 'FRAMEWRIGHT_FEEDGEN_DB')
    const idResolver = overrides.idResolver ?? createIdResolver({ plcUrl: cfg.plcUrl, handleResolverUrl: cfg.handleResolverUrl })
    const auth = new ServiceAuthVerifier(idResolver, cfg.serviceDid)
    const cursor = new DbCursorStore(db.tables<IngestCursorSchema>(), 'firehose')
    return new AppContext(cfg, db, idResolver, auth, cursor, logger)
  }

  /** The algorithm behind a feed URI, if it is one of ours. */
  algoForFeedUri(uri: string): FeedAlgorithm | undefined {
    const rkey = uri.split('/').pop() ?? ''
    const algo = Object.hasOwn(algos, rkey) ? algos[rkey] : undefined
    return algo && feedUri(this.cfg.publisherDid, algo.rkey) === uri ? algo : undefined
  }

  /** URIs of every feed we serve. */
  feedUris(): string[] {
    return Object.values(algos).map((a) => feedUri(this.cfg.publisherDid, a.rkey))
  }
}
