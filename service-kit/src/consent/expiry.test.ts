import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Database } from '../db/database'
import { ingestCursorMigration, type IngestCursorSchema } from '../db/cursor-store'
import { createLogger } from '../logger'
import { videoGraphMigration } from '../video-graph/migration'
import type { VideoGraphSchema } from '../video-graph/schema'
import { GrantExpiryScheduler, type ExpiryClock } from './expiry'
import { describeEngines } from '../testing'

type Schema = VideoGraphSchema & IngestCursorSchema

/** Time that moves only when a test says so; timers fire in order as it passes them. */
class ManualClock implements ExpiryClock {
  private t: number
  private nextId = 0
  private readonly timers = new Map<number, { at: number; fn: () => void }>()
  constructor(start: number) {
    this.t = start
  }
  now() {
    return this.t
  }
  setTimeout(fn: () => void, ms: number) {
    const id = ++this.nextId
    this.timers.set(id, { at: this.t + ms, fn })
    return id
  }
  clearTimeout(handle: unknown) {
    this.timers.delete(handle as number)
  }
  /** Moves to `to`, firing every timer due on the way and letting the scheduler finish each run. */
  async advanceTo(to: number, scheduler: GrantExpiryScheduler) {
    for (;;) {
      const due = [...this.timers].filter(([, x]) => x.at <= to).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      this.t = Math.max(this.t, due[1].at)
      this.timers.delete(due[0])
      due[1].fn()
      await scheduler.idle()
    }
    this.t = to
  }
}

const T0 = Date.parse('2026-06-01T00:00:00Z')
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString()
const HOUR = 3600

describeEngines('grant expiry', (engine) => {
  let db: Database<Schema>
  let clock: ManualClock
  let expired: string[][]
  let failNext = 0
  let schedulers: GrantExpiryScheduler[]

  function scheduler(): GrantExpiryScheduler {
    const s = new GrantExpiryScheduler({
      db: db.db,
      clock,
      logger: createLogger({ level: 'silent' }),
      sweepIntervalMs: 10 * HOUR * 1000,
      retryMs: 5_000,
      onExpired: async (subjects) => {
        if (failNext > 0) {
          failNext--
          throw new Error('the database is busy')
        }
        expired.push([...subjects].sort())
      },
    })
    schedulers.push(s)
    return s
  }

  async function putGrant(did: string, expiresAt: string | null, through: Kysely<Schema> = db.db) {
    const row = { did, uri: `at://${did}/app.framewright.likeness.grant/self`, cid: 'bafy', audience: 'everyone', approved: '[]', restrictions: null, expiresAt, createdAt: at(0), indexedAt: at(0) }
    await through.insertInto('likeness_grant').values(row).onConflict((oc) => oc.column('did').doUpdateSet(row)).execute()
  }

  beforeEach(async () => {
    db = engine.open<Schema>({ '001': ingestCursorMigration, '002': videoGraphMigration })
    await db.migrateToLatest()
    clock = new ManualClock(T0)
    expired = []
    failNext = 0
    schedulers = []
  })

  afterEach(async () => {
    for (const s of schedulers) await s.destroy()
    await db.close()
  })

  describe('GrantExpiryScheduler', () => {
    it('at first start handles grants already expired, then fires for each later expiry on time', async () => {
      await putGrant('did:plc:past', at(-60))
      await putGrant('did:plc:soon', at(30))
      await putGrant('did:plc:later', at(HOUR))
      await putGrant('did:plc:forever', null)
      const s = scheduler()
      await s.start()
      expect(expired).toEqual([['did:plc:past']])
      expect(s.nextExpiry).toBe(T0 + 30_000)

      await clock.advanceTo(T0 + 29_000, s)
      expect(expired).toHaveLength(1) // not a moment early
      await clock.advanceTo(T0 + 31_000, s)
      expect(expired).toEqual([['did:plc:past'], ['did:plc:soon']])
      expect(s.nextExpiry).toBe(T0 + HOUR * 1000)

      await clock.advanceTo(T0 + (HOUR + 1) * 1000, s)
      expect(expired).toEqual([['did:plc:past'], ['did:plc:soon'], ['did:plc:later']])
      expect(s.nextExpiry).toBeUndefined()
    })

    it('reads expiries with any offset as the instant they name', async () => {
      await putGrant('did:plc:offset', '2026-06-01T02:00:10+02:00') // 10 s after T0
      await putGrant('did:plc:garbage', 'next tuesday')
      const s = scheduler()
      await s.start()
      expect(expired).toEqual([])
      expect(s.nextExpiry).toBe(T0 + 10_000)
      await clock.advanceTo(T0 + 11_000, s)
      expect(expired).toEqual([['did:plc:offset']])
    })

    it('after a restart handles what expired while it was down, and nothing twice', async () => {
      await putGrant('did:plc:a', at(10))
      await putGrant('did:plc:b', at(100))
      const first = scheduler()
      await first.start()
      await clock.advanceTo(T0 + 20_000, first)
      expect(expired).toEqual([['did:plc:a']])
      await first.destroy()

      await clock.advanceTo(T0 + 200_000, first) // down while b expires
      const second = scheduler()
      await second.start()
      expect(expired).toEqual([['did:plc:a'], ['did:plc:b']])
    })

    it('re-arms when a grant changes to expire sooner, and ignores later ones', async () => {
      await putGrant('did:plc:a', at(HOUR))
      const s = scheduler()
      await s.start()
      expect(s.nextExpiry).toBe(T0 + HOUR * 1000)

      await putGrant('did:plc:b', at(2 * HOUR))
      s.grantChanged('did:plc:b')
      await s.idle()
      expect(s.nextExpiry).toBe(T0 + HOUR * 1000)

      await putGrant('did:plc:c', at(5))
      s.grantChanged('did:plc:c')
      await s.idle()
      expect(s.nextExpiry).toBe(T0 + 5_000)
      await clock.advanceTo(T0 + 6_000, s)
      expect(expired).toEqual([['did:plc:c']])
      expect(s.nextExpiry).toBe(T0 + HOUR * 1000)
    })

    it('a grant extended after the timer was armed is not expired when the timer fires', async () => {
      await putGrant('did:plc:a', at(5))
      const s = scheduler()
      await s.start()
      await putGrant('did:plc:a', at(HOUR))
      s.grantChanged('did:plc:a')
      await clock.advanceTo(T0 + 6_000, s)
      expect(expired).toEqual([])
      expect(s.nextExpiry).toBe(T0 + HOUR * 1000)
    })

    it('an ingestion batch re-arms it from inside its transaction, with what the batch wrote and before it commits', async () => {
      await putGrant('did:plc:a', at(HOUR))
      const s = scheduler()
      await s.start()
      // SQLite has one connection and the transaction holds it: reading through the scheduler's own
      // handle here would wait for it forever.
      await db.db.transaction().execute(async (tx) => {
        await putGrant('did:plc:c', at(5), tx)
        await putGrant('did:plc:d', at(-5), tx) // already past: the batch itself re-evaluated it
        await s.grantsWritten(tx, ['did:plc:c', 'did:plc:d'])
        await s.idle()
        expect(s.nextExpiry).toBe(T0 + 5_000)
      })
      await clock.advanceTo(T0 + 6_000, s)
      expect(expired).toEqual([['did:plc:c']])
    })

    it('an ingestion batch never waits for a run in progress (which waits for the batch\'s connection)', async () => {
      const s = scheduler()
      await s.start()
      let run: Promise<void> | undefined
      await db.db.transaction().execute(async (tx) => {
        run = s.sweep() // reads through the scheduler's handle: blocked until the transaction ends
        await putGrant('did:plc:c', at(5), tx)
        await s.grantsWritten(tx, ['did:plc:c'])
      })
      await run
      await s.idle()
      expect(s.nextExpiry).toBe(T0 + 5_000)
    })

    it('the periodic sweep finds an expiry whose change it was never told about', async () => {
      const s = scheduler()
      await s.start()
      await putGrant('did:plc:missed', at(60))
      await clock.advanceTo(T0 + 10 * HOUR * 1000 + 1, s)
      expect(expired).toEqual([['did:plc:missed']])
    })

    it('retries a failed run without moving past what it failed to handle', async () => {
      await putGrant('did:plc:a', at(10))
      const s = scheduler()
      await s.start()
      failNext = 1
      await clock.advanceTo(T0 + 11_000, s)
      expect(expired).toEqual([])
      await clock.advanceTo(T0 + 17_000, s)
      expect(expired).toEqual([['did:plc:a']])
    })
  })
})
