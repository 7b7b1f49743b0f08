import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, type Logger } from '../logger'
import { SingleWriter, WriterLock } from './writer-lock'

const url = process.env.FRAMEWRIGHT_TEST_POSTGRES_URL
const silent = createLogger({ level: 'silent' })

/** A logger that resolves `standby` the first time the lock is found taken. */
function watchingLogger(): { logger: Logger; standby: Promise<void> } {
  let seen!: () => void
  const standby = new Promise<void>((r) => (seen = r))
  const logger = { ...silent, info: (obj: unknown, msg?: string) => void (msg?.includes('standby') && seen()), child: () => logger } as unknown as Logger
  return { logger, standby }
}

describe.skipIf(!url)('the writer lock on Postgres', () => {
  const dbs: Kysely<unknown>[] = []
  /** A pool of its own; `app` names its sessions, so a test can end exactly those from the server's side. */
  const open = (app = 'writer-lock-test') => {
    const pool = new pg.Pool({ connectionString: url, max: 3, application_name: app })
    // A session ended from the server's side is reported by the lock; the pool's own echo is not news.
    pool.on('error', () => undefined)
    pool.on('connect', (client) => client.on('error', () => undefined))
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
    dbs.push(db)
    return db
  }
  afterEach(async () => {
    await Promise.all(dbs.splice(0).map((db) => db.destroy()))
  })
  const name = () => `test-writer-${randomBytes(6).toString('hex')}`

  it('lets one process write; a standby takes over when the writer lets go', async () => {
    const lockName = name()
    const first = await WriterLock.acquire(open(), lockName, { logger: silent, onLost: () => undefined, pollMs: 50 })
    const { logger, standby } = watchingLogger()
    let second: WriterLock | undefined
    const waiting = WriterLock.acquire(open(), lockName, { logger, onLost: () => undefined, pollMs: 50 }).then((l) => (second = l))
    await standby
    expect(second).toBeUndefined()
    await first.release()
    await waiting
    expect(second).toBeDefined()
    await second!.release()
  })

  it('a standby takes over from a writer killed with SIGKILL', async () => {
    const lockName = name()
    const fixture = fileURLToPath(new URL('./fixtures/hold-writer-lock.ts', import.meta.url))
    const holder = spawn(process.execPath, ['--import', 'tsx', fixture, url!, lockName], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (d) => String(d).includes('holding') && resolve())
      holder.once('exit', (code) => reject(new Error(`the holder exited with ${code}`)))
    })
    const { logger, standby } = watchingLogger()
    const waiting = WriterLock.acquire(open(), lockName, { logger, onLost: () => undefined, pollMs: 50 })
    await standby
    holder.kill('SIGKILL')
    const lock = await waiting
    await lock.release()
  })

  it('tells the writer when its session is gone, since another may write by then', async () => {
    const app = `writer-lock-${randomBytes(4).toString('hex')}`
    const db = open(app)
    let lost: unknown
    const gone = new Promise<void>((resolve) => {
      void WriterLock.acquire(db, name(), { logger: silent, onLost: (err) => ((lost = err), resolve()), pollMs: 50 })
    })
    const admin = open()
    await waitForHolder(admin, app)
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${app}`.execute(admin)
    await gone
    expect(lost).toBeInstanceOf(Error)
  })

  it('runs a service’s single-writer work in one process at a time, the standby’s once the first stops', async () => {
    const service = name()
    const log: string[] = []
    const writer = (who: string, logger: Logger) =>
      new SingleWriter({
        db: { db: open() },
        service,
        logger,
        start: async () => void log.push(`${who} started`),
        stop: async () => void log.push(`${who} stopped`),
      })
    const first = writer('first', silent)
    expect(first.state).toBe('idle')
    expect(await first.run()).toBe(true)
    expect(first.state).toBe('writing')
    const { logger, standby } = watchingLogger()
    const second = writer('second', logger)
    const running = second.run()
    await standby
    expect(second.state).toBe('standby')
    expect(log).toEqual(['first started'])
    await first.stop()
    expect(first.state).toBe('stopped')
    expect(await running).toBe(true)
    expect(second.state).toBe('writing')
    expect(log).toEqual(['first started', 'first stopped', 'second started'])
    // A standby stopped while it waits never starts.
    const third = writer('third', silent)
    const waiting = third.run()
    await third.stop()
    expect(await waiting).toBe(false)
    await second.stop()
    expect(log).toEqual(['first started', 'first stopped', 'second started', 'third stopped', 'second stopped'])
  })
})

/** Waits until a session of `app` holds an advisory lock. */
async function waitForHolder(admin: Kysely<unknown>, app: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and a.application_name = ${app}`.execute(admin)
    if (rows[0]!.n > 0) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('no advisory lock was taken')
}
