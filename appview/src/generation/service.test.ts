import { InvalidRequestError } from '@atproto/xrpc-server'
import { expect, it } from 'vitest'
import { describeEngines } from '@framewright/service-kit/testing'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import type { ConsentChecks } from '../likeness/consent-checks'
import type { DepictedPeople } from './depicted'
import { JobStore } from './jobs'
import { GenerationLimits } from './limits'
import type { VideoProvider } from './provider'
import { ProviderRegistry } from './registry'
import type { JobRunner } from './runner'
import { GenerationService } from './service'

/** A provider as createJob sees it (it only queues; nothing here renders). */
const provider = (id: string, free: boolean): VideoProvider => ({
  id,
  displayName: id,
  description: '',
  models: ['m'],
  available: true,
  free,
  submit: async () => 'x',
  status: async () => ({ state: 'queued', progress: 0 }),
  fetchResult: async () => ({ mimeType: 'video/mp4', size: 0, durationMs: 0, width: 0, height: 0 }),
  provenance: () => ({ provider: id, model: 'm', prompt: '', generatedAt: '', sourceType: 'ai-generated' }),
})

// Prompts that depict nobody: the consent path is not what these tests are about.
const nobody = { gather: async () => new Map() } as unknown as DepictedPeople
const noChecks = { check: async () => [] } as unknown as ConsentChecks
const idleRunner = { notify: () => {} } as unknown as JobRunner

describeEngines('creating generation jobs within limits', (engine) => {
  async function service() {
    const database = engine.open<AppviewSchema>(migrations)
    await database.migrateToLatest()
    const limits = new GenerationLimits({ dailyQuotas: { free: 2 }, defaultDailyQuota: 1, paidAllowlist: ['did:plc:friend'] })
    const registry = new ProviderRegistry([provider('free', true), provider('paid', false)])
    return new GenerationService(nobody, noChecks, new JobStore(database.db), registry, idleRunner, 'http://appview.test', limits)
  }
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (err: unknown) => err as InvalidRequestError)

  it('refuses a paid provider to anyone the operator did not list, and lets the listed use it', async () => {
    const generation = await service()
    const refused = await refusal(generation.createJob('did:plc:stranger', { prompt: 'a kite', provider: 'paid' }))
    expect(refused).toBeInstanceOf(InvalidRequestError)
    expect(refused).toMatchObject({ customErrorName: 'ProviderNotAllowed', message: expect.stringContaining('procedural provider is free') })
    expect(await generation.createJob('did:plc:friend', { prompt: 'a kite', provider: 'paid' })).toMatchObject({ provider: 'paid', status: 'queued' })
    expect(await generation.createJob('did:plc:stranger', { prompt: 'a kite', provider: 'free' })).toMatchObject({ provider: 'free' })
  })

  it('says how many videos a day a provider allows and when the quota resets, by name', async () => {
    const generation = await service()
    await generation.createJob('did:plc:maker', { prompt: 'one', provider: 'free' })
    await generation.createJob('did:plc:maker', { prompt: 'two', provider: 'free' })
    const refused = await refusal(generation.createJob('did:plc:maker', { prompt: 'three', provider: 'free' }))
    expect(refused).toMatchObject({ customErrorName: 'DailyQuotaExceeded' })
    expect(refused!.message).toMatch(/^You have made today's 2 videos with "free", the most this appview allows a day; you can make more from \d{4}-\d{2}-\d{2}T00:00:00\.000Z \(midnight UTC\)\.$/)
  })

  it('keeps the three-at-once limit, by name', async () => {
    const generation = await service()
    const many = new GenerationService(nobody, noChecks, generation.jobs, generation.registry, idleRunner, 'http://appview.test', new GenerationLimits({ dailyQuotas: {}, defaultDailyQuota: 100, paidAllowlist: [] }))
    for (let i = 0; i < 3; i++) await many.createJob('did:plc:busy', { prompt: `job ${i}`, provider: 'free' })
    expect(await refusal(many.createJob('did:plc:busy', { prompt: 'one more', provider: 'free' }))).toMatchObject({ customErrorName: 'TooManyJobs' })
  })
})
