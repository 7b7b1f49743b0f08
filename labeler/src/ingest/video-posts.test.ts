import { jsonToLex } from '@atproto/api'
import { encode } from '@atcute/cbor'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Database, type FirehoseEvent } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { LabelerSchema } from '../db/schema'
import { VideoPostIndexer, mayEmbedVideo, videoBlobOf } from './video-posts'
import { describeEngines } from '@framewright/service-kit/testing'

const BLOB = 'bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy'
const blob = { $type: 'blob', ref: { $link: BLOB }, mimeType: 'video/mp4', size: 1000 }
const video = { $type: 'app.bsky.embed.video', video: blob }
const quoted = { $type: 'app.bsky.embed.record', record: { uri: 'at://did:plc:x/app.bsky.feed.post/1', cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm' } }
const post = (embed: unknown) => ({ $type: 'app.bsky.feed.post', text: 'look', createdAt: '2026-01-01T00:00:00.000Z', embed })

describe('videoBlobOf: which posts embed a video, and whose bytes', () => {
  // Each record is tried as written (JSON) and as the firehose hands it over (decoded: BlobRef, CID).
  it.each([
    ['a video embed', post(video), BLOB],
    ['recordWithMedia whose media is a video', post({ $type: 'app.bsky.embed.recordWithMedia', record: quoted, media: video }), BLOB],
    ['recordWithMedia whose media is images', post({ $type: 'app.bsky.embed.recordWithMedia', record: quoted, media: { $type: 'app.bsky.embed.images', images: [{ image: blob, alt: '' }] } }), undefined],
    ['an images embed (even of a video blob)', post({ $type: 'app.bsky.embed.images', images: [{ image: blob, alt: '' }] }), undefined],
    ['a quote with no media', post(quoted), undefined],
    ['no embed', post(undefined), undefined],
    ['a video embed with no video', post({ $type: 'app.bsky.embed.video' }), undefined],
    ['a video that is not a blob but a bare CID link', post({ $type: 'app.bsky.embed.video', video: { $link: BLOB } }), undefined],
    ['an untyped object holding a CID (the PDS does not check it)', post({ $type: 'app.bsky.embed.video', video: { ref: { $link: BLOB }, mimeType: 'video/mp4', size: 1 } }), undefined],
    ['a blob whose ref is not a CID', post({ $type: 'app.bsky.embed.video', video: { ...blob, ref: { $link: 'not a cid' } } }), undefined],
    ['a blob whose ref is a string', post({ $type: 'app.bsky.embed.video', video: { ...blob, ref: BLOB } }), undefined],
    ['an embed that is a string', post('app.bsky.embed.video'), undefined],
    ['recordWithMedia with no media', post({ $type: 'app.bsky.embed.recordWithMedia', record: quoted }), undefined],
    ['a record that is not an object', 'app.bsky.embed.video', undefined],
    ['null', null, undefined],
  ])('%s → %s', (_what, record, expected) => {
    expect(videoBlobOf(record)).toBe(expected)
    expect(videoBlobOf(jsonToLex(record as never))).toBe(expected)
  })

  // The raw look must never drop a post videoBlobOf keeps; it may let through some it then drops.
  it.each([
    ['a video embed', post(video), true],
    ['recordWithMedia (whatever its media)', post({ $type: 'app.bsky.embed.recordWithMedia', record: quoted, media: { $type: 'app.bsky.embed.images', images: [] } }), true],
    ['an images embed', post({ $type: 'app.bsky.embed.images', images: [{ image: blob, alt: '' }] }), false],
    ['a quote with no media', post(quoted), false],
    ['no embed', { $type: 'app.bsky.feed.post', text: 'look', createdAt: '2026-01-01T00:00:00.000Z' }, false],
    ['an embed that is a string', post('app.bsky.embed.video'), false],
    ['an embed with no $type', post({ video: blob }), false],
  ])('mayEmbedVideo, undecoded: %s → %s', (_what, record, expected) => {
    const bytes = encode(record as never)
    expect(mayEmbedVideo(bytes)).toBe(expected)
    if (videoBlobOf(record) !== undefined) expect(mayEmbedVideo(bytes)).toBe(true)
  })

  it('mayEmbedVideo lets through (to be decoded) bytes it cannot read', () => {
    expect(mayEmbedVideo(encode(post(video) as never).subarray(0, 30))).toBe(true)
  })
})

describeEngines('bsky video posts', (engine) => {
  const AUTHOR = 'did:plc:author'
  const URI = `at://${AUTHOR}/app.bsky.feed.post/3kpost`

  function event(kind: 'create' | 'update' | 'delete', record?: unknown, collection = 'app.bsky.feed.post'): FirehoseEvent {
    const uri = URI.replace('app.bsky.feed.post', collection)
    const base = { seq: 1, time: '', did: AUTHOR, collection, rkey: '3kpost', uri: { toString: () => uri } }
    if (kind === 'delete') return { ...base, event: 'delete' } as unknown as FirehoseEvent
    return { ...base, event: kind, cid: { toString: () => 'bafyreipost' }, record: jsonToLex(record as never) } as unknown as FirehoseEvent
  }

  describe('VideoPostIndexer', () => {
    let db: Database<LabelerSchema>
    let indexer: VideoPostIndexer
    let withdrawn: { uri: string; removed: string; rowStillThere: boolean }[]
    const withdraw = async (change: { uri: string; removed: string }) => {
      const row = await db.db.selectFrom('bsky_video_post').select('uri').where('uri', '=', change.uri).executeTakeFirst()
      withdrawn.push({ ...change, rowStillThere: !!row })
    }
    const rows = () => db.db.selectFrom('bsky_video_post').selectAll().execute()

    beforeEach(async () => {
      db = engine.open<LabelerSchema>(migrations)
      await db.migrateToLatest()
      indexer = new VideoPostIndexer(db.db)
      withdrawn = []
    })
    afterEach(async () => db.close())

    it('stores a video post once however often it is replayed, and nothing else', async () => {
      expect(await indexer.handle(event('create', post(video)), withdraw)).toEqual({ uri: URI })
      expect(await indexer.handle(event('create', post(video)), withdraw)).toEqual({ uri: URI })
      expect(await rows()).toEqual([{ uri: URI, cid: 'bafyreipost', author: AUTHOR, blobCid: BLOB, createdAt: '2026-01-01T00:00:00.000Z' }])

      expect(await indexer.handle(event('create', post(undefined)), withdraw)).toBeUndefined()
      expect(await indexer.handle(event('create', post(video), 'app.bsky.feed.like'), withdraw)).toBeUndefined()
      expect(await rows()).toHaveLength(1)
    })

    it('withdraws before it forgets: on delete, and on an edit that drops the video', async () => {
      await indexer.handle(event('create', post(video)), withdraw)
      expect(await indexer.handle(event('update', post(quoted)), withdraw)).toEqual({ uri: URI, removed: 'The post no longer embeds a video.' })
      expect(withdrawn).toEqual([{ uri: URI, removed: 'The post no longer embeds a video.', rowStillThere: true }])
      expect(await rows()).toEqual([])

      await indexer.handle(event('update', post(video)), withdraw)
      expect(await indexer.handle(event('delete'), withdraw)).toEqual({ uri: URI, removed: 'The post was deleted.' })
      expect(withdrawn[1]).toEqual({ uri: URI, removed: 'The post was deleted.', rowStillThere: true })
      expect(await rows()).toEqual([])

      // A replayed delete, or the delete of a post we never held: no work.
      expect(await indexer.handle(event('delete'), withdraw)).toBeUndefined()
      expect(withdrawn).toHaveLength(2)
    })
  })
})
