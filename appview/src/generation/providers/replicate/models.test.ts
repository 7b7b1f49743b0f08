import { describe, expect, it } from 'vitest'
import type { GenerationRequest } from '../../provider'
import { outputUrl, predictionInput, predictionProgress } from './models'

const req = (over: Partial<GenerationRequest> = {}): GenerationRequest => ({
  prompt: 'a lighthouse in a storm',
  seed: 42,
  durationMs: 4_000,
  aspectRatio: { width: 9, height: 16 },
  depicts: [],
  ...over,
})

describe('predictionInput', () => {
  it.each<[string, string, Partial<GenerationRequest>, Record<string, unknown>]>([
    ['veo, portrait, 4 s', 'google/veo-3-fast', {}, { prompt: 'a lighthouse in a storm', seed: 42, aspect_ratio: '9:16', duration: 4, resolution: '720p', generate_audio: false }],
    ['veo rounds 7 s to a duration it takes', 'google/veo-3.1', { durationMs: 7_000 }, { duration: 6 }],
    ['veo caps long requests at 8 s', 'google/veo-3.1', { durationMs: 60_000 }, { duration: 8 }],
    ['landscape', 'google/veo-3-fast', { aspectRatio: { width: 16, height: 9 } }, { aspect_ratio: '16:9' }],
    ['square goes portrait', 'google/veo-3-fast', { aspectRatio: { width: 1, height: 1 } }, { aspect_ratio: '9:16' }],
    ['an unlisted model gets the common shape', 'someone/video-model', { durationMs: 9_000 }, { prompt: 'a lighthouse in a storm', seed: 42, aspect_ratio: '9:16', duration: 10 }],
  ])('%s', (_name, model, over, expected) => {
    expect(predictionInput(model, req(over))).toMatchObject(expected)
  })

  it('sends nothing an unlisted model was not asked for', () => {
    expect(Object.keys(predictionInput('someone/video-model', req())).sort()).toEqual(['aspect_ratio', 'duration', 'prompt', 'seed'])
    // Not even a negative prompt: an unlisted model's schema may not take one.
    const restricted = req({ restrictions: [{ subject: 'did:plc:bob', text: 'Nothing political.' }] })
    expect(predictionInput('someone/video-model', restricted)).not.toHaveProperty('negative_prompt')
  })

  it('gives Veo the depicted people\'s restrictions as its negative prompt, and no field without them', () => {
    const restricted = req({ restrictions: [{ subject: 'did:plc:bob', text: 'Nothing political.' }, { subject: 'did:plc:carol', text: 'No horror.' }] })
    for (const model of ['google/veo-3-fast', 'google/veo-3.1']) {
      expect(predictionInput(model, restricted)).toMatchObject({ negative_prompt: 'Nothing political.; No horror.' })
      expect(predictionInput(model, req())).not.toHaveProperty('negative_prompt')
    }
  })
})

describe('predictionProgress', () => {
  const t0 = Date.parse('2026-11-25T12:00:00Z')
  it.each<[string, { status: string; logs?: string; started_at?: string }, number]>([
    ['starting (queued, booting)', { status: 'starting' }, 2],
    ['succeeded', { status: 'succeeded' }, 100],
    ['the last percentage in the logs', { status: 'processing', logs: ' 10%|█ | 3/30\n 52%|█████ | 16/30\n' }, 52],
    ['never claims done while processing', { status: 'processing', logs: '100%|██████████|' }, 95],
    ['ignores numbers that are not percentages', { status: 'processing', logs: 'step 250/300 1234%', started_at: new Date(t0).toISOString() }, 5],
    ['no logs: moves with time', { status: 'processing', started_at: new Date(t0 - 90_000).toISOString() }, 59],
  ])('%s', (_name, p, expected) => {
    expect(predictionProgress(p, t0)).toBe(expected)
  })
})

describe('outputUrl', () => {
  it.each<[string, unknown, string | undefined]>([
    ['one URI', 'https://replicate.delivery/abc/output.mp4', 'https://replicate.delivery/abc/output.mp4'],
    ['a list', ['https://replicate.delivery/abc/0.mp4', 'https://replicate.delivery/abc/1.mp4'], 'https://replicate.delivery/abc/0.mp4'],
    ['nothing', null, undefined],
    ['not a URL', 'output.mp4', undefined],
    ['not http', 'file:///etc/passwd', undefined],
  ])('%s', (_name, output, expected) => {
    expect(outputUrl(output)).toBe(expected)
  })
})
