import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Database } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { FeedgenSchema } from '../db/schema'
import { loadViewerInteractions, MAX_INTERACTIONS_PER_VIEWER, recordInteractions } from './store'
import { describeEngines } from '@framewright/service-kit/testing'

describeEngines('interaction store', (engine) => {
  let database: Database<FeedgenSchema>
  const viewer = 'did:plc:viewer'
  const label = async (did: string) => (did === 'did:plc:maker' ? '@maker.test' : did)
  const T = new Date('2026-11-20T10:00:00.000Z')

  beforeEach(async () => {
    database = engine.open<FeedgenSchema>(migrations)
    await database.migrateToLatest()
    await database.db
      .insertInto('feed_item')
      .values({
        uri: 'at://did:plc:maker/app.framewright.video.post/v1',
        post: 'at://did:plc:maker/app.bsky.feed.post/p1',
        creator: 'did:plc:maker',
        rank: 1,
        madeAt: 1,
        consented: 1,
        context: 'Recent.',
        tags: '|noir|',
        words: ' noir ',
      })
      .execute()
  })
  afterEach(async () => {
    await database.close()
  })

  const rows = () => database.db.selectFrom('feed_interaction').selectAll().orderBy('item').execute()

  describe('recordInteractions', () => {
    it('resolves the listed post to its video, creator, handle and tags', async () => {
      await recordInteractions(database.db, viewer, [{ item: 'at://did:plc:maker/app.bsky.feed.post/p1', event: 'less' }], label, T)
      expect(await rows()).toEqual([
        {
          viewer,
          item: 'at://did:plc:maker/app.bsky.feed.post/p1',
          videoUri: 'at://did:plc:maker/app.framewright.video.post/v1',
          creator: 'did:plc:maker',
          creatorLabel: '@maker.test',
          tags: '|noir|',
          event: 'less',
          at: T.toISOString(),
        },
      ])
      const folded = await loadViewerInteractions(database.db, viewer)
      expect([...folded.hidden]).toEqual(['at://did:plc:maker/app.bsky.feed.post/p1', 'at://did:plc:maker/app.framewright.video.post/v1'])
      expect([...folded.lessCreators]).toEqual([['did:plc:maker', '@maker.test']])
      expect(folded.lessTags).toEqual(['noir'])
      expect(await loadViewerInteractions(database.db, 'did:plc:someone-else')).toMatchObject({ lessCreators: new Map(), lessTags: [] })
    })

    it('is idempotent, and a later word about the same item replaces the earlier one', async () => {
      const item = 'at://did:plc:maker/app.bsky.feed.post/p1'
      await recordInteractions(database.db, viewer, [{ item, event: 'less' }], label, T)
      await recordInteractions(database.db, viewer, [{ item, event: 'less' }], label, T)
      expect(await rows()).toHaveLength(1)
      await recordInteractions(database.db, viewer, [{ item, event: 'more' }], label, new Date(T.getTime() + 1000))
      expect((await rows()).map((r) => r.event)).toEqual(['more'])
    })

    it('keeps an item it does not know, named by the repo in its URI, and a label that fails falls back to the DID', async () => {
      const item = 'at://did:plc:stranger/app.bsky.feed.post/zz'
      await recordInteractions(database.db, viewer, [{ item, event: 'less' }], () => Promise.reject(new Error('no resolver')), T)
      expect(await rows()).toEqual([expect.objectContaining({ item, videoUri: null, creator: 'did:plc:stranger', creatorLabel: 'did:plc:stranger', tags: '|' })])
    })

    it(`keeps only each viewer’s newest ${MAX_INTERACTIONS_PER_VIEWER}`, async () => {
      const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ item: `at://did:plc:maker/app.bsky.feed.post/x${String(from + i).padStart(4, '0')}`, event: 'less' as const }))
      for (let b = 0; b < 6; b++) await recordInteractions(database.db, viewer, batch(b * 100, 100), label, new Date(T.getTime() + b * 1000))
      await recordInteractions(database.db, 'did:plc:other', batch(0, 3), label, T)
      const mine = (await rows()).filter((r) => r.viewer === viewer)
      expect(mine).toHaveLength(MAX_INTERACTIONS_PER_VIEWER)
      expect(mine[0]!.item).toBe('at://did:plc:maker/app.bsky.feed.post/x0100')
      expect((await rows()).filter((r) => r.viewer === 'did:plc:other')).toHaveLength(3)
    })
  })
})
