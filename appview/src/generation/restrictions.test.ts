import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MediaTools } from '@framewright/service-kit'
import type { GenerationRequest, Restriction } from './provider'
import { ProceduralProvider } from './providers/procedural'
import { negativePrompt, withNegativePrompt } from './restrictions'

const r = (text: string, subject = 'did:plc:bob'): Restriction => ({ subject, text })

describe('negativePrompt', () => {
  it.each<[string, Restriction[] | undefined, string | undefined]>([
    ['no restrictions field', undefined, undefined],
    ['no restrictions', [], undefined],
    ['blank ones only', [r('  '), r('')], undefined],
    ['one', [r('Nothing political, please.')], 'Nothing political, please.'],
    ['several, trimmed, each once', [r(' no horror '), r('Nothing political.', 'did:plc:carol'), r('no horror', 'did:plc:dan')], 'no horror; Nothing political.'],
  ])('%s', (_name, restrictions, expected) => {
    expect(negativePrompt({ restrictions })).toBe(expected)
  })

  it('adds it to provenance params only when there is one', () => {
    expect(withNegativePrompt({ a: 1 }, { restrictions: [] })).toEqual({ a: 1 })
    expect(withNegativePrompt({ a: 1 }, { restrictions: [r('no horror')] })).toEqual({ a: 1, negativePrompt: 'no horror' })
  })
})

describe('the procedural provider and restrictions', () => {
  it('records the restrictions it was given in its provenance params', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'framewright-restrictions-'))
    const paths = MediaTools.create()
    const provider = new ProceduralProvider({ workDir, tools: paths, fontFile: null })
    try {
      const req: GenerationRequest = {
        prompt: 'bob as a lighthouse keeper',
        seed: 3,
        durationMs: 1_000,
        aspectRatio: { width: 9, height: 16 },
        depicts: ['did:plc:bob'],
        restrictions: [r('Nothing political, please.')],
      }
      const id = await provider.submit(req)
      const provenance = provider.provenance(id, req)
      expect(provenance.params).toMatchObject({ negativePrompt: 'Nothing political, please.' })
      expect(provider.provenance(id, { ...req, restrictions: [] }).params).not.toHaveProperty('negativePrompt')
    } finally {
      await provider.destroy()
      await rm(workDir, { recursive: true, force: true })
    }
  })
})
