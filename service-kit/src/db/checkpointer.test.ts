import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { Database } from './database'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('checkpointing on its own thread', () => {
  it('copies the write-ahead log into the file while the writer goes on, and the log starts over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-ckpt-'))
    dirs.push(dir)
    const path = join(dir, 'db.sqlite')
    const db = Database.open<any>(path, {})
    await sql`create table t (id integer primary key, body text)`.execute(db.db)
    const body = 'x'.repeat(4000)
    // About 4 MB: far below the writer's own 64 MB checkpoint limit, so only the thread copies it.
    for (let batch = 0; batch < 10; batch++) {
      await db.db.transaction().execute(async (tx) => {
        for (let i = 0; i < 100; i++) await sql`insert into t (body) values (${body})`.execute(tx)
      })
    }
    await until('the checkpoint thread has copied the log', async () => (await db.checkpointer!.stats()).framesCopied >= 1000)
    const walBefore = statSync(`${path}-wal`).size
    // A log copied in full is written again from its start: it does not grow with the next writes.
    await sql`insert into t (body) values (${body})`.execute(db.db)
    expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(walBefore)
    const rows = await sql<{ n: number }>`select count(*) as n from t`.execute(db.db)
    expect(rows.rows[0]!.n).toBe(1001)
    const final = await db.checkpointer!.close()
    expect(final.runs).toBeGreaterThan(0)
    await db.close()
  })

  it('starts the log over even while the writer never pauses, so it stays small', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-ckpt-'))
    dirs.push(dir)
    const path = join(dir, 'db.sqlite')
    const db = Database.open<any>(path, {})
    await sql`create table t (id integer primary key, body text)`.execute(db.db)
    const body = 'y'.repeat(4000)
    // 40 MB in small transactions back to back: without the thread starting the log over, it would
    // hold all of it (the writer checkpoints itself only at 64 MB).
    let largestLog = 0
    for (let batch = 0; batch < 1000; batch++) {
      await db.db.transaction().execute(async (tx) => {
        for (let i = 0; i < 10; i++) await sql`insert into t (body) values (${body})`.execute(tx)
      })
      largestLog = Math.max(largestLog, statSync(`${path}-wal`).size)
      await new Promise((r) => setTimeout(r, 2))
    }
    const stats = await db.checkpointer!.stats()
    expect(stats.restarts).toBeGreaterThan(0)
    // The thread starts it over once past 16 MB (and a tick): far below the 40 MB written.
    expect(largestLog).toBeLessThan(30 * 1024 * 1024)
    await db.close()
  })

  it('an in-memory database has no checkpoint thread', async () => {
    const db = Database.open<any>(':memory:', {})
    expect(db.checkpointer).toBeUndefined()
    await db.close()
  })
})
