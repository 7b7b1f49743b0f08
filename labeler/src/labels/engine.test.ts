import { Secp256k1Keypair } from '@atproto/crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger, Database } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { LabelerSchema } from '../db/schema'
import { defaultDetectors, type Detector } from '../detectors'
import { c2paVideoDetector } from '../detectors/c2pa'
import { LabelingEngine } from './engine'
import { LabelStore } from './store'
import { describeEngines } from '@framewright/service-kit/testing'

const CREATOR = 'did:plc:creator'
const VIDEO = `at://${CREATOR}/app.framewright.video.post/3kvideo`
const POST = `at://${CREATOR}/app.bsky.feed.post/3kpost`
const moderatorSays = { detector: 'moderator', reason: 'a reviewed deepfake', evidence: { moderator: 'did:plc:mod' } }

/** A video row by CREATOR, made now, with no companion post unless given. */
function videoRow(uri: string, v: { cid: string; blobCid: string; crosspostUri?: string; crosspostCid?: string }) {
  const now = new Date().toISOString()
  return {
    uri, cid: v.cid, creator: CREATOR, createdAt: now, indexedAt: now, sortAt: now, text: '', provider: 'procedural',
    model: 'm', prompt: 'p', blobCid: v.blobCid, blobMime: 'video/mp4', blobSize: 1, durationMs: null, width: null, height: null,
    remixOfUri: null, remixOfCid: null, crosspostUri: v.crosspostUri ?? null, crosspostCid: v.crosspostCid ?? null, record: JSON.stringify({ generation: {} }),
  }
}

/** A provenance-like detector whose verdict the test switches. */
function switchable(): Detector & { wants: boolean } {
  return {
    name: 'provenance',
    values: ['ai-video'],
    wants: true,
    evaluate() {
      return this.wants ? [{ val: 'ai-video', reason: 'declared', evidence: null }] : []
    },
  }
}

describeEngines('labeling engine', (dbEngine) => {
  describe('labeling engine and moderator labels', () => {
    let db: Database<LabelerSchema>
    let store: LabelStore
    let detector: ReturnType<typeof switchable>
    let engine: LabelingEngine

    beforeEach(async () => {
      db = dbEngine.open<LabelerSchema>(migrations)
      await db.migrateToLatest()
      store = new LabelStore(db.db, await Secp256k1Keypair.create(), 'did:plc:labeler')
      detector = switchable()
      engine = new LabelingEngine(db, store, [detector], createLogger({ level: 'silent' }))
      await db.db.insertInto('video').values(videoRow(VIDEO, { cid: 'bafyvideo', blobCid: 'bafyblob', crosspostUri: POST, crosspostCid: 'bafypost' })).execute()
    })
    afterEach(async () => db.close())

    const valsOn = async (uri: string) => ((await store.inForce([uri])).get(uri) ?? []).map((l) => l.val).sort()

    it('a video and its companion post are labeled together, whichever is named', async () => {
      expect(await engine.labeledWith(VIDEO)).toEqual([VIDEO, POST])
      expect(await engine.labeledWith(POST)).toEqual([VIDEO, POST])
      expect(await engine.labeledWith('did:plc:someone')).toEqual(['did:plc:someone'])
    })

    it('re-evaluations that run at once (expiries, moderators) write each label once, not once each', async () => {
      await Promise.all(Array.from({ length: 6 }, () => engine.evaluateAlone([VIDEO])))
      const rows = await db.db.selectFrom('label').select(['uri', 'val']).where('val', '=', 'ai-video').orderBy('uri').execute()
      expect(rows).toEqual([POST, VIDEO].sort().map((uri) => ({ uri, val: 'ai-video' })))
    })

    it('negates what its detectors no longer find, never what a moderator applied', async () => {
      await engine.evaluate([VIDEO])
      await store.apply([VIDEO, POST].map((uri) => ({ uri, val: 'known-deepfake', neg: false, explanation: moderatorSays })))
      expect(await valsOn(VIDEO)).toEqual(['ai-video', 'known-deepfake'])

      detector.wants = false
      await engine.evaluate([VIDEO])
      expect(await valsOn(VIDEO)).toEqual(['known-deepfake'])
      expect(await valsOn(POST)).toEqual(['known-deepfake'])

      await db.db.deleteFrom('video').execute()
      detector.wants = true
      await engine.evaluate([VIDEO])
      expect(await valsOn(VIDEO)).toEqual(['known-deepfake'])
    })

    it('withdraws the video detectors\' labels from a companion post the video no longer has', async () => {
      await engine.evaluate([VIDEO])
      await store.apply([{ uri: POST, val: 'known-deepfake', neg: false, explanation: moderatorSays }])
      expect(await valsOn(POST)).toEqual(['ai-video', 'known-deepfake'])

      // Without knowing the former companion, a deleted video's post keeps its labels…
      await db.db.deleteFrom('video').execute()
      await engine.evaluate([VIDEO])
      expect(await valsOn(POST)).toEqual(['ai-video', 'known-deepfake'])

      // …and with it, they go (the moderator's stays), explained as the deletion.
      await engine.evaluate([VIDEO], new Map([[VIDEO, POST]]))
      expect(await valsOn(POST)).toEqual(['known-deepfake'])
      const [why] = await store.explain(POST, 'ai-video')
      expect(why?.label.neg).toBe(true)
      expect(why?.explanation.reason).toMatch(/video this post carried was deleted/)
    })

    it('a video that names a new companion leaves its old one unlabeled', async () => {
      await engine.evaluate([VIDEO])
      const NEW_POST = `at://${CREATOR}/app.bsky.feed.post/3knewpost`
      await db.db.updateTable('video').set({ crosspostUri: NEW_POST }).execute()
      await engine.evaluate([VIDEO], new Map([[VIDEO, POST]]))
      expect(await valsOn(POST)).toEqual([])
      expect(await valsOn(NEW_POST)).toEqual(['ai-video'])
      // Replaying the same event changes nothing.
      expect(await engine.evaluate([VIDEO], new Map([[VIDEO, POST]]))).toEqual([])
    })

    it('explains a deleted video\'s withdrawn labels as a deletion', async () => {
      await engine.evaluate([VIDEO])
      await db.db.deleteFrom('video').execute()
      await engine.evaluate([VIDEO])
      const [why] = await store.explain(VIDEO, 'ai-video')
      expect(why?.label.neg).toBe(true)
      expect(why?.explanation.reason).toBe('The video was deleted.')
    })
  })

  describe('labeling engine and Bluesky video posts', () => {
    const REPOST = 'at://did:plc:other/app.bsky.feed.post/3krepost'
    let db: Database<LabelerSchema>
    let store: LabelStore
    let engine: LabelingEngine
    const valsOn = async (uri: string) => ((await store.inForce([uri])).get(uri) ?? []).map((l) => l.val).sort()
    const addVideo = (sourceType: string) =>
      db.db
        .insertInto('video')
        .values({
          ...videoRow(VIDEO, { cid: 'bafyvideo', blobCid: 'bafkreiblob', crosspostUri: POST, crosspostCid: 'bafypost' }),
          record: JSON.stringify({ generation: { provider: 'procedural', model: 'm', sourceType } }),
        })
        .execute()
    const addPost = (uri: string, author: string) =>
      db.db.insertInto('bsky_video_post').values({ uri, cid: 'bafyrepost', author, blobCid: 'bafkreiblob', createdAt: new Date().toISOString() }).execute()

    beforeEach(async () => {
      db = dbEngine.open<LabelerSchema>(migrations)
      await db.migrateToLatest()
      store = new LabelStore(db.db, await Secp256k1Keypair.create(), 'did:plc:labeler')
      engine = new LabelingEngine(db, store, defaultDetectors, createLogger({ level: 'silent' }))
    })
    afterEach(async () => db.close())

    it('a re-post seen before its original is labeled when the original arrives, and unlabeled when it goes', async () => {
      await addPost(REPOST, 'did:plc:other')
      await addPost(POST, CREATOR)
      await engine.evaluatePosts([REPOST, POST])
      expect(await valsOn(REPOST)).toEqual([])

      await addVideo('ai-generated')
      await engine.evaluate([VIDEO])
      await engine.evaluatePosts(await engine.postsWithBlobs(['bafkreiblob']))
      expect(await valsOn(REPOST)).toEqual(['ai-undisclosed'])
      expect(await valsOn(POST)).toEqual(['ai-video']) // the companion: disclosed, and left to provenance

      await db.db.deleteFrom('video').execute()
      await engine.evaluate([VIDEO])
      await engine.evaluatePosts(await engine.postsWithBlobs(['bafkreiblob']))
      expect(await valsOn(REPOST)).toEqual([])
      const [why] = await store.explain(REPOST, 'ai-undisclosed')
      expect(why?.explanation.reason).toMatch(/reupload no longer finds this/)
    })

    it('a deleted post loses only the post detectors\' labels, never a moderator\'s nor its video\'s', async () => {
      await addVideo('ai-generated')
      await addPost(REPOST, 'did:plc:other')
      await addPost(POST, CREATOR)
      await engine.evaluate([VIDEO])
      await engine.evaluatePosts([REPOST, POST])
      await store.apply([{ uri: REPOST, val: 'known-deepfake', neg: false, explanation: moderatorSays }])
      expect(await valsOn(REPOST)).toEqual(['ai-undisclosed', 'known-deepfake'])

      const gone = new Map([[REPOST, 'The post was deleted.'], [POST, 'The post was deleted.']])
      await engine.evaluatePosts([REPOST, POST], gone)
      expect(await valsOn(REPOST)).toEqual(['known-deepfake'])
      expect((await store.explain(REPOST, 'ai-undisclosed'))[0]?.explanation.reason).toBe('The post was deleted.')
      expect(await valsOn(POST)).toEqual(['ai-video'])
      expect(await valsOn(VIDEO)).toEqual(['ai-video'])
      // Re-evaluating the video never touches the post detectors' values, and vice versa.
      await engine.evaluate([VIDEO])
      expect(await valsOn(REPOST)).toEqual(['known-deepfake'])
    })

    it('a captured original gives re-posts nothing to disclose', async () => {
      await addVideo('captured')
      await addPost(REPOST, 'did:plc:other')
      await engine.evaluatePosts([REPOST])
      expect(await valsOn(REPOST)).toEqual([])
    })
  })
})

describe('labeling engine reads', () => {
  it('a detector reads its facts once for every video of an evaluation, and each video gets its own', async () => {
    const db = Database.open<LabelerSchema>(':memory:', migrations)
    await db.migrateToLatest()
    try {
      const store = new LabelStore(db.db, await Secp256k1Keypair.create(), 'did:plc:labeler')
      const asked: string[][] = []
      const facts = {
        async c2paOf(uris: string[]) {
          asked.push(uris)
          return new Map(uris.filter((u) => !u.endsWith('v1')).map((u) => [u, { present: true, state: 'trusted', failures: [], digitalSourceTypes: [], aiSource: false }]))
        },
      }
      const engine = new LabelingEngine(db, store, [c2paVideoDetector(facts as never)], createLogger({ level: 'silent' }))
      const uris = ['v0', 'v1', 'v2'].map((r) => `at://${CREATOR}/app.framewright.video.post/${r}`)
      await db.db.insertInto('video').values(uris.map((uri, i) => videoRow(uri, { cid: `bafy${i}`, blobCid: `bafyblob${i}` }))).execute()
      await engine.evaluate(uris)
      expect(asked.map((a) => [...a].sort())).toEqual([[...uris].sort()])
      const labelled = await store.inForce(uris)
      expect(uris.map((u) => (labelled.get(u) ?? []).map((l) => l.val))).toEqual([['provenance-verified'], [], ['provenance-verified']])
    } finally {
      await db.close()
    }
  })
})
