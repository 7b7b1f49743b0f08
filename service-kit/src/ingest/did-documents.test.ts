import type { DidDocument } from '@atproto/identity'
import { expect, it } from 'vitest'
import { DOCUMENT_MAX_AGE_MS, PRUNE_EVERY_MS, DidDocumentStore, didDocumentsMigration, type DidDocumentSchema } from './did-documents'
import { describeEngines } from '../testing'

const doc = (did: string, key = 'zKey'): DidDocument => ({ id: did, verificationMethod: [{ id: '#atproto', type: 'Multikey', controller: did, publicKeyMultibase: key }] })

describeEngines('DID documents kept across restarts', (engine) => {
  it('writes what was fetched with a batch that commits (not with one that rolls back), and reads it back while young enough', async () => {
    const database = engine.open<DidDocumentSchema>({ '001': didDocumentsMigration })
    await database.migrateToLatest()
    let now = Date.parse('2026-06-01T00:00:00.000Z')
    try {
      const store = new DidDocumentStore(database.db, () => now)
      store.fetched('did:plc:a', doc('did:plc:a'))
      store.fetched('did:plc:b', doc('did:plc:b'))
      expect(await store.get('did:plc:a')).toEqual({ document: doc('did:plc:a'), resolvedAt: now }) // before it is written, too
      // A batch that rolls back writes nothing and keeps them for its retry.
      await expect(
        database.db.transaction().execute(async (tx) => {
          await store.write(tx, [])
          throw new Error('the batch failed')
        }),
      ).rejects.toThrow('the batch failed')
      expect(store.pending).toBe(2)
      expect(await database.db.selectFrom('did_document').select('did').execute()).toEqual([])
      const done = await database.db.transaction().execute((tx) => store.write(tx, []))
      done()
      expect(store.pending).toBe(0)

      // Another run reads them from the database, with when they were fetched.
      now += 60 * 60_000
      const next = new DidDocumentStore(database.db, () => now)
      expect(await next.get('did:plc:a')).toEqual({ document: doc('did:plc:a'), resolvedAt: now - 60 * 60_000 })
      // A changed identity takes its document out, even one fetched since.
      next.fetched('did:plc:b', doc('did:plc:b', 'zNewKey'))
      ;(await database.db.transaction().execute((tx) => next.write(tx, ['did:plc:b'])))()
      expect(await next.get('did:plc:b')).toBeUndefined()
      expect(await database.db.selectFrom('did_document').select('did').execute()).toEqual([{ did: 'did:plc:a' }])
      // Too old: looked up again.
      now += DOCUMENT_MAX_AGE_MS
      expect(await next.get('did:plc:a')).toBeUndefined()
    } finally {
      await database.close()
    }
  })

  it('deletes documents too old to use, at most once every PRUNE_EVERY_MS, with a batch that commits', async () => {
    const database = engine.open<DidDocumentSchema>({ '001': didDocumentsMigration })
    await database.migrateToLatest()
    const start = Date.parse('2026-06-01T00:00:00.000Z')
    let now = start
    const kept = async () => (await database.db.selectFrom('did_document').select('did').orderBy('did').execute()).map((r) => r.did)
    const batch = async (store: DidDocumentStore, fail = false) => {
      const done = await database.db.transaction().execute(async (tx) => {
        const after = await store.write(tx, [])
        if (fail) throw new Error('the batch failed')
        return after
      })
      done()
    }
    try {
      const store = new DidDocumentStore(database.db, () => now)
      store.fetched('did:plc:old', doc('did:plc:old'))
      await batch(store)
      now = start + DOCUMENT_MAX_AGE_MS - PRUNE_EVERY_MS / 2
      store.fetched('did:plc:young', doc('did:plc:young'))
      await batch(store) // prunes (the last prune was a day ago): nothing is old enough yet
      expect(await kept()).toEqual(['did:plc:old', 'did:plc:young'])
      // A day and a minute after it was fetched, the old one is useless, but the last prune was half an hour ago.
      now = start + DOCUMENT_MAX_AGE_MS + 60_000
      await batch(store)
      expect(await kept()).toEqual(['did:plc:old', 'did:plc:young'])
      // An hour after the last prune: a batch that rolls back deletes nothing, and the next one does.
      now += PRUNE_EVERY_MS
      await expect(batch(store, true)).rejects.toThrow('the batch failed')
      expect(await kept()).toEqual(['did:plc:old', 'did:plc:young'])
      await batch(store)
      expect(await kept()).toEqual(['did:plc:young'])
      expect(store.pruned).toBe(1)
    } finally {
      await database.close()
    }
  })
})
