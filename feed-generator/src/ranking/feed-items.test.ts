import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Database } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { FeedgenSchema } from '../db/schema'
import { BONUS } from './creation-first'
import { firstVideosOf, refreshFeedItems } from './feed-items'
import { describeEngines } from '@framewright/service-kit/testing'

const HOUR = 3_600_000
const T0 = Date.parse('2026-11-01T00:00:00.000Z')

describeEngines('feed items', (engine) => {
  let database: Database<FeedgenSchema>

  beforeEach(async () => {
    database = engine.open<FeedgenSchema>(migrations)
    await database.migrateToLatest()
  })
  afterEach(async () => {
    await database.close()
  })

  /** A video row as the video-graph indexer writes it. */
  async function video(creator: string, n: number, opts: { atMs: number; remixOf?: string; depicts?: string; tags?: string[] }) {
    const uri = `at://${creator}/app.framewright.video.post/v${n}`
    const at = new Date(opts.atMs).toISOString()
    await database.db
      .insertInto('video')
      .values({
        uri,
        cid: `bafy${n}`,
        creator,
        createdAt: at,
        indexedAt: at,
        sortAt: at,
        text: '',
        provider: 'procedural',
        model: 'procedural-v2',
        prompt: `video ${n}`,
        blobCid: `blob${n}`,
        blobMime: 'video/mp4',
        blobSize: 1000,
        durationMs: 3000,
        width: 480,
        height: 854,
        remixOfUri: opts.remixOf ?? null,
        remixOfCid: opts.remixOf ? 'bafyremixed' : null,
        crosspostUri: `at://${creator}/app.bsky.feed.post/p${n}`,
        crosspostCid: `bafyp${n}`,
        record: JSON.stringify({ tags: opts.tags ?? [] }),
      })
      .execute()
    if (opts.depicts) {
      await database.db.insertInto('depiction').values({ videoUri: uri, creator, subject: opts.depicts, grantUri: null }).execute()
    }
    return uri
  }

  const items = () => database.db.selectFrom('feed_item').selectAll().orderBy('uri').execute()

  describe('refreshFeedItems', () => {
    it('ranks a batch of videos in one pass: new-creator, remix and remixed bonuses, and consent', async () => {
      // alice: four videos an hour apart (the first three are "new creator" ones); bob remixes her
      // first video twice; carol depicts dave, who has granted nothing.
      const alice = await Promise.all([0, 1, 2, 3].map((i) => video('did:plc:alice', i, { atMs: T0 + i * HOUR })))
      const remixes = await Promise.all([10, 11].map((i) => video('did:plc:bob', i, { atMs: T0 + 5 * HOUR, remixOf: alice[0] })))
      const unconsented = await video('did:plc:carol', 20, { atMs: T0 + 6 * HOUR, depicts: 'did:plc:dave' })

      await refreshFeedItems(database, [...alice, ...remixes, unconsented])
      const byUri = new Map((await items()).map((r) => [r.uri, r]))

      expect(byUri.get(alice[0]!)!.rank).toBe(T0 + BONUS.newCreator + 2 * BONUS.perRemixReceived)
      expect(byUri.get(alice[0]!)!.context).toBe('Recent, from a new creator, remixed 2 times.')
      expect(byUri.get(alice[2]!)!.rank).toBe(T0 + 2 * HOUR + BONUS.newCreator)
      expect(byUri.get(alice[3]!)!.rank).toBe(T0 + 3 * HOUR) // her fourth: no longer new
      expect(byUri.get(remixes[1]!)!.rank).toBe(T0 + 5 * HOUR + BONUS.remix + BONUS.newCreator)
      expect(byUri.get(remixes[1]!)!.post).toBe('at://did:plc:bob/app.bsky.feed.post/p11')
      expect(byUri.get(unconsented)!.consented).toBe(0)
      expect(byUri.get(alice[1]!)!.consented).toBe(1)
    })

    it('keeps what steering needs: the rank facts, tags and words', async () => {
      const original = await video('did:plc:alice', 1, { atMs: T0, tags: ['Animation', 'Sunset Beach'] })
      const remix = await video('did:plc:bob', 2, { atMs: T0, remixOf: original })
      await refreshFeedItems(database, [original, remix])
      const byUri = new Map((await items()).map((r) => [r.uri, r]))
      expect(byUri.get(original)).toMatchObject({ isRemix: 0, newCreator: 1, remixCount: 1, tags: '|animation|sunset beach|', words: ' animation sunset beach video 1 ' })
      expect(byUri.get(remix)).toMatchObject({ isRemix: 1, remixCount: 0, tags: '|' })
    })

    it('leaves out a video without a companion post of its own: a Bluesky skeleton can only list posts', async () => {
      const uri = await video('did:plc:alice', 1, { atMs: T0 })
      await refreshFeedItems(database, [uri])
      expect((await items()).map((r) => r.post)).toEqual(['at://did:plc:alice/app.bsky.feed.post/p1'])
      await database.db.updateTable('video').set({ crosspostUri: null, crosspostCid: null }).where('uri', '=', uri).execute()
      await refreshFeedItems(database, [uri])
      expect(await items()).toEqual([])
    })

    it('is idempotent, and drops videos that are gone or whose creator is inactive', async () => {
      const a = await video('did:plc:alice', 1, { atMs: T0 })
      const b = await video('did:plc:bob', 2, { atMs: T0 })
      await refreshFeedItems(database, [a, b])
      const first = await items()
      await refreshFeedItems(database, [a, b])
      expect(await items()).toEqual(first)

      await database.db.insertInto('actor').values({ did: 'did:plc:bob', active: 0, status: 'takendown', updatedAt: new Date().toISOString() }).execute()
      await database.db.deleteFrom('video').where('uri', '=', a).execute()
      await refreshFeedItems(database, [a, b])
      expect(await items()).toEqual([])
    })
  })

  describe('firstVideosOf', () => {
    it("gives each creator's first videos by sortAt then URI, one more than get the bonus, for many creators in one call", async () => {
      const alice = 'did:plc:alice'
      const bob = 'did:plc:bob'
      // Inserted out of order: the order must come from sortAt (then the URI on a tie).
      const a = [await video(alice, 5, { atMs: T0 + 5 * HOUR }), await video(alice, 1, { atMs: T0 + HOUR }), await video(alice, 3, { atMs: T0 + 3 * HOUR })]
      const a2 = await video(alice, 2, { atMs: T0 + 3 * HOUR })
      await video(alice, 9, { atMs: T0 + 9 * HOUR })
      const b = await video(bob, 7, { atMs: T0 })
      await video('did:plc:carol', 8, { atMs: T0 })
      const first = await firstVideosOf(database.db, [alice, bob, alice])
      expect(BONUS.newCreatorVideos + 1).toBe(4)
      expect(first.sort()).toEqual([a[1], a2, a[2], a[0], b].sort())
      expect(await firstVideosOf(database.db, [])).toEqual([])
    })
  })
})
