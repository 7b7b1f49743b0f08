import { Secp256k1Keypair } from '@atproto/crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger, Database } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { LabelerSchema } from '../db/schema'
import { knownCopyPostDetector, knownCopyVideoDetector } from '../detectors/known-copy'
import type { KnownFingerprinter } from '../fingerprint/fingerprinter'
import { KnownFingerprintStore } from '../fingerprint/store'
import { LabelingEngine } from '../labels/engine'
import { LabelStore } from '../labels/store'
import { KnownOriginals } from './known-originals'
import { describeEngines } from '@framewright/service-kit/testing'

const ORIGINAL = 'at://did:plc:mallory/app.framewright.video.post/3korig'
const ORIGINAL_POST = 'at://did:plc:mallory/app.bsky.feed.post/3korigpost'
const COPY = 'at://did:plc:carol/app.framewright.video.post/3kcopy'
const COPY_POST = 'at://did:plc:carol/app.bsky.feed.post/3kcopypost'
const REPOST = 'at://did:plc:dave/app.bsky.feed.post/3krepost'
const REVIEWED = 'at://did:plc:erin/app.framewright.video.post/3kreviewed'
const moderatorSays = { detector: 'moderator', reason: 'a reviewed deepfake', evidence: { moderator: 'did:plc:mod' } }
const match = { matchedFrames: 10, probeFrames: 12, meanDistance: 3.5, offsetMs: 0, mirrored: true }

describeEngines('known originals', (dbEngine) => {
  describe('copies of known originals', () => {
    let db: Database<LabelerSchema>
    let store: LabelStore
    let known: KnownFingerprintStore
    let engine: LabelingEngine
    let originals: KnownOriginals
    let wakes = 0
    const valsOn = async (uri: string) => ((await store.inForce([uri])).get(uri) ?? []).map((l) => l.val).sort()
    const addVideo = (uri: string, creator: string, crosspostUri: string | null, blobCid: string) => {
      const now = new Date().toISOString()
      return db.db
        .insertInto('video')
        .values({
          uri, cid: 'bafyvideo', creator, createdAt: now, indexedAt: now, sortAt: now, text: '', provider: 'procedural', model: 'm', prompt: 'p',
          blobCid, blobMime: 'video/mp4', blobSize: 1, durationMs: null, width: null, height: null, remixOfUri: null, remixOfCid: null,
          crosspostUri, crosspostCid: crosspostUri ? 'bafypost' : null, record: JSON.stringify({ generation: {} }),
        })
        .execute()
    }
    const moderate = async (uris: string[], val: string, neg: boolean) => {
      await store.apply(uris.map((uri) => ({ uri, val, neg, explanation: moderatorSays })))
      await originals.decided(uris[0]!, val, neg)
    }

    beforeEach(async () => {
      db = dbEngine.open<LabelerSchema>(migrations)
      await db.migrateToLatest()
      store = new LabelStore(db.db, await Secp256k1Keypair.create(), 'did:plc:labeler')
      known = new KnownFingerprintStore(db.db)
      const logger = createLogger({ level: 'silent' })
      engine = new LabelingEngine(db, store, [knownCopyVideoDetector(known), knownCopyPostDetector(known)], logger)
      wakes = 0
      const fingerprinter = { wake: () => void (wakes += 1) } as unknown as KnownFingerprinter
      originals = new KnownOriginals(db, known, fingerprinter, engine, logger)
      await addVideo(ORIGINAL, 'did:plc:mallory', ORIGINAL_POST, 'bafkreioriginal')
      await addVideo(COPY, 'did:plc:carol', COPY_POST, 'bafkreicopy')
      await addVideo(REVIEWED, 'did:plc:erin', null, 'bafkreireviewed')
      await db.db.insertInto('bsky_video_post').values({ uri: REPOST, cid: 'bafyrepost', author: 'did:plc:dave', blobCid: 'bafkreirepost', createdAt: new Date().toISOString() }).execute()
    })
    afterEach(async () => db.close())

    /** What the scan pipeline will do: the fingerprint is made, copies are matched and re-evaluated. */
    async function fingerprintAndMatch() {
      const [pending] = await known.pending()
      expect(pending).toMatchObject({ sourceUri: ORIGINAL, val: 'known-deepfake', blobCid: 'bafkreioriginal', author: 'did:plc:mallory' })
      await known.ready(pending!.id, [{ atMs: 0, hi: 1, lo: 2 }])
      for (const uri of [COPY, REPOST]) await known.recordMatches(uri, [{ key: { sourceUri: ORIGINAL, val: 'known-deepfake' }, ...match }])
      await engine.evaluate([COPY, ORIGINAL, REVIEWED])
      await engine.evaluatePosts([REPOST])
    }

    it('a moderator\'s known-deepfake asks for the original\'s fingerprint, named by its companion post too', async () => {
      await moderate([ORIGINAL_POST, ORIGINAL], 'known-deepfake', false)
      expect(wakes).toBe(1)
      expect((await known.pending()).map((p) => p.sourceUri)).toEqual([ORIGINAL])
      await originals.decided(ORIGINAL, 'known-deepfake', false) // asked twice: still one request
      expect(await known.pending()).toHaveLength(1)
      await originals.decided(ORIGINAL, '!hide', false) // not a copied value
      expect(await known.pending()).toHaveLength(1)
    })

    it('a moderator who labels a video before the labeler has indexed it gets its fingerprint once it arrives; a lifted value or a copy\'s label asks for nothing', async () => {
      const LATE = 'at://did:plc:frank/app.framewright.video.post/3klate'
      const LATE_POST = 'at://did:plc:frank/app.bsky.feed.post/3klatepost'
      await moderate([LATE], 'known-deepfake', false) // not indexed yet: nothing to fingerprint
      await moderate([LATE_POST], '!takedown', false)
      await moderate([LATE_POST], '!takedown', true) // lifted again before it arrived
      expect(await known.pending()).toEqual([])
      await addVideo(LATE, 'did:plc:frank', LATE_POST, 'bafkreilate')
      // A copy's known-deepfake comes from the copy detector, not a moderator: it is no original.
      await store.apply([{ uri: COPY, val: 'known-deepfake', neg: false, explanation: { detector: 'known-copy', reason: 'a copy', evidence: {} } }])
      wakes = 0
      await db.db.transaction().execute((tx) => originals.indexed([LATE, COPY, LATE], tx))
      expect((await known.pending()).map((p) => [p.sourceUri, p.val, p.blobCid])).toEqual([[LATE, 'known-deepfake', 'bafkreilate']])
      expect(wakes).toBe(1)
    })

    it('copies get the value with evidence naming the original; the original and others are untouched', async () => {
      await moderate([ORIGINAL, ORIGINAL_POST], 'known-deepfake', false)
      await store.apply([{ uri: REVIEWED, val: 'known-deepfake', neg: false, explanation: moderatorSays }])
      await fingerprintAndMatch()
      for (const uri of [COPY, COPY_POST, REPOST, ORIGINAL, ORIGINAL_POST, REVIEWED]) expect(await valsOn(uri), uri).toEqual(['known-deepfake'])
      const [why] = await store.explain(COPY, 'known-deepfake')
      expect(why!.explanation).toMatchObject({ detector: 'known-copy', evidence: { original: ORIGINAL, matchedFrames: 10, mirrored: true } })
      expect((await store.explain(REPOST, 'known-deepfake'))[0]!.explanation.detector).toBe('known-copy-post')
      expect((await store.explain(ORIGINAL, 'known-deepfake'))[0]!.explanation.detector).toBe('moderator')
    })

    it('lifting the original lifts exactly its copies, never a moderator\'s own labels', async () => {
      await moderate([ORIGINAL, ORIGINAL_POST], 'known-deepfake', false)
      await store.apply([{ uri: REVIEWED, val: 'known-deepfake', neg: false, explanation: moderatorSays }])
      await fingerprintAndMatch()
      await moderate([ORIGINAL, ORIGINAL_POST], 'known-deepfake', true)
      for (const uri of [COPY, COPY_POST, REPOST, ORIGINAL, ORIGINAL_POST]) expect(await valsOn(uri), uri).toEqual([])
      expect(await valsOn(REVIEWED)).toEqual(['known-deepfake'])
      expect((await store.explain(COPY, 'known-deepfake'))[0]!.explanation.reason).toMatch(/original was lifted/)
      expect(await known.matchesOf([COPY, REPOST])).toEqual(new Map([[COPY, []], [REPOST, []]]))
      // Re-evaluating anything now changes nothing.
      expect(await engine.evaluate([COPY, ORIGINAL, REVIEWED])).toEqual([])
    })

    it('inside an ingestion batch, copies are found and lifts respected through the batch\'s transaction, naming the original\'s author by marker', async () => {
      await moderate([ORIGINAL, ORIGINAL_POST], 'known-deepfake', false)
      const [pending] = await known.pending()
      await known.ready(pending!.id, [{ atMs: 0, hi: 1, lo: 2 }])
      for (const uri of [COPY, REPOST]) await known.recordMatches(uri, [{ key: { sourceUri: ORIGINAL, val: 'known-deepfake' }, ...match }])
      // SQLite has one connection and the transaction holds it: a read through any other handle (the
      // fingerprint store's own, the label store's) would wait for it forever, and this never ends.
      await db.db.transaction().execute(async (tx) => {
        await engine.evaluate([COPY], new Map(), tx)
        await engine.evaluatePosts([REPOST], new Map(), tx)
      })
      for (const uri of [COPY, COPY_POST, REPOST]) expect(await valsOn(uri), uri).toEqual(['known-deepfake'])
      expect((await store.explain(COPY, 'known-deepfake'))[0]!.explanation.reason).toContain(`${ORIGINAL} by @{did:plc:mallory}`)

      // A moderator lifts the copy; the next batch that touches it defers to them (latestDetector, through the transaction).
      await store.apply([COPY, COPY_POST].map((uri) => ({ uri, val: 'known-deepfake', neg: true, explanation: moderatorSays })))
      expect(await db.db.transaction().execute((tx) => engine.evaluate([COPY], new Map(), tx))).toEqual([])
      expect(await valsOn(COPY)).toEqual([])
    })

    it('a moderator who lifts a copy (a false match) is not overruled, and a copy they labelled themselves stays', async () => {
      await moderate([ORIGINAL, ORIGINAL_POST], 'known-deepfake', false)
      await fingerprintAndMatch()
      await store.apply([COPY, COPY_POST].map((uri) => ({ uri, val: 'known-deepfake', neg: true, explanation: moderatorSays })))
      await engine.evaluate([COPY])
      expect(await valsOn(COPY)).toEqual([])
      // The repost: the moderator labels it themselves; lifting the original leaves that decision alone.
      await store.apply([{ uri: REPOST, val: 'known-deepfake', neg: false, explanation: moderatorSays }])
      await moderate([ORIGINAL, ORIGINAL_POST], 'known-deepfake', true)
      expect(await valsOn(REPOST)).toEqual(['known-deepfake'])
    })
  })
})
