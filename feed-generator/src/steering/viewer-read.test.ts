import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Database } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { migrations } from '../db/migrations'
import type { FeedgenSchema } from '../db/schema'
import { readViewerRows } from './viewer-read'

const V = 'did:plc:viewer'

describeEngines('readViewerRows', (engine) => {
  let database: Database<FeedgenSchema>
  beforeEach(async () => {
    database = engine.open<FeedgenSchema>(migrations)
    await database.migrateToLatest()
  })
  afterEach(() => database.close())

  it('reads what the four separate queries read, in the same order, and only the viewer’s', async () => {
    const db = database.db
    for (const did of [V, 'did:plc:other']) {
      await db
        .insertInto('feed_prefs')
        .values({ did, uri: `at://${did}/app.framewright.feed.prefs/self`, cid: `bafy${did.length}`, instruction: 'more cats, “no” jazz', weightRemixes: 2500, weightNewCreators: null, weightFollowing: 0, weightFreshness: 10_000, dailyLimit: 40, breakReminderMinutes: null, mutedTags: '["Cats"]', createdAt: '2026-01-01T00:00:00.000Z', indexedAt: '2026-01-02T00:00:00.000Z' })
        .execute()
      await db.insertInto('follow').values(['a', 'b', 'c'].map((k) => ({ uri: `at://${did}/app.bsky.graph.follow/${k}`, creator: did, subject: `did:plc:${k}${did.length}`, createdAt: '2026-01-01T00:00:00.000Z' }))).execute()
      // Inserted out of order: the read orders by (at, item).
      for (const [item, at, event] of [['p2', '2026-01-03T00:00:00.000Z', 'more'], ['p1', '2026-01-03T00:00:00.000Z', 'less'], ['p0', '2026-01-05T00:00:00.000Z', 'less']] as const) {
        await db.insertInto('feed_interaction').values({ viewer: did, item: `at://did:plc:c/app.bsky.feed.post/${item}`, videoUri: item === 'p2' ? null : `at://did:plc:c/app.framewright.video.post/${item}`, creator: 'did:plc:c', creatorLabel: '@c.test', tags: '|cats|sunset beach|', event, at }).execute()
      }
      await db.insertInto('feed_served').values([{ viewer: did, day: '2026-01-05', uri: 'x1' }, { viewer: did, day: '2026-01-05', uri: 'x2' }, { viewer: did, day: '2026-01-04', uri: 'old' }]).execute()
    }
    const rows = await readViewerRows(db, V, '2026-01-05')
    expect(rows.prefs).toEqual(await db.selectFrom('feed_prefs').selectAll().where('did', '=', V).executeTakeFirst())
    expect(rows.follows.sort()).toEqual((await db.selectFrom('follow').select('subject').where('creator', '=', V).execute()).map((r) => r.subject).sort())
    expect(rows.interactions).toEqual(
      await db.selectFrom('feed_interaction').select(['item', 'videoUri', 'creator', 'creatorLabel', 'tags', 'event']).where('viewer', '=', V).orderBy('at', 'asc').orderBy('item', 'asc').execute(),
    )
    expect(rows.interactions.map((i) => i.item.slice(-2))).toEqual(['p1', 'p2', 'p0'])
    expect(rows.servedOnDay.sort()).toEqual(['x1', 'x2'])
  })

  it('reads a viewer who has nothing: no prefs, and empty lists', async () => {
    expect(await readViewerRows(database.db, 'did:plc:nobody', '2026-01-05')).toEqual({ prefs: undefined, follows: [], interactions: [], servedOnDay: [] })
  })
})
