import type { NewJob } from './jobs'

/** A procedural job for tests of the queue and what depends on it, told apart by `i` (its prompt and seed). */
export const sampleJob = (i: number): NewJob => ({
  creator: 'did:plc:maker',
  provider: 'procedural',
  model: 'procedural-v1',
  prompt: `scene ${i}`,
  seed: i,
  durationMs: 6000,
  aspectRatio: { width: 480, height: 854 },
  depicts: [],
})
