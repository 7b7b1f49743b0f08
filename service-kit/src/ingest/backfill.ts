import type { Kysely } from 'kysely'
import type { Logger } from '../logger'
import { backoffMs, sleep } from '../util'
import { discoverRepos, DiscoveryNotOfferedError, type DiscoveredRepo } from './backfill-discovery'
import { isTransientImportError, RepoImportError, type RepoImporter } from './backfill-import'
import { fileDeadLetters } from './dead-letters'
import type { IngestSchema } from './schema'

/** When a service backfills (FRAMEWRIGHT_BACKFILL): on an empty database, at every start, or never. */
export type BackfillMode = 'auto' | 'always' | 'never'

/** Where a backfill is, for the log and the status method. */
export interface BackfillStats {
  state: 'none' | 'discovering' | 'importing' | 'done'
  reposTotal: number
  reposDone: number
  /** Records handed to the service. */
  records: number
  /** Repos given up (each filed as a dead letter with its reason). */
  failed: number
  startedAt?: string
  finishedAt?: string
}

/** Attempts at one repo before it is filed as a dead letter. */
const ATTEMPTS = 5

/**
 * Imports every repo that holds our collections, with bounded concurrency, before the service
 * follows the live stream: the caller has already taken the stream's position (connected), so
 * what is committed during the backfill is queued and applied after it (and a commit older than
 * what was imported is skipped through repo_state). A repo that keeps failing is filed as a dead
 * letter with its reason, never dropped silently. Repos marked needsResync are imported too.
 */
export class Backfill {
  readonly stats: BackfillStats = { state: 'none', reposTotal: 0, reposDone: 0, records: 0, failed: 0 }

  constructor(
    private readonly opts: {
      db: Kysely<any>
      importer: RepoImporter
      /** http(s) base URL of the source. */
      source: string
      collections: readonly string[]
      logger: Logger
      signal: AbortSignal
      concurrency?: number
      progressEveryMs?: number
      /** Called once the repos are found, before the first is imported. */
      onDiscovered?: () => void
    },
  ) {}

  private get db(): Kysely<IngestSchema> {
    return this.opts.db as Kysely<IngestSchema>
  }

  /**
   * Runs one backfill to the end (discovery failures are retried with backoff until they pass or we
   * stop). Throws DiscoveryNotOfferedError when the source cannot list repos at all.
   */
  async run(): Promise<void> {
    const { logger, signal } = this.opts
    Object.assign(this.stats, { state: 'discovering', reposTotal: 0, reposDone: 0, records: 0, failed: 0, startedAt: new Date().toISOString(), finishedAt: undefined })
    let repos: DiscoveredRepo[] | undefined
    for (let attempt = 0; !repos && !signal.aborted; attempt++) {
      try {
        repos = await discoverRepos({ source: this.opts.source, collections: this.opts.collections, logger, signal })
      } catch (err) {
        if (signal.aborted) return
        if (err instanceof DiscoveryNotOfferedError) {
          this.stats.state = 'none'
          throw err
        }
        logger.warn({ err, attempt }, 'backfill: could not list the repos; retrying')
        await sleep(backoffMs(attempt, 1_000, 60_000), signal).catch(() => undefined)
      }
    }
    if (!repos) return
    this.opts.onDiscovered?.()
    const todo = await this.pending(repos)
    this.stats.state = 'importing'
    this.stats.reposTotal = todo.length
    const began = Date.now()
    logger.info({ repos: todo.length, found: repos.length }, 'backfill: importing')
    const timer = setInterval(() => this.logProgress(began), this.opts.progressEveryMs ?? 5_000)
    timer.unref()
    try {
      let next = 0
      const worker = async () => {
        while (next < todo.length && !signal.aborted) await this.importOne(todo[next++]!)
      }
      await Promise.all(Array.from({ length: Math.max(1, this.opts.concurrency ?? 4) }, worker))
    } finally {
      clearInterval(timer)
    }
    if (signal.aborted) return
    this.stats.state = 'done'
    this.stats.finishedAt = new Date().toISOString()
    this.logProgress(began, 'backfill: done')
  }

  /**
   * The repos still to import: those we do not hold at the rev the source lists (a restarted
   * backfill does not fetch again what it finished), plus every repo marked for re-sync.
   */
  private async pending(repos: DiscoveredRepo[]): Promise<string[]> {
    const held = new Map<string, { rev: string; needsResync: number }>()
    for (const row of await this.db.selectFrom('repo_state').select(['did', 'rev', 'needsResync']).execute()) held.set(row.did, row)
    const out = new Set<string>()
    for (const repo of repos) {
      const h = held.get(repo.did)
      if (h && repo.rev !== undefined && h.rev >= repo.rev && h.needsResync === 0) continue
      out.add(repo.did)
    }
    for (const [did, h] of held) if (h.needsResync === 1) out.add(did)
    return [...out]
  }

  /** One repo, retried with backoff while the failure may pass; a dead letter when it cannot. */
  private async importOne(did: string): Promise<void> {
    const result = await importWithRetry(this.opts.importer, did, this.db, this.opts.logger, this.opts.signal)
    if (result === 'aborted') return
    if (result === 'failed') this.stats.failed++
    else this.stats.records += result.records
    this.stats.reposDone++
  }

  private logProgress(began: number, msg = 'backfill: progress'): void {
    const seconds = Math.max(0.001, (Date.now() - began) / 1000)
    const { reposDone, reposTotal, records, failed } = this.stats
    this.opts.logger.info({ reposDone, reposTotal, records, failed, reposPerSecond: Math.round(reposDone / seconds), recordsPerSecond: Math.round(records / seconds) }, msg)
  }
}

/**
 * Imports a repo, retrying transient failures with backoff; a repo that can never be imported, or
 * still fails after the last attempt, is filed as a dead letter (subject: its DID) with the reason.
 */
export async function importWithRetry(
  importer: RepoImporter,
  did: string,
  db: Kysely<IngestSchema>,
  logger: Logger,
  signal: AbortSignal,
): Promise<{ records: number } | 'failed' | 'aborted'> {
  for (let attempt = 0; ; attempt++) {
    if (signal.aborted) return 'aborted'
    try {
      const result = await importer.importRepo(did)
      return { records: result.records }
    } catch (err) {
      if (signal.aborted) return 'aborted'
      const last = attempt + 1 >= ATTEMPTS || !isTransientImportError(err)
      if (!last) {
        logger.warn({ did, err: (err as Error).message, attempt }, 'could not import a repo; retrying')
        await sleep(backoffMs(attempt, 500, 30_000), signal).catch(() => undefined)
        continue
      }
      const reason = err instanceof RepoImportError ? err.reason : 'RepoImportFailed'
      logger.warn({ did, reason, err: (err as Error).message }, 'repo set aside as a dead letter')
      await fileDeadLetters(db, [{ seq: null, did, subject: did, reason, detail: `repo import: ${(err as Error).message}`, frame: null }])
      return 'failed'
    }
  }
}
