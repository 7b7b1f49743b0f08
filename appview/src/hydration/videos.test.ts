import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createLogger } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { envToConfig } from '../config/config'
import { readEnv } from '../config/env'
import { AppContext } from '../context'
import { hydratePosts, hydrateVideos } from './videos'

const LABELER = 'did:plc:labeler'
const OTHER_LABELER = 'did:plc:otherlabeler'
const T = '2026-11-01T00:00:00.000Z'
const video = (creator: string, n: number) => `at://${creator}/app.framewright.video.post/${n}`
const post = (creator: string, n: number) => `at://${creator}/app.bsky.feed.post/${n}`

/**
 * Hydration reads one page's videos in as few statements as it can; these are the facts a view is
 * made of, each from the table it lives in, so that a read that joins them differently must still
 * give every one: creators' handles (known, and one nobody could resolve), remix counts and who was
 * remixed, sound (probed or not), depictions and their consent, labels on the video, its companion
 * post and its creator (not negated, not expired, only from accepted labelers), and what is left out
 * (inactive creators, takedowns a redacting labeler applied, posts no video names).
 */
describeEngines('hydrating videos', (engine) => {
  let dir: string
  let ctx: AppContext

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fw-hydrate-'))
    const env = { FRAMEWRIGHT_APPVIEW_DB: engine.location(), FRAMEWRIGHT_DATA_DIR: dir, FRAMEWRIGHT_PLC_URL: 'http://127.0.0.1:1', FRAMEWRIGHT_ROLE: 'api' }
    ctx = AppContext.fromConfig(envToConfig(readEnv(env)), { logger: createLogger({ level: 'silent' }) })
    await ctx.db.migrateToLatest()
    const db = ctx.db.db
    const row = (creator: string, n: number, extra: Record<string, unknown> = {}) => ({
      uri: video(creator, n),
      cid: `bafyvideo${n}`,
      creator,
      createdAt: T,
      indexedAt: T,
      sortAt: T,
      text: `video ${n}`,
      provider: 'procedural',
      model: 'procedural-v1',
      prompt: `prompt ${n}`,
      blobCid: `bafkblob${n}`,
      blobMime: 'video/mp4',
      blobSize: 1000,
      durationMs: 4000,
      width: 360,
      height: 640,
      remixOfUri: null,
      remixOfCid: null,
      crosspostUri: post(creator, n),
      crosspostCid: `bafypost${n}`,
      record: JSON.stringify({ $type: 'app.framewright.video.post', text: `video ${n}`, tags: ['t'], langs: ['en'], alt: `alt ${n}`, createdAt: T }),
      ...extra,
    })
    await db
      .insertInto('video')
      .values([
        row('did:plc:alice', 1),
        // A remix of 1, by someone whose handle nobody could resolve; remixed itself twice.
        row('did:plc:nohandle', 2, { remixOfUri: video('did:plc:alice', 1), remixOfCid: 'bafyvideo1', crosspostUri: null, crosspostCid: null }),
        row('did:plc:bob', 3, { remixOfUri: video('did:plc:nohandle', 2), remixOfCid: 'bafyvideo2' }),
        row('did:plc:bob', 4, { remixOfUri: video('did:plc:nohandle', 2), remixOfCid: 'bafyvideo2', blobCid: 'bafkblob3' }),
        // By an account that is no longer active.
        row('did:plc:gone', 5),
        // Taken down by the labeler (only left out for viewers who accept it with redact).
        row('did:plc:alice', 6),
        // Depicting carol, who granted nothing.
        row('did:plc:bob', 7),
      ])
      .execute()
    await db.insertInto('actor').values({ did: 'did:plc:gone', active: 0, status: 'deactivated', updatedAt: T }).execute()
    await db
      .insertInto('actor_handle')
      .values(['alice', 'bob', 'carol'].map((name) => ({ did: `did:plc:${name}`, handle: `${name}.test`, checkedAt: '2999-01-01T00:00:00.000Z' })))
      .execute()
    await db
      .insertInto('video_media')
      .values([
        { blobCid: 'bafkblob1', hasAudio: 1, probedAt: T },
        { blobCid: 'bafkblob3', hasAudio: 0, probedAt: T },
      ])
      .execute()
    // Written out of order: views list them by subject.
    await db
      .insertInto('depiction')
      .values([
        { videoUri: video('did:plc:bob', 7), creator: 'did:plc:bob', subject: 'did:plc:carol', grantUri: null },
        { videoUri: video('did:plc:bob', 7), creator: 'did:plc:bob', subject: 'did:plc:alice', grantUri: null },
      ])
      .execute()
    const label = (src: string, uri: string, val: string, extra: Record<string, unknown> = {}) => ({ src, uri, val, cid: null, neg: 0, cts: T, exp: null, sig: Buffer.from([1, 2, 3]), ...extra })
    await db
      .insertInto('label')
      .values([
        label(LABELER, video('did:plc:alice', 1), 'ai-generated'),
        label(LABELER, post('did:plc:alice', 1), 'on-the-post'),
        label(LABELER, 'did:plc:bob', 'on-the-creator'),
        label(LABELER, video('did:plc:alice', 1), 'negated', { neg: 1 }),
        label(LABELER, video('did:plc:alice', 1), 'expired', { exp: '2000-01-01T00:00:00.000Z' }),
        label(OTHER_LABELER, video('did:plc:alice', 1), 'not-accepted'),
        label(LABELER, video('did:plc:alice', 6), '!takedown'),
      ])
      .execute()
  })
  afterAll(async () => {
    await ctx.videoMedia.close()
    await ctx.db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** What a view says, in a form a table can hold. */
  const facts = (v: Awaited<ReturnType<typeof hydrateVideos>> extends Map<string, infer V> ? V : never) => ({
    creator: v.creator.handle,
    remixOfCreator: v.remixOfCreator?.handle,
    remixCount: v.remixCount,
    hasAudio: v.hasAudio,
    labels: v.labels.map((l) => `${l.val} on ${l.uri.split('/').at(-1)}`).sort(),
    depicts: v.depicts.map((d) => `${d.subject.handle} ${d.consent.consented ? 'consented' : 'not consented'}`),
    text: v.text,
    alt: v.alt,
    playback: v.playback.url.endsWith(`/video/${v.creator.did}/bafkblob${v.uri.split('/').at(-1) === '4' ? 3 : v.uri.split('/').at(-1)}`),
  })

  const expected = {
    [video('did:plc:alice', 1)]: { creator: 'alice.test', remixOfCreator: undefined, remixCount: 1, hasAudio: true, labels: ['ai-generated on 1', 'on-the-post on 1'], depicts: [], text: 'video 1', alt: 'alt 1', playback: true },
    [video('did:plc:nohandle', 2)]: { creator: 'handle.invalid', remixOfCreator: 'alice.test', remixCount: 2, hasAudio: undefined, labels: [], depicts: [], text: 'video 2', alt: 'alt 2', playback: true },
    [video('did:plc:bob', 3)]: { creator: 'bob.test', remixOfCreator: 'handle.invalid', remixCount: 0, hasAudio: false, labels: ['on-the-creator on did:plc:bob'], depicts: [], text: 'video 3', alt: 'alt 3', playback: true },
    [video('did:plc:bob', 4)]: { creator: 'bob.test', remixOfCreator: 'handle.invalid', remixCount: 0, hasAudio: false, labels: ['on-the-creator on did:plc:bob'], depicts: [], text: 'video 4', alt: 'alt 4', playback: true },
    [video('did:plc:alice', 6)]: { creator: 'alice.test', remixOfCreator: undefined, remixCount: 0, hasAudio: undefined, labels: ['!takedown on 6'], depicts: [], text: 'video 6', alt: 'alt 6', playback: true },
    [video('did:plc:bob', 7)]: { creator: 'bob.test', remixOfCreator: undefined, remixCount: 0, hasAudio: undefined, labels: ['on-the-creator on did:plc:bob'], depicts: ['alice.test not consented', 'carol.test not consented'], text: 'video 7', alt: 'alt 7', playback: true },
  }
  const all = [video('did:plc:alice', 1), video('did:plc:nohandle', 2), video('did:plc:bob', 3), video('did:plc:bob', 4), video('did:plc:gone', 5), video('did:plc:alice', 6), video('did:plc:bob', 7)]

  it('hydrates videos by URI with every fact from its own table, leaving out inactive creators', async () => {
    const views = await hydrateVideos(ctx, [...all, all[0]!, video('did:plc:alice', 99)], [{ did: LABELER, redact: false }])
    expect(Object.fromEntries([...views].map(([uri, v]) => [uri, facts(v)]))).toEqual(expected)
    // The rest of a view, once.
    expect(views.get(video('did:plc:alice', 1))).toMatchObject({
      cid: 'bafyvideo1',
      creator: { did: 'did:plc:alice', handle: 'alice.test' },
      playback: { mimeType: 'video/mp4' },
      langs: ['en'],
      tags: ['t'],
      aspectRatio: { width: 360, height: 640 },
      durationMs: 4000,
      crosspost: { uri: post('did:plc:alice', 1), cid: 'bafypost1' },
      createdAt: T,
      indexedAt: T,
    })
    expect(views.get(video('did:plc:nohandle', 2))).toMatchObject({ remixOf: { uri: video('did:plc:alice', 1), cid: 'bafyvideo1' }, crosspost: undefined })
  })

  it('adds a person a labeler found where the record does not name them, undeclared, after the declared ones', async () => {
    const views = await hydrateVideos(ctx, [video('did:plc:alice', 1), video('did:plc:bob', 7)], [], { foundActor: 'did:plc:carol' })
    const depicted = (uri: string) => views.get(uri)!.depicts.map((d) => `${d.subject.handle}${d.undeclared ? ' undeclared' : ''}`)
    expect([depicted(video('did:plc:alice', 1)), depicted(video('did:plc:bob', 7))]).toEqual([['carol.test undeclared'], ['alice.test', 'carol.test']])
  })

  it('leaves out what a labeler accepted with redact took down, and labels of labelers not accepted', async () => {
    const redacted = await hydrateVideos(ctx, all, [{ did: LABELER, redact: true }])
    expect([...redacted.keys()].sort()).toEqual(Object.keys(expected).filter((uri) => uri !== video('did:plc:alice', 6)).sort())
    const none = await hydrateVideos(ctx, all, [])
    expect([...none.values()].flatMap((v) => v.labels)).toEqual([])
    expect(none.size).toBe(6)
  })

  it('hydrates skeleton posts: a companion post stands for its video, a video URI for itself, an unknown post for nothing', async () => {
    const posts = [post('did:plc:alice', 1), video('did:plc:nohandle', 2), post('did:plc:bob', 3), post('did:plc:gone', 5), post('did:plc:alice', 98), video('did:plc:alice', 99)]
    const views = await hydratePosts(ctx, posts, [{ did: LABELER, redact: false }])
    expect(Object.fromEntries([...views].map(([p, v]) => [p, [v.uri, facts(v)]]))).toEqual({
      [post('did:plc:alice', 1)]: [video('did:plc:alice', 1), expected[video('did:plc:alice', 1)]],
      [video('did:plc:nohandle', 2)]: [video('did:plc:nohandle', 2), expected[video('did:plc:nohandle', 2)]],
      [post('did:plc:bob', 3)]: [video('did:plc:bob', 3), expected[video('did:plc:bob', 3)]],
    })
  })
})
