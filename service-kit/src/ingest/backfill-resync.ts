import type { Kysely } from 'kysely'
import type { Logger } from '../logger'
import type { RepoImporter } from './backfill-import'
import { importWithRetry } from './backfill'
import type { IngestSchema } from './schema'

/**
 * Re-imports repos whose copy is known to be stale (a #sync event, a commit too big to carry its
 * ops, repo_state.needsResync), in the background beside the live stream, a few at a time, through
 * the same importer as backfill. Each import runs in transactions of its own; repo_state keeps a
 * live commit and an import of the same repo from going backwards, whichever commits first.
 */
export class ResyncQueue {
  private readonly waiting = new Set<string>()
  /** Repos being imported now: asked for again meanwhile (a poll of the marks), they are not queued twice. */
  private readonly active = new Set<string>()
  private running = 0
  private idle: (() => void)[] = []
  /** Repos re-imported (or set aside) since start. */
  done = 0

  constructor(
    private readonly opts: { db: Kysely<any>; importer: RepoImporter; logger: Logger; signal: AbortSignal; concurrency?: number },
  ) {}

  /** Asks for a repo to be re-imported (merged with a request already waiting). */
  request(did: string): void {
    if (this.opts.signal.aborted) return
    this.waiting.add(did)
    this.pump()
  }

  /**
   * Asks again for every repo the database says needs it: at start (a crash may have left some), and
   * from time to time (dead letters replayed by an operator mark theirs from another process).
   */
  async requestMarked(): Promise<void> {
    const rows = await (this.opts.db as Kysely<IngestSchema>).selectFrom('repo_state').select('did').where('needsResync', '=', 1).execute()
    for (const row of rows) if (!this.active.has(row.did)) this.request(row.did)
  }

  get pending(): number {
    return this.waiting.size + this.running
  }

  /** Resolves when nothing is waiting or running (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  private pump(): void {
    while (this.running < (this.opts.concurrency ?? 2) && this.waiting.size > 0) {
      const did = this.waiting.values().next().value as string
      this.waiting.delete(did)
      this.active.add(did)
      this.running++
      void importWithRetry(this.opts.importer, did, this.opts.db as Kysely<IngestSchema>, this.opts.logger, this.opts.signal)
        .then((result) => {
          if (result !== 'aborted') this.opts.logger.info({ did, result }, 're-synced a repo')
        })
        .catch((err) => this.opts.logger.error({ err, did }, 'could not re-sync a repo'))
        .finally(() => {
          this.active.delete(did)
          this.running--
          this.done++
          this.pump()
          if (this.pending === 0) for (const resolve of this.idle.splice(0)) resolve()
        })
    }
  }
}
