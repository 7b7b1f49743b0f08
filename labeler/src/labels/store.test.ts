import { Secp256k1Keypair } from '@atproto/crypto'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Database } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { migrations } from '../db/migrations'
import type { LabelerSchema } from '../db/schema'
import { LabelStore } from './store'

const because = { detector: 'test', reason: 'because', evidence: null }
const VIDEO = 'at://did:plc:c/app.framewright.video.post/3kvideo'

describeEngines('label store', (engine) => {
  let db: Database<LabelerSchema>
  let store: LabelStore

  beforeEach(async () => {
    db = engine.open<LabelerSchema>(migrations)
    await db.migrateToLatest()
    store = new LabelStore(db.db, await Secp256k1Keypair.create(), 'did:plc:labeler')
  })
  afterEach(() => db.close())

  it('numbers labels applied at once in one order, each version of a label later than the one before', async () => {
    const writes = Array.from({ length: 12 }, (_, n) => store.apply([{ uri: VIDEO, val: 'ai-video', neg: n % 2 === 1, explanation: because }]))
    const stored = (await Promise.all(writes)).flat()
    expect(new Set(stored.map((l) => l.seq)).size).toBe(12)
    const log = await store.since(0, 100)
    expect(log.map((l) => l.seq)).toEqual([...stored.map((l) => l.seq)].sort((a, b) => a - b))
    // cts orders the versions of (uri, val): strictly increasing along the sequence.
    for (let i = 1; i < log.length; i++) expect(Date.parse(log[i]!.cts)).toBeGreaterThan(Date.parse(log[i - 1]!.cts))
    expect(await store.headSeq()).toBe(log.at(-1)!.seq)
  })

  it('serves the labels in force by exact URI and by prefix, never negated ones, and not what only shares a prefix', async () => {
    await store.apply([
      { uri: VIDEO, val: 'ai-video', neg: false, explanation: because },
      { uri: `${VIDEO}x`, val: 'ai-video', neg: false, explanation: because },
      { uri: 'at://did:plc:other/app.framewright.video.post/1', val: 'ai-video', neg: false, explanation: because },
      { uri: 'at://did:plc:c/app.framewright.video.post/2', val: 'known-deepfake', neg: false, explanation: because },
    ])
    await store.apply([{ uri: 'at://did:plc:c/app.framewright.video.post/2', val: 'known-deepfake', neg: true, explanation: because }])
    const byPrefix = await store.queryCurrent({ patterns: ['at://did:plc:c/*'], limit: 50 })
    expect(byPrefix.map((l) => l.uri)).toEqual([VIDEO, `${VIDEO}x`])
    const exact = await store.queryCurrent({ patterns: [VIDEO], limit: 50 })
    expect(exact.map((l) => [l.uri, l.val, l.sig.length])).toEqual([[VIDEO, 'ai-video', 64]])
  })
})

describeEngines('labels between processes', (engine) => {
  it.runIf(engine.name === 'postgres')('wake the subscribers of another process at commit, with the label readable there', async () => {
    const location = engine.location()
    const { Database } = await import('@framewright/service-kit')
    const writer = Database.open<LabelerSchema>(location, migrations, 'test database')
    await writer.migrateToLatest()
    const reader = Database.open<LabelerSchema>(location, migrations, 'test database')
    const key = await Secp256k1Keypair.create()
    const ingest = new LabelStore(writer.db, key, 'did:plc:labeler', writer)
    const replica = new LabelStore(reader.db, key, 'did:plc:labeler', reader)
    try {
      // The listener connects in the background: a label committed before it listens would only be
      // seen at the next poll, so wait for one note to arrive first.
      let notes = 0
      const stop = replica.onCommitted(() => notes++)
      try {
        for (let heard = 0; notes === heard; ) {
          heard = notes
          await writer.notify('labels')
          await new Promise((r) => setTimeout(r, 200))
        }
        // Now a label committed by the ingest process wakes the replica's subscribers.
        const before = notes
        await ingest.apply([{ uri: VIDEO, val: 'ai-video', neg: false, explanation: because }])
        for (let i = 0; i < 300 && notes === before; i++) await new Promise((r) => setTimeout(r, 20))
        expect(notes).toBeGreaterThan(before)
      } finally {
        stop()
      }
      expect((await replica.since(0, 10)).map((l) => l.val)).toEqual(['ai-video'])
    } finally {
      await replica.close()
      await ingest.close()
      await reader.close()
      await writer.close()
    }
  })
})
