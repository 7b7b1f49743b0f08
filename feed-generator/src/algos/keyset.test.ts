import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Database } from '@framewright/service-kit'
import type { AppContext } from '../context'
import { migrations } from '../db/migrations'
import type { FeedgenSchema } from '../db/schema'
import { serveWithinDailyLimit } from '../finite/daily-limit'
import { keysetPage } from './keyset'
import { describeEngines } from '@framewright/service-kit/testing'

describeEngines('keysetPage', (engine) => {
  let database: Database<FeedgenSchema>
  // keysetPage reads only the database and, for a signed-in viewer, the default daily limit.
  const ctx = (defaultDailyLimit = 200) => ({ db: database, cfg: { defaultDailyLimit } }) as unknown as AppContext

  beforeEach(async () => {
    database = engine.open<FeedgenSchema>(migrations)
    await database.migrateToLatest()
    // 12 items, ranks in threes so that the uri tiebreaker is needed at page boundaries.
    await database.db
      .insertInto('feed_item')
      .values(
        Array.from({ length: 12 }, (_, n) => ({
          uri: `at://did:plc:c/app.framewright.video.post/${String(n).padStart(2, '0')}`,
          post: `at://did:plc:c/app.bsky.feed.post/${n}`,
          creator: 'did:plc:c',
          rank: Math.floor(n / 3),
          madeAt: n,
          consented: 1,
          context: 'Recent.',
        })),
      )
      .execute()
  })
  afterEach(() => database.close())

  async function walk(limit: number, maxDepth: number): Promise<number[]> {
    const sizes: number[] = []
    let cursor: string | undefined
    for (let i = 0; i < 50; i++) {
      const page = await keysetPage(ctx(), { key: 'rank', consentedOnly: true, limit, maxDepth, cursor })
      sizes.push(page.feed.length)
      cursor = page.cursor
      if (!cursor) return sizes
    }
    throw new Error('never ended')
  }

  describe('keysetPage ends', () => {
    it.each<[string, number, number, number[]]>([
      ['when the items run out', 5, 100, [5, 5, 2]],
      ['when the items run out on a page boundary', 4, 100, [4, 4, 4, 0]],
      ['at the depth limit, mid-page', 5, 7, [5, 2]],
      ['at the depth limit, on a page boundary', 3, 6, [3, 3]],
      ['at a depth limit smaller than a page', 10, 4, [4]],
    ])('%s', async (_name, limit, maxDepth, sizes) => {
      expect(await walk(limit, maxDepth)).toEqual(sizes)
    })
  })

  describe('keysetPage for a signed-in viewer', () => {
    it('leaves out what that viewer asked for less of, and only for them', async () => {
      await database.db
        .insertInto('feed_interaction')
        .values({ viewer: 'did:plc:v', item: 'at://did:plc:c/app.bsky.feed.post/11', videoUri: 'at://did:plc:c/app.framewright.video.post/11', creator: 'did:plc:c', creatorLabel: '@c', tags: '|', event: 'less', at: '2026-01-01T00:00:00.000Z' })
        .execute()
      const top = async (viewer?: string) =>
        (await keysetPage(ctx(), { key: 'madeAt', consentedOnly: false, limit: 2, maxDepth: 100, viewer })).feed.map((i) => i.post.split('/').pop())
      expect(await top('did:plc:v')).toEqual(['10', '9'])
      expect(await top('did:plc:other')).toEqual(['11', '10'])
      expect(await top()).toEqual(['11', '10'])
    })

    it('counts against the daily limit the viewer shares across feeds: switching feeds does not dodge it', async () => {
      const page = (viewer: string, cursor?: string) => keysetPage(ctx(5), { key: 'madeAt', consentedOnly: false, limit: 2, maxDepth: 100, viewer, cursor })
      // Three videos were already served today in another feed (creation-first, say).
      await serveWithinDailyLimit(database.db, 'did:plc:v', [{ uri: 'x1' }, { uri: 'x2' }, { uri: 'x3' }], 5, new Date())
      const first = await page('did:plc:v')
      expect(first.feed).toHaveLength(2)
      expect(first.cursor).toBeUndefined()
      expect(first.end).toMatchObject({ reason: 'dailyLimit', servedToday: 5, dailyLimit: 5 })
      // Used up: asked again, only what was already served today comes back, and it still says why.
      const again = await keysetPage(ctx(5), { key: 'madeAt', consentedOnly: false, limit: 4, maxDepth: 100, viewer: 'did:plc:v' })
      expect(again.feed.map((i) => i.post.split('/').pop())).toEqual(['11', '10'])
      expect(again.end).toMatchObject({ reason: 'dailyLimit', servedToday: 5 })
      // Someone else, and an anonymous reader, are not limited by it.
      expect((await page('did:plc:other')).cursor).toBeDefined()
      expect((await keysetPage(ctx(5), { key: 'madeAt', consentedOnly: false, limit: 2, maxDepth: 100 })).end).toBeUndefined()
    })

    it("uses the viewer's own daily limit from their feed prefs", async () => {
      await database.db.insertInto('feed_prefs').values({ did: 'did:plc:v', uri: 'at://did:plc:v/app.framewright.feed.prefs/self', cid: 'bafy', instruction: null, weightRemixes: null, weightNewCreators: null, weightFollowing: null, weightFreshness: null, dailyLimit: 1, breakReminderMinutes: null, mutedTags: '[]', createdAt: '2026-01-01T00:00:00.000Z', indexedAt: '2026-01-01T00:00:00.000Z' }).execute()
      const first = await keysetPage(ctx(200), { key: 'madeAt', consentedOnly: false, limit: 3, maxDepth: 100, viewer: 'did:plc:v' })
      expect(first.feed).toHaveLength(1)
      expect(first.end).toMatchObject({ reason: 'dailyLimit', servedToday: 1, dailyLimit: 1 })
    })
  })
})
