import { ServiceContext, createServiceBase, type BaseOverrides, type ServiceBase } from '@framewright/service-kit'
import { algos, feedUri, type FeedAlgorithm } from './algos'
import type { FeedgenConfig } from './config/config'
import { migrations } from './db/migrations'
import type { FeedgenSchema } from './db/schema'
import { FEED_ITEMS_TOPIC } from './ranking/feed-items'
import { SharedPageCache } from './skeleton/page-cache'
import { CandidateWindowCache, loadCandidateWindow } from './steering/candidates'
import { indexWindow, type IndexedWindow } from './steering/window-index'

type Base = ServiceBase<FeedgenSchema>

/** How long a candidate window is kept on Postgres with no note of a change (a backstop for a lost note). */
const WATCHED_WINDOW_MS = 30_000

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

  /** The last window read, when, and the database's data version then (SQLite). */
  private lastWindow?: { version: number; at: number; window: IndexedWindow }
  /** Whether every process's feed item changes reach itemsChanged (Postgres notes: watchItemChanges). */
  private itemsWatched = false
  /** Counts itemsChanged calls: a window read while one happened may predate the change, and is not kept. */
  private itemChanges = 0

  /**
   * Reads the candidate window, unless it cannot have changed since it was last read: on SQLite no
   * other process has written to the file (this process's own writes to feed items call
   * itemsChanged); on Postgres, while every process's changes are heard (watchItemChanges), none
   * was, for up to WATCHED_WINDOW_MS (a note lost while listening began). Reading 3,000 rows blocks
   * a SQLite process for tens of milliseconds, and costs a Postgres replica a tenth of its time.
   */
  private async loadWindow(): Promise<IndexedWindow> {
    const changes = this.itemChanges
    const now = Date.now()
    const version = this.itemsWatched ? 0 : await this.db.dataVersion()
    const last = this.lastWindow
    if (version !== undefined && last?.version === version && (!this.itemsWatched || now - last.at <= WATCHED_WINDOW_MS)) return last.window
    const window = indexWindow(await loadCandidateWindow(this.db.db, this.cfg.steeringWindow))
    this.lastWindow = version === undefined || changes !== this.itemChanges ? undefined : { version, at: now, window }
    return window
  }

  /**
   * Hears every process's feed item changes (Postgres notes, see FEED_ITEMS_TOPIC), so that what
   * was read from feed items is kept until one comes. Returns a function that stops listening,
   * which must run before the database closes. Nothing to hear on SQLite.
   */
  watchItemChanges(): () => Promise<void> {
    if (this.db.dialect !== 'postgres') return async () => {}
    const stop = this.db.listen(FEED_ITEMS_TOPIC, () => this.itemsChanged())
    this.itemsWatched = true
    return async () => {
      this.itemsWatched = false
      await stop()
    }
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
        outboundAllow: cfg.outboundAllow,
        logLevel: cfg.logLevel,
        secrets: [cfg.publisher?.password],
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
