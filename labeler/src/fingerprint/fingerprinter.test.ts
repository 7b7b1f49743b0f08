import { describe, expect, it } from 'vitest'
import { createLogger, type IdResolver } from '@framewright/service-kit'
import { KnownFingerprinter } from './fingerprinter'
import type { KnownFingerprintStore } from './store'

/**
 * A queue of requests in memory. The first read finds nothing, and the request lands while that read
 * is in flight (as when a moderator's decision is written just after the worker looked): its wake
 * comes while the worker is not waiting yet.
 */
function racingStore(onAttempt: (error: string) => void, wake: () => void) {
  const row = { id: 1, sourceUri: 'at://did:plc:m/app.framewright.video.post/1', val: 'known-deepfake', blobCid: 'bafkreiblob', author: 'did:plc:m', attempts: 0 }
  let reads = 0
  let done = false
  return {
    async pending() {
      reads += 1
      if (reads === 1) {
        wake()
        return []
      }
      return done ? [] : [row]
    },
    async attemptFailed(_id: number, error: string) {
      done = true
      onAttempt(error)
    },
    async ready() {
      return true
    },
  } as unknown as KnownFingerprintStore
}

describe('KnownFingerprinter', () => {
  it('a request that lands while it reads the queue is taken at once, not after the idle wait; stopping does not wait out a retry delay', async () => {
    let fingerprinter: KnownFingerprinter | undefined
    const attempted = new Promise<string>((resolve) => {
      // No DID resolves here: the attempt fails at once, which is enough to see that it was made.
      const idResolver = { did: { resolve: async () => null } } as unknown as IdResolver
      fingerprinter = new KnownFingerprinter({
        store: racingStore(resolve, () => fingerprinter!.wake()),
        idResolver,
        ffmpeg: { ffmpeg: '/nonexistent/ffmpeg', ffprobe: '/nonexistent/ffprobe' },
        maxBlobBytes: 1_000_000,
        // Longer than the test may take: stopping must not wait for it either.
        retryDelayMs: 60_000,
        logger: createLogger({ level: 'silent' }),
      })
    })
    fingerprinter!.start()
    try {
      // Without the wake being kept, the worker sleeps its idle wait (30 s) first and this test times out;
      // without destroy being noticed before sleeping, it sleeps the retry delay.
      expect(await attempted).toBeTruthy()
    } finally {
      await fingerprinter!.destroy()
    }
  }, 10_000)
})
