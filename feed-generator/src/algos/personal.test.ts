import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { envToConfig } from '../config/config'
import { readEnv } from '../config/env'
import { AppContext } from '../context'
import { following } from './following'
import { friendsCameos } from './friends-cameos'

const viewer = 'did:plc:viewer'
let ctx: AppContext

beforeEach(async () => {
  const env = readEnv({ FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: 'did:plc:publisher', FRAMEWRIGHT_FEEDGEN_DB: ':memory:', FRAMEWRIGHT_LOG_LEVEL: 'silent' })
  ctx = AppContext.fromConfig(envToConfig(env))
  await ctx.db.migrateToLatest()
  // viewer follows bob and carol, not dave. Video n is made at time n.
  for (const [n, creator, consented, depicts] of [
    [1, 'did:plc:bob', 1, undefined],
    [2, 'did:plc:dave', 1, 'did:plc:carol'],
    [3, 'did:plc:carol', 1, undefined],
    [4, 'did:plc:bob', 0, undefined],
    [5, 'did:plc:dave', 1, undefined],
    [6, 'did:plc:dave', 1, viewer],
    [7, 'did:plc:bob', 1, 'did:plc:dave'],
    [8, 'did:plc:dave', 0, 'did:plc:bob'],
  ] as const) {
    const uri = `at://${creator}/app.framewright.video.post/v${n}`
    await ctx.db.db
      .insertInto('feed_item')
      .values({ uri, post: `at://${creator}/app.bsky.feed.post/p${n}`, creator, rank: n, madeAt: n, consented, context: 'Recent.', words: ' ' })
      .execute()
    if (depicts) await ctx.db.db.insertInto('depiction').values({ videoUri: uri, creator, subject: depicts, grantUri: null }).execute()
  }
  for (const subject of ['did:plc:bob', 'did:plc:carol']) {
    await ctx.db.db.insertInto('follow').values({ uri: `at://${viewer}/app.bsky.graph.follow/${subject.slice(8)}`, creator: viewer, subject, createdAt: '2026-01-01T00:00:00.000Z' }).execute()
  }
})
afterEach(async () => {
  await ctx.db.close()
})

const ps = (page: { feed: { post: string }[] }) => page.feed.map((i) => i.post.split('/').pop())

/** Every page of a feed for the viewer, two at a time. */
async function all(algo: typeof following, who = viewer) {
  const pages: (string | undefined)[][] = []
  let cursor: string | undefined
  do {
    const page = await algo.page(ctx, { viewer: who, limit: 2, cursor })
    pages.push(ps(page))
    cursor = page.cursor
  } while (cursor && pages.length < 10)
  return pages
}

describe('personal feeds', () => {
  it.each([
    ['following: consented videos by followed creators, newest first', following, [['p7', 'p3'], ['p1']]],
    ['friends-cameos: consented videos depicting the viewer or someone they follow', friendsCameos, [['p6', 'p2']]],
  ] as const)('%s', async (_name, algo, expected) => {
    expect(await all(algo)).toEqual(expected)
  })

  it.each([following, friendsCameos])('$rkey is empty with no cursor for an anonymous reader, and says a sign-in is needed', async (algo) => {
    expect(await algo.page(ctx, { limit: 10 })).toEqual({ feed: [], end: { reason: 'authRequired' } })
  })

  it('says why each item is there', async () => {
    const cameos = await friendsCameos.page(ctx, { viewer, limit: 10 })
    expect(cameos.feed.map((i) => i.feedContext)).toEqual(['A cameo: you appear in it, with your consent.', 'A cameo of someone you follow, with their consent.'])
    expect((await following.page(ctx, { viewer, limit: 1 })).feed[0]!.feedContext).toBe('From someone you follow, newest first.')
  })

  it('ends at the viewer’s daily limit', async () => {
    await ctx.db.db
      .insertInto('feed_prefs')
      .values({ did: viewer, uri: `at://${viewer}/app.framewright.feed.prefs/self`, cid: 'bafy', dailyLimit: 2, mutedTags: '[]', createdAt: 'x', indexedAt: 'x' })
      .execute()
    const first = await following.page(ctx, { viewer, limit: 5 })
    expect(ps(first)).toEqual(['p7', 'p3'])
    expect(first.cursor).toBeUndefined()
  })

  it('leaves out what the viewer asked for less of', async () => {
    await ctx.db.db
      .insertInto('feed_interaction')
      .values({ viewer, item: 'at://did:plc:bob/app.bsky.feed.post/p7', videoUri: 'at://did:plc:bob/app.framewright.video.post/v7', creator: 'did:plc:bob', creatorLabel: '@bob', tags: '|', event: 'less', at: '2026-01-01T00:00:00.000Z' })
      .execute()
    expect(await all(following)).toEqual([['p3', 'p1']])
  })
})
