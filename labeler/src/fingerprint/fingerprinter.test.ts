import { describe, expect, it } from 'vitest'
import { OutboundClient, createLogger, Database, type IdResolver, MediaTools } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { LabelerSchema } from '../db/schema'
import { KnownFingerprinter } from './fingerprinter'
import { KnownFingerprintStore } from './store'
import { describeEngines } from '@framewright/service-kit/testing'

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
    async nextRetryAt() {
      return undefined
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
        outbound: new OutboundClient(),
        ffmpeg: new MediaTools({ ffmpeg: '/nonexistent/ffmpeg', ffprobe: '/nonexistent/ffprobe' }),
        maxBlobBytes: 1_000_000,
        logger: createLogger({ level: 'silent' }),
      })
    })
    fingerprinter!.start()
    try {
      // Without the wake being kept, the worker sleeps its idle wait (30 s) first and this test times out;
      // without destroy being noticed before sleeping, it sleeps out the idle wait.
      expect(await attempted).toBeTruthy()
    } finally {
      await fingerprinter!.destroy()
    }
  }, 10_000)
})

describeEngines('fingerprint store', (engine) => {
  describe('KnownFingerprintStore.pending', () => {
    const request = (n: number) => ({ sourceUri: `at://did:plc:m/app.framewright.video.post/${n}`, val: 'known-deepfake', blobCid: `bafkrei${n}`, author: 'did:plc:m' })

    it('a new request goes before failing ones, however many there are, and each retry waits its own backoff', async () => {
      const db = engine.open<LabelerSchema>(migrations)
      await db.migrateToLatest()
      try {
        const store = new KnownFingerprintStore(db.db)
        // Twelve requests whose blobs cannot be fetched, each failed once: more than a batch.
        for (let n = 0; n < 12; n++) await store.request(request(n))
        for (const row of await store.pending(100)) await store.attemptFailed(row.id, 'PDS answered 404')
        expect(await store.pending(100)).toEqual([]) // all backing off
        const retryAt = await store.nextRetryAt()
        expect(retryAt).toBeGreaterThan(Date.now())

        await store.request(request(99))
        expect((await store.pending(10)).map((r) => r.sourceUri)).toEqual([request(99).sourceUri])

        // Once the backoff has passed the failing ones are due again, after the new one.
        const later = await store.pending(100, Date.now() + 10_000)
        expect(later[0]!.sourceUri).toBe(request(99).sourceUri)
        expect(later).toHaveLength(13)
      } finally {
        await db.close()
      }
    })
  })
})
