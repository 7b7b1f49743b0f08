import { describe, expect, it } from 'vitest'
import { Database } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { DailyQuotaExceededError, JobStore, TooManyJobsError, type NewJob } from './jobs'
import { DEFAULT_DAILY_QUOTA, GenerationLimits, parseDailyQuotas, QuotaSyntaxError } from './limits'

const job = (creator: string, provider = 'procedural'): NewJob => ({
  creator,
  provider,
  model: 'procedural-v1',
  prompt: 'a quiet harbour',
  seed: 1,
  durationMs: 3000,
  aspectRatio: { width: 9, height: 16 },
  depicts: [],
})

describe('parseDailyQuotas', () => {
  it.each([
    [[], { procedural: 200 }, DEFAULT_DAILY_QUOTA],
    [['procedural:50', 'replicate:10'], { procedural: 50, replicate: 10 }, DEFAULT_DAILY_QUOTA],
    [['*:3', 'comfyui: 0'], { procedural: 200, comfyui: 0 }, 3],
  ])('reads %j', (entries, dailyQuotas, defaultDailyQuota) => {
    expect(parseDailyQuotas(entries)).toEqual({ dailyQuotas, defaultDailyQuota })
  })

  it.each([['replicate'], ['replicate:ten'], [':5'], ['replicate:-1']])('refuses %s', (entry) => {
    expect(() => parseDailyQuotas([entry])).toThrow(QuotaSyntaxError)
  })
})

describe('GenerationLimits', () => {
  const free = { free: true }
  const paid = {}

  it('opens paid providers only to the DIDs listed, and the free one to everyone', () => {
    const limits = new GenerationLimits({ dailyQuotas: { replicate: 10 }, defaultDailyQuota: 5, paidAllowlist: ['did:plc:friend'] })
    expect(limits.mayUse(free, 'did:plc:stranger')).toBe(true)
    expect(limits.mayUse(paid, 'did:plc:stranger')).toBe(false)
    expect(limits.mayUse(paid, 'did:plc:friend')).toBe(true)
    expect(limits.restricted(paid)).toBe(true)
    expect(limits.dailyQuota('replicate')).toBe(10)
    expect(limits.dailyQuota('comfyui')).toBe(5)
  })

  it('lets nobody use a paid provider by default, and everyone with *', () => {
    expect(new GenerationLimits({ dailyQuotas: {}, defaultDailyQuota: 5, paidAllowlist: [] }).mayUse(paid, 'did:plc:anyone')).toBe(false)
    const open = new GenerationLimits({ dailyQuotas: {}, defaultDailyQuota: 5, paidAllowlist: ['*'] })
    expect(open.mayUse(paid, 'did:plc:anyone')).toBe(true)
    expect(open.restricted(paid)).toBe(false)
  })
})

describeEngines('generation limits in the job store', (engine) => {
  async function open() {
    const database = engine.open<AppviewSchema>(migrations)
    await database.migrateToLatest()
    return database
  }

  it('counts jobs per creator, provider and UTC day, refuses past the quota until midnight UTC, and prunes earlier days', async () => {
    const database = await open()
    const store = new JobStore(database.db)
    const limits = { maxActive: 100, dailyQuota: 2 }
    const morning = new Date('2026-03-04T08:00:00Z')
    await store.createWithinLimits(job('did:plc:a'), limits, morning)
    await store.createWithinLimits(job('did:plc:a'), limits, new Date('2026-03-04T23:59:59Z'))
    const refused = await store.createWithinLimits(job('did:plc:a'), limits, new Date('2026-03-04T23:59:59Z')).catch((err) => err)
    expect(refused).toBeInstanceOf(DailyQuotaExceededError)
    expect(refused).toMatchObject({ provider: 'procedural', quota: 2, resetsAt: '2026-03-05T00:00:00.000Z' })
    // Another provider and another creator have counts of their own.
    await store.createWithinLimits(job('did:plc:a', 'replicate'), limits, morning)
    await store.createWithinLimits(job('did:plc:b'), limits, morning)
    expect(await store.usedToday('did:plc:a', 'procedural', morning)).toBe(2)
    // The next UTC day starts again, and the spent day is gone.
    await store.createWithinLimits(job('did:plc:a'), limits, new Date('2026-03-05T00:00:00Z'))
    expect(await store.usedToday('did:plc:a', 'procedural', new Date('2026-03-05T12:00:00Z'))).toBe(1)
    const days = await database.db.selectFrom('generation_quota').select('day').where('creator', '=', 'did:plc:a').execute()
    expect(days.map((d) => d.day)).toEqual(['2026-03-05'])
    expect(await database.db.selectFrom('generation_job').select('id').where('creator', '=', 'did:plc:a').execute()).toHaveLength(4)
    // A quota of 0 closes the provider.
    await expect(store.createWithinLimits(job('did:plc:c'), { maxActive: 100, dailyQuota: 0 }, morning)).rejects.toBeInstanceOf(DailyQuotaExceededError)
    await database.close()
  })

  it('does not spend the quota on a job refused for too many active ones', async () => {
    const database = await open()
    const store = new JobStore(database.db)
    const now = new Date()
    await store.createWithinLimits(job('did:plc:a'), { maxActive: 1, dailyQuota: 5 }, now)
    await expect(store.createWithinLimits(job('did:plc:a'), { maxActive: 1, dailyQuota: 5 }, now)).rejects.toBeInstanceOf(TooManyJobsError)
    expect(await store.usedToday('did:plc:a', 'procedural', now)).toBe(1)
    await database.close()
  })

  // Two API replicas: on Postgres each has connections of its own; SQLite has one process.
  async function twoReplicas() {
    const location = engine.location()
    const first = Database.open<AppviewSchema>(location, migrations, 'test database', { checkpointThread: false })
    await first.migrateToLatest()
    const second = engine.name === 'postgres' ? Database.open<AppviewSchema>(location, migrations, 'test database') : first
    return { stores: [new JobStore(first.db), new JobStore(second.db)], first, close: async () => (second !== first && (await second.close()), await first.close()) }
  }

  it.each([
    ['active jobs', { maxActive: 3, dailyQuota: 100 }, 3, TooManyJobsError],
    ['the daily quota', { maxActive: 100, dailyQuota: 4 }, 4, DailyQuotaExceededError],
  ])('lets requests sent at once to two replicas take exactly the places %s leaves', async (_, limits, places, refusal) => {
    const { stores, first, close } = await twoReplicas()
    try {
      const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => stores[i % 2]!.createWithinLimits(job('did:plc:rush'), limits)))
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(places)
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(refusal)
      expect(await first.db.selectFrom('generation_job').select('id').where('creator', '=', 'did:plc:rush').execute()).toHaveLength(places)
      expect(await stores[0]!.usedToday('did:plc:rush', 'procedural')).toBe(places)
    } finally {
      await close()
    }
  })
})
