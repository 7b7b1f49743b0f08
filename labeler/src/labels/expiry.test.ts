import { Secp256k1Keypair } from '@atproto/crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger, Database, verifyLabel } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { LabelerSchema } from '../db/schema'
import { defaultDetectors } from '../detectors'
import { LabelingEngine } from './engine'
import { LabelStore } from './store'
import { describeEngines } from '@framewright/service-kit/testing'

const CREATOR = 'did:plc:creator'
const SUBJECT = 'did:plc:subject'
const VIDEO = `at://${CREATOR}/app.framewright.video.post/3kvideo`

/** Consent labels that rest on an expiring grant: `exp` on the label, and what happens when it passes. */
describeEngines('label expiry', (dbEngine) => {
  describe('labeling engine and grant expiry', () => {
    let db: Database<LabelerSchema>
    let store: LabelStore
    let keypair: Secp256k1Keypair
    let engine: LabelingEngine
    const inForce = async () => ((await store.inForce([VIDEO])).get(VIDEO) ?? []).filter((l) => l.val.startsWith('likeness-'))
    const vals = async () => (await inForce()).map((l) => l.val).sort()
    const grant = async (expiresAt: string | null) => {
      const row = { did: SUBJECT, uri: `at://${SUBJECT}/app.framewright.likeness.grant/self`, cid: 'bafygrant', audience: 'everyone', approved: '[]', restrictions: null, expiresAt, createdAt: '2026-01-01T00:00:00Z', indexedAt: '2026-01-01T00:00:00Z' }
      await db.db.insertInto('likeness_grant').values(row).onConflict((oc) => oc.column('did').doUpdateSet(row)).execute()
    }

    beforeEach(async () => {
      db = dbEngine.open<LabelerSchema>(migrations)
      await db.migrateToLatest()
      keypair = await Secp256k1Keypair.create()
      store = new LabelStore(db.db, keypair, 'did:plc:labeler')
      engine = new LabelingEngine(db, store, defaultDetectors, createLogger({ level: 'silent' }))
      const now = new Date().toISOString()
      await db.db
        .insertInto('video')
        .values({
          uri: VIDEO, cid: 'bafyvideo', creator: CREATOR, createdAt: now, indexedAt: now, sortAt: now, text: '', provider: 'procedural',
          model: 'm', prompt: 'p', blobCid: 'bafyblob', blobMime: 'video/mp4', blobSize: 1, durationMs: null, width: null, height: null,
          remixOfUri: null, remixOfCid: null, crosspostUri: null, crosspostCid: null, record: JSON.stringify({ generation: {} }),
        })
        .execute()
      await db.db.insertInto('depiction').values({ videoUri: VIDEO, creator: CREATOR, subject: SUBJECT, grantUri: null }).execute()
    })
    afterEach(async () => db.close())

    it('signs the grant expiry into the consented label, and issues it again when the expiry moves', async () => {
      const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString()
      await grant(inAWeek)
      await engine.evaluate([VIDEO])
      const [consented] = await inForce()
      expect(consented).toMatchObject({ val: 'likeness-consented', exp: inAWeek })
      expect(await verifyLabel(consented!, keypair.did())).toBe(true)
      expect(await verifyLabel({ ...consented!, exp: undefined }, keypair.did())).toBe(false)

      const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString()
      await grant(inAMonth)
      await engine.evaluate([VIDEO])
      expect((await inForce())[0]).toMatchObject({ val: 'likeness-consented', exp: inAMonth })

      await grant(null)
      await engine.evaluate([VIDEO])
      const [permanent] = await inForce()
      expect(permanent?.val).toBe('likeness-consented')
      expect(permanent?.exp).toBeUndefined()
      // Re-evaluating with nothing changed issues nothing.
      expect(await engine.evaluate([VIDEO])).toEqual([])
    })

    it('once the grant has expired and the consent ran out, applies unconsented and revoked', async () => {
      await grant(new Date(Date.now() + 86_400_000).toISOString())
      await engine.evaluate([VIDEO])
      expect(await vals()).toEqual(['likeness-consented'])

      // Time passes: the grant and the label it backs run out together (moved back rather than waited for).
      const past = new Date(Date.now() - 1_000).toISOString()
      await grant(past)
      await db.db.updateTable('label').set({ exp: past }).where('val', '=', 'likeness-consented').execute()
      expect(await vals()).toEqual([])

      await engine.evaluate([VIDEO])
      expect(await vals()).toEqual(['likeness-revoked', 'likeness-unconsented'])
      const [revoked] = await store.explain(VIDEO, 'likeness-revoked')
      expect(revoked?.explanation.reason).toMatch(/until their grant expired/)
    })

    it('inside an ingestion batch (the engine given its transaction), signs exp and revokes a lapsed consent in the same way', async () => {
      const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString()
      await grant(inAWeek)
      await db.db.transaction().execute((tx) => engine.evaluate([VIDEO], new Map(), tx))
      const [consented] = await inForce()
      expect(consented).toMatchObject({ val: 'likeness-consented', exp: inAWeek })
      expect(await verifyLabel(consented!, keypair.did())).toBe(true)
      const [row] = await db.db.selectFrom('label').select(['exp', 'neg']).where('val', '=', 'likeness-consented').execute()
      expect(row).toEqual({ exp: inAWeek, neg: 0 })

      const past = new Date(Date.now() - 1_000).toISOString()
      await grant(past)
      await db.db.updateTable('label').set({ exp: past }).where('val', '=', 'likeness-consented').execute()
      await db.db.transaction().execute((tx) => engine.evaluate([VIDEO], new Map(), tx))
      expect(await vals()).toEqual(['likeness-revoked', 'likeness-unconsented'])
      // Its reason names the subject by marker, rendered when the explanation is read.
      const [revoked] = await store.explain(VIDEO, 'likeness-revoked')
      expect(revoked?.explanation.reason).toContain(`@{${SUBJECT}} had consented to this video until their grant expired`)
    })

    it('evaluateAlone (an expiry run, outside ingestion) applies the same labels in a transaction of its own', async () => {
      await grant(new Date(Date.now() - 1_000).toISOString())
      const changes = await engine.evaluateAlone([VIDEO])
      expect(changes.map((c) => c.val).filter((v) => v.startsWith('likeness-'))).toEqual(['likeness-unconsented'])
      expect(await vals()).toEqual(['likeness-unconsented'])
      expect(await engine.evaluateAlone([VIDEO])).toEqual([])
    })
  })
})
