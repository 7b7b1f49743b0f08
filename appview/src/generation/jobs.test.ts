import { expect, it } from 'vitest'
import { Database } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { interruptedTooOften, JobStore } from './jobs'
import { sampleJob } from './test-jobs'

const job = sampleJob

describeEngines('the generation queue', (engine) => {
  it('gives every queued job to exactly one of the runners claiming at once, oldest first', async () => {
    const location = engine.location()
    // Two runners: on Postgres each has its own connections, as runners on two machines would.
    const first = Database.open<AppviewSchema>(location, migrations, 'test database', { checkpointThread: false })
    await first.migrateToLatest()
    const second = engine.name === 'postgres' ? Database.open<AppviewSchema>(location, migrations, 'test database') : first
    try {
      const stores = [new JobStore(first.db), new JobStore(second.db)]
      const made = []
      for (let i = 0; i < 12; i++) made.push(await stores[0]!.create(job(i)))
      const claimed: { runner: string; id: string }[] = []
      await Promise.all(
        ['runner-a', 'runner-b'].map(async (runner, r) => {
          for (;;) {
            const next = await stores[r]!.claimNext(runner)
            if (!next) return
            expect(next).toMatchObject({ status: 'running', runner })
            claimed.push({ runner, id: next.id })
          }
        }),
      )
      expect(claimed.map((c) => c.id).sort()).toEqual(made.map((m) => m.id).sort())
      const rows = await first.db.selectFrom('generation_job').select(['id', 'runner']).execute()
      for (const c of claimed) expect(rows.find((r) => r.id === c.id)?.runner).toBe(c.runner)
    } finally {
      if (second !== first) await second.close()
      await first.close()
    }
  })

  it('takes back only the jobs whose runner stopped saying it was alive', async () => {
    const database = engine.open<AppviewSchema>(migrations)
    await database.migrateToLatest()
    const store = new JobStore(database.db)
    const alive = await store.create(job(1))
    const dead = await store.create(job(2))
    await store.claimNext('alive-runner')
    await store.claimNext('dead-runner')
    const longAgo = new Date(Date.now() - 5 * 60_000).toISOString()
    await database.db.updateTable('generation_job').set({ heartbeatAt: longAgo }).where('id', '=', dead.id).execute()
    await store.heartbeat('alive-runner', [alive.id])
    expect(await store.requeueRunning(new Date(Date.now() - 60_000).toISOString())).toEqual({ resumed: 1, gaveUp: 0 })
    expect(await store.get(dead.id)).toMatchObject({ status: 'queued', runner: null })
    expect(await store.get(alive.id)).toMatchObject({ status: 'running', runner: 'alive-runner' })
    // The job goes to the next runner that asks.
    expect(await store.claimNext('next-runner')).toMatchObject({ id: dead.id, runner: 'next-runner' })
  })

  it('gives up a job interrupted as often as allowed, instead of resuming it (and maybe crashing on it) forever', async () => {
    const database = engine.open<AppviewSchema>(migrations)
    await database.migrateToLatest()
    const store = new JobStore(database.db)
    const crasher = await store.create(job(1))
    const later = new Date(Date.now() + 60_000).toISOString()
    // Each round: a runner takes the job, the service dies under it, the next start takes it back.
    // On SQLite a start takes back every running job; on Postgres, those whose lease ran out.
    const round = async (runner: string) => {
      expect(await store.claimNext(runner)).toMatchObject({ id: crasher.id })
      return engine.name === 'postgres' ? store.requeueRunning(later, 3) : store.requeueRunning(undefined, 3)
    }
    expect(await round('runner-1')).toEqual({ resumed: 1, gaveUp: 0 })
    expect(await store.get(crasher.id)).toMatchObject({ status: 'queued', interruptions: 1 })
    expect(await round('runner-2')).toEqual({ resumed: 1, gaveUp: 0 })
    // A job that did not crash anything is still resumed beside it.
    const other = await store.create(job(2))
    expect(await round('runner-3')).toEqual({ resumed: 0, gaveUp: 1 })
    expect(await store.get(crasher.id)).toMatchObject({ status: 'failed', stage: 'failed', runner: null, error: interruptedTooOften(3) })
    expect(interruptedTooOften(3)).toMatch(/interrupted 3 times .*giving up/)
    expect(await store.claimNext('runner-4')).toMatchObject({ id: other.id })
    expect(await store.requeueRunning(engine.name === 'postgres' ? later : undefined)).toEqual({ resumed: 1, gaveUp: 0 })
    expect(await store.get(other.id)).toMatchObject({ status: 'queued', interruptions: 1 })
    await database.close()
  })
})
