import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { Database, LocalMediaStore, createLogger, sleep, MediaTools } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { mediaKeys } from '../media/keys'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { JobStore } from './jobs'
import type { GenerationRequest, ProviderJobStatus, VideoProvider } from './provider'
import { ProceduralProvider, type ProceduralProviderOptions } from './providers/procedural'
import { ProviderRegistry } from './registry'
import { JobRunner } from './runner'

const dir = mkdtempSync(join(tmpdir(), 'fw-runner-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const logger = createLogger({ level: 'silent' })
const ffmpeg = MediaTools.create()
const store = new LocalMediaStore(join(dir, 'media'))

/**
 * The procedural provider, except that status() hands out each progress report it made in turn,
 * rather than the latest: however fast a render and however slow a poll, the runner sees them all.
 */
class EveryReportProvider implements VideoProvider {
  private readonly reports = new Map<string, ProviderJobStatus[]>()
  private readonly inner: ProceduralProvider
  readonly id: string
  readonly displayName: string
  readonly description: string
  readonly models: string[]
  readonly available = true

  constructor(opts: ProceduralProviderOptions) {
    this.inner = new ProceduralProvider({
      ...opts,
      onProgress: (id, progress, stage) => {
        const queue = this.reports.get(id) ?? []
        queue.push({ state: progress === 100 ? 'succeeded' : 'running', progress, stage })
        this.reports.set(id, queue)
      },
    })
    ;({ id: this.id, displayName: this.displayName, description: this.description, models: this.models } = this.inner)
  }

  submit(req: GenerationRequest) {
    return this.inner.submit(req)
  }
  async status(providerJobId: string) {
    return this.reports.get(providerJobId)?.shift() ?? this.inner.status(providerJobId)
  }
  fetchResult(providerJobId: string, destPath: string) {
    return this.inner.fetchResult(providerJobId, destPath)
  }
  provenance(providerJobId: string, req: GenerationRequest) {
    return this.inner.provenance(providerJobId, req)
  }
  discard(providerJobId: string) {
    return this.inner.discard(providerJobId)
  }
  close() {
    return this.inner.close()
  }
}

/** The job store, noting every progress the runner writes, in order. */
class RecordingJobStore extends JobStore {
  readonly progressWritten: { id: string; progress: number }[] = []

  override async update(id: string, patch: Parameters<JobStore['update']>[1]): Promise<void> {
    if (patch.progress !== undefined) this.progressWritten.push({ id, progress: patch.progress })
    return super.update(id, patch)
  }
}

/** One appview "process": its database connection, provider and runner. */
async function boot(location: string) {
  const db = Database.open<AppviewSchema>(location, migrations, 'test database', { checkpointThread: false })
  await db.migrateToLatest()
  const provider = new EveryReportProvider({ workDir: join(dir, 'work'), tools: ffmpeg, fontFile: null })
  const jobs = new RecordingJobStore(db.db)
  const runner = new JobRunner(jobs, new ProviderRegistry([provider]), { store, workDir: join(dir, 'work-runner'), concurrency: 1, tools: ffmpeg, logger, pollMs: 20 })
  await runner.start()
  return {
    jobs,
    runner,
    async shutdown() {
      await runner.destroy()
      await provider.close()
      await db.close()
    },
  }
}

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const v = await check()
    if (v !== undefined) return v
    await sleep(20)
  }
  throw new Error(`timed out waiting for ${what}`)
}

const request = {
  creator: 'did:plc:creator',
  provider: 'procedural',
  model: 'framewright-procedural-1',
  prompt: 'a slow mandelbrot zoom',
  seed: 5,
  durationMs: 6_000,
  aspectRatio: { width: 9, height: 16 },
  depicts: [],
}

describeEngines('generation jobs', (engine) => {
  let location: string
  beforeEach(() => {
    location = engine.location()
  })

  describe('generation jobs are durable', () => {
    it('a job interrupted by a shutdown resumes after the restart and finishes', async () => {
      let app = await boot(location)
      const job = await app.jobs.create(request)
      app.runner.notify()
      // Shut down mid-render: the provider has the job, the database says it is running.
      await until('the render to start', async () => {
        const row = await app.jobs.get(job.id)
        return row?.status === 'running' && row.providerJobId ? row : undefined
      })
      await app.shutdown()
      const interrupted = await (async () => {
        const db = Database.open<AppviewSchema>(location, migrations, 'test database', { checkpointThread: false })
        try {
          return await new JobStore(db.db).get(job.id)
        } finally {
          await db.close()
        }
      })()
      // The runner hands its running jobs back as it stops, for whichever runner asks first, and a
      // clean stop is not an interruption that counts towards giving the job up. The provider's job
      // id stays, so the render is asked after, not started again.
      expect(interrupted).toMatchObject({ status: 'queued', runner: null, interruptions: 0, providerJobId: expect.any(String) })

      app = await boot(location)
      const done = await until('the resumed job to finish', async () => {
        const row = await app.jobs.get(job.id)
        if (row?.status === 'failed') throw new Error(`job failed: ${row.error}`)
        return row?.status === 'succeeded' ? row : undefined
      })
      expect(done.progress).toBe(100)
      expect(JSON.parse(done.result!)).toMatchObject({ mimeType: 'video/mp4', durationMs: 6000, width: 480, height: 854 })
      expect(JSON.parse(done.provenance!)).toMatchObject({ provider: 'procedural', prompt: request.prompt, seed: 5, sourceType: 'ai-generated' })
      expect((await store.stat(mediaKeys.draft(job.id)))?.size).toBe(JSON.parse(done.result!).size)
      expect((await store.stat(mediaKeys.poster(job.id)))?.size).toBeGreaterThan(0)
      await app.shutdown()
    })

    it('reports progress while it renders and fails a provider-rejected job with its reason', async () => {
      const app = await boot(location)
      const job = await app.jobs.create(request)
      app.runner.notify()
      const done = await until('the job to finish', async () => {
        const row = await app.jobs.get(job.id)
        return row?.status === 'succeeded' ? row : undefined
      })
      // Every progress the runner wrote, not what a poll of the row happened to catch.
      const written = app.jobs.progressWritten.filter((w) => w.id === job.id).map((w) => w.progress)
      expect([...written].sort((a, b) => a - b)).toEqual(written)
      expect(written.filter((p) => p > 0 && p < 100)).not.toEqual([])
      expect(done.progress).toBe(100)

      const bad = await app.jobs.create({ ...request, model: 'no-such-model' })
      app.runner.notify()
      const failed = await until('the bad job to fail', async () => {
        const row = await app.jobs.get(bad.id)
        return row?.status === 'failed' ? row : undefined
      })
      expect(failed.error).toMatch(/model/)
      await app.shutdown()
    })
  })
})
