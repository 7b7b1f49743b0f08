import type { Kysely } from 'kysely'
import { expect } from 'vitest'
import { describeUpgrade, fillSharedTables, UPGRADE_PEOPLE } from '@framewright/service-kit/testing'
import { creationFirst } from '../../algos/creation-first'
import { fresh } from '../../algos/fresh'
import type { AppContext } from '../../context'
import { CandidateWindowCache, loadCandidateWindow } from '../../steering/candidates'
import { indexWindow } from '../../steering/window-index'
import type { FeedgenSchema } from '../schema'
import { migrations, PREVIOUS_RELEASE } from './index'

const { creator, follower } = UPGRADE_PEOPLE
const AT = '2026-11-20T10:00:00.000Z'
const itemUri = (n: string) => `at://${creator}/app.framewright.video.post/3kitem${n}`
const postUri = (n: string) => `at://${creator}/app.bsky.feed.post/3kpost${n}`

/** A feed item as the previous release ranked it: `n` names it, the rest is what differs. */
const item = (n: string, rank: number, madeAt: number, rest: Record<string, unknown>) => ({
  uri: itemUri(n),
  post: postUri(n),
  creator,
  rank,
  madeAt,
  consented: 1,
  context: `Item ${n}.`,
  isRemix: 0,
  newCreator: 0,
  remixCount: 0,
  tags: '|',
  words: ' ',
  ...rest,
})

async function fill(db: Kysely<any>): Promise<void> {
  await fillSharedTables(db)
  await db
    .insertInto('feed_item')
    .values([
      item('a', 9_000_000_000_030, 1_700_000_000_001, { tags: '|sea|', words: ' sea lighthouse ', remixCount: 1, newCreator: 1 }),
      item('b', 9_000_000_000_020, 1_700_000_000_002, { isRemix: 1, words: ' lighthouse storm ' }),
      item('c', 9_000_000_000_010, 1_700_000_000_003, { tags: '|politics|' }),
      item('d', 9_000_000_000_005, 1_700_000_000_004, {}),
      item('e', 9_000_000_000_040, 1_700_000_000_005, { consented: 0, words: null }),
    ])
    .execute()
  // The follower mutes politics and allows three items a day; they asked for less of item d.
  await db
    .insertInto('feed_prefs')
    .values({ did: follower, uri: `at://${follower}/app.framewright.feed.prefs/self`, cid: 'bafyreiprefs', instruction: 'more lighthouses', weightRemixes: 5000, weightNewCreators: null, weightFollowing: 10000, weightFreshness: null, dailyLimit: 3, breakReminderMinutes: 20, mutedTags: JSON.stringify(['Politics']), createdAt: AT, indexedAt: AT })
    .execute()
  await db.insertInto('feed_interaction').values({ viewer: follower, item: postUri('d'), videoUri: itemUri('d'), creator, creatorLabel: '@keeper.example.com', tags: '|', event: 'less', at: AT }).execute()
  // Served on a day long gone: it does not count against today's limit.
  await db.insertInto('feed_served').values({ viewer: follower, day: '2026-11-20', uri: itemUri('a') }).execute()
}

describeUpgrade<FeedgenSchema>('feed-generator', migrations, PREVIOUS_RELEASE, {
  fill,
  previousSqlite: new URL('./__fixtures__/previous-release.sql', import.meta.url),
  addedColumns: {},
  async check(database) {
    const cfg = { anonymousDepth: 100, defaultDailyLimit: 200, steeringWindow: 3_000 }
    const ctx = { db: database, cfg, candidates: new CandidateWindowCache(async () => indexWindow(await loadCandidateWindow(database.db, cfg.steeringWindow))) } as unknown as AppContext
    const posts = (page: { feed: { post: string }[] }) => page.feed.map((i) => i.post)
    // Anonymous readers: consented items by rank, and Fresh's everything by time.
    expect(posts(await creationFirst.page(ctx, { limit: 10 }))).toEqual(['a', 'b', 'c', 'd'].map(postUri))
    expect(posts(await fresh.page(ctx, { limit: 10 }))).toEqual(['e', 'd', 'c', 'b', 'a'].map(postUri))
    // The follower's steered page leaves out what they muted and asked for less of...
    const steered = await creationFirst.page(ctx, { viewer: follower, limit: 10 })
    expect(posts(steered).sort()).toEqual(['a', 'b'].map(postUri))
    expect(steered.end).toBeUndefined()
    // ...and their own daily limit of three ends Fresh after one more item.
    const rest = await fresh.page(ctx, { viewer: follower, limit: 10 })
    expect(posts(rest)).toEqual(['e'].map(postUri))
    expect(rest.end).toMatchObject({ reason: 'dailyLimit', servedToday: 3, dailyLimit: 3 })
  },
})
