import { ServiceContext, createServiceBase, type BaseOverrides, type ServiceBase } from '@framewright/service-kit'
import { algos, feedUri, type FeedAlgorithm } from './algos'
import type { FeedgenConfig } from './config/config'
import { migrations } from './db/migrations'
import type { FeedgenSchema } from './db/schema'
import { SharedPageCache } from './skeleton/page-cache'
import { CandidateWindowCache, loadCandidateWindow } from './steering/candidates'
import { indexWindow, type IndexedWindow } from './steering/window-index'

type Base = ServiceBase<FeedgenSchema>

/** An anonymous getFeedSkeleton answer as sent: the same bytes for every anonymous reader of that page. */
export interface AnonymousPage {
  body: Buffer
  headers: Record<string, string>
}

/** Parts tests and the local stack may swap in. */
export type AppContextOverrides = BaseOverrides

/** Everything the feed generator's handlers and ingester share, built once from config. */
export class AppContext extends ServiceContext<FeedgenSchema> {
  /** The top items steered pages re-score, shared between requests for a moment. */
  readonly candidates: CandidateWindowCache<IndexedWindow>
  /** Anonymous skeleton pages, serialised, shared between anonymous requests for the same moment. */
  readonly anonymousPages = new SharedPageCache<AnonymousPage>()

  private constructor(
    readonly cfg: FeedgenConfig,
    base: Base,
  ) {
    super(base)
    this.candidates = new CandidateWindowCache(() => this.loadWindow())
  }

  /** The last window read, and the database's data version when it was (SQLite). */
  private lastWindow?: { version: number; window: IndexedWindow }
  /** Counts itemsChanged calls: a window read while one happened may predate the change, and is not kept. */
  private itemChanges = 0

  /**
   * Reads the candidate window, unless no other process has written to a SQLite file since it was
   * last read (this process's own writes to feed items call itemsChanged): reading 3,000 rows
   * blocks a SQLite process for tens of milliseconds, every second.
   */
  private async loadWindow(): Promise<IndexedWindow> {
    const changes = this.itemChanges
    const version = await this.db.dataVersion()
    const last = this.lastWindow
    if (version !== undefined && last?.version === version) return last.window
    const window = indexWindow(await loadCandidateWindow(this.db.db, this.cfg.steeringWindow))
    this.lastWindow = version === undefined || changes !== this.itemChanges ? undefined : { version, window }
    return window
  }

  /** Feed items changed (the ingester wrote some): what was read from them is read again. */
  itemsChanged(): void {
    this.itemChanges++
    this.lastWindow = undefined
    this.candidates.invalidate()
    this.anonymousPages.clear()
  }

  static fromConfig(cfg: FeedgenConfig, overrides: AppContextOverrides = {}): AppContext {
    return new AppContext(
      cfg,
      createServiceBase<FeedgenSchema>({
        service: 'feed-generator',
        serviceDid: cfg.serviceDid,
        dbLocation: cfg.dbLocation,
        dbVariable: 'FRAMEWRIGHT_FEEDGEN_DB',
        migrations,
        plcUrl: cfg.plcUrl,
        handleResolverUrl: cfg.handleResolverUrl,
        logLevel: cfg.logLevel,
        overrides,
      }),
    )
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
