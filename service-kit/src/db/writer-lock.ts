import { createHash } from 'node:crypto'
import { PostgresAdapter, sql, type Kysely } from 'kysely'
import type { Logger } from '../logger'

export interface WriterLockOptions {
  logger: Logger
  /** Called once if the lock is lost after it was held (its connection died): stop writing at once. */
  onLost: (err: unknown) => void
  /** How often a standby asks for the lock, and how often the holder checks its connection. */
  pollMs?: number
}

/**
 * "Exactly one writer where order matters": of all the processes of a service on one database, only
 * the holder of this lock ingests (or signs labels); the others wait as hot standbys and take over
 * within a poll of the holder dying, resuming from the saved cursor.
 *
 * On Postgres it is a session advisory lock held on one pooled connection for as long as the
 * process writes: the server releases it the moment that session ends, however the process died
 * (a SIGKILL closes its socket). The holder checks its connection every poll and calls `onLost` if
 * it is gone, since another process may hold the lock by then. On SQLite, a file one process
 * writes, the lock is granted at once.
 */
export class WriterLock {
  private released = false
  private wake?: () => void
  /** Settles once the lock's connection is given back (released, lost, or never held). */
  private held: Promise<void> = Promise.resolve()

  private constructor(readonly name: string) {}

  /** Resolves once this process holds the lock (at once on SQLite); rejects if `signal` aborts first. */
  static async acquire(db: Kysely<any>, name: string, opts: WriterLockOptions & { signal?: AbortSignal }): Promise<WriterLock> {
    const lock = new WriterLock(name)
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return lock
    const key = lockKey(name)
    const pollMs = opts.pollMs ?? 500
    let holding = false
    let acquired!: () => void
    let failed!: (err: unknown) => void
    const ready = new Promise<void>((resolve, reject) => {
      acquired = resolve
      failed = reject
    })
    lock.held = db
      .connection()
      .execute(async (conn) => {
        let waiting = false
        for (;;) {
          if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('aborted')
          const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}) as locked`.execute(conn)
          if (rows[0]?.locked) break
          if (!waiting) opts.logger.info({ lock: name }, 'another process is the writer: waiting as a standby')
          waiting = true
          await sleep(pollMs, opts.signal)
        }
        holding = true
        opts.logger.info({ lock: name }, 'this process is the writer')
        acquired()
        // Held until released; the session is checked every poll, since another process may hold
        // the lock the moment it is gone.
        while (!lock.released) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollMs)
            lock.wake = () => (clearTimeout(timer), resolve())
          })
          if (!lock.released) await sql`select 1`.execute(conn)
        }
        await sql`select pg_advisory_unlock(${key})`.execute(conn)
      })
      .catch((err) => {
        if (!holding) return failed(err)
        if (lock.released) return
        opts.logger.error({ err, lock: name }, 'lost the writer lock: another process may be writing now')
        opts.onLost(err)
      })
    await ready
    return lock
  }

  /** Gives the lock up (a standby takes over within its poll); resolves once the server has it back. */
  async release(): Promise<void> {
    if (this.released) return
    this.released = true
    this.wake?.()
    await this.held
  }
}

/** A stable 63-bit key for a lock name (advisory locks are per database: the name carries the service). */
function lockKey(name: string): string {
  return (createHash('sha256').update(name).digest().readBigUInt64BE(0) >> 1n).toString()
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })
}

/**
 * The writer lock of a service's database: advisory locks are per Postgres database, so the name
 * carries the service and its schema (two deployments in two schemas each have their own writer).
 */
export function writerLockName(service: string, db: { schema?: string }): string {
  return `framewright writer ${service} ${db.schema ?? ''}`.trim()
}

/**
 * A service's single-writer work (ingestion and its kin), started only while this process holds the
 * service's writer lock: `run` waits for the lock (a standby waits there) and then starts the work;
 * a lost lock stops the work at once (serving goes on; restart the process to stand by again).
 */
/**
 * Where a process stands as its service's writer: `idle` (its role writes nothing, or not asked
 * yet), `standby` (waiting for the lock), `writing`, `stopped` (stopped, or the lock was lost).
 */
export type WriterState = 'idle' | 'standby' | 'writing' | 'stopped'

export class SingleWriter {
  private readonly stopping = new AbortController()
  private lock?: WriterLock
  private stopped?: Promise<void>
  private current: WriterState = 'idle'

  /** What an operator sees in the ingestion status: is this process the writer, or standing by? */
  get state(): WriterState {
    return this.current
  }

  constructor(
    private readonly opts: {
      db: { db: Kysely<any>; schema?: string }
      service: string
      logger: Logger
      start: () => Promise<void>
      stop: () => Promise<void>
    },
  ) {}

  /** Resolves once the work has started, or with false when stop() came first. */
  async run(): Promise<boolean> {
    if (this.current === 'idle') this.current = 'standby'
    try {
      this.lock = await WriterLock.acquire(this.opts.db.db, writerLockName(this.opts.service, this.opts.db), {
        logger: this.opts.logger,
        signal: this.stopping.signal,
        onLost: () => void this.stopWork(),
      })
    } catch (err) {
      if (this.stopping.signal.aborted) return false
      throw err
    }
    if (this.stopping.signal.aborted) return false
    this.current = 'writing'
    await this.opts.start()
    return true
  }

  /** Stops the work and gives the lock up (or stops waiting for it); safe to call twice. */
  async stop(): Promise<void> {
    this.stopping.abort()
    await this.stopWork()
    await this.lock?.release()
  }

  private stopWork(): Promise<void> {
    this.current = 'stopped'
    this.stopped ??= this.opts.stop()
    return this.stopped
  }
}
