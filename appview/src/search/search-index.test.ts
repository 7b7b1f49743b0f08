import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { describeEngines } from '@framewright/service-kit/testing'
import type { Database } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { searchIndexFor } from './search'
import { searchWords, type SearchIndex } from './search-index'

function video(n: number, v: { text: string; prompt: string; tags?: string[] }) {
  return {
    uri: `at://did:plc:c/app.framewright.video.post/${n}`,
    cid: 'bafy',
    creator: 'did:plc:c',
    createdAt: '2026-01-01T00:00:00.000Z',
    indexedAt: '2026-01-01T00:00:00.000Z',
    sortAt: '2026-01-01T00:00:00.000Z',
    text: v.text,
    provider: 'procedural',
    model: 'm',
    prompt: v.prompt,
    blobCid: 'bafyblob',
    blobMime: 'video/mp4',
    blobSize: 1,
    record: JSON.stringify({ tags: v.tags ?? [] }),
  }
}

const ids = (uris: string[]) => uris.map((u) => u.split('/').pop())

describeEngines('search', (engine) => {
  let database: Database<AppviewSchema>
  let index: SearchIndex

  beforeEach(async () => {
    database = engine.open<AppviewSchema>(migrations)
    await database.migrateToLatest()
    index = searchIndexFor(database)
    const db = database.db as any
    await db
      .insertInto('video')
      .values([
        video(1, { text: 'Paper boats at night', prompt: 'a paper boat drifting through a neon city', tags: ['origami'] }),
        video(2, { text: 'Storm', prompt: 'a storm over a glass city', tags: ['weather', 'Café'] }),
        video(3, { text: 'Jazz night', prompt: 'my neighbour as a jazz pianist' }),
      ])
      .execute()
    await db.insertInto('actor_handle').values([
      { did: 'did:plc:alice', handle: 'alice.test', checkedAt: '2026-01-01T00:00:00.000Z' },
      { did: 'did:plc:bob', handle: 'bob.example.com', checkedAt: '2026-01-01T00:00:00.000Z' },
    ]).execute()
    await db.insertInto('grant_holder_name').values({ did: 'did:plc:bob', displayName: 'Robert Nightingale', normalizedName: 'robert nightingale', firstWord: 'robert', checkedAt: '2026-01-01T00:00:00.000Z' }).execute()
  })
  afterEach(() => database.close())

  const videos = async (q: string) => ids(await index.videos(searchWords(q)!, { limit: 10, offset: 0 }))
  const actors = async (q: string) => index.actors(searchWords(q)!, { limit: 10, offset: 0 })

  describe('video search', () => {
    it.each([
      ['a caption word', 'jazz', ['3']],
      ['a prompt word', 'neon', ['1']],
      ['a tag', 'origami', ['1']],
      ['a tag without its accent', 'cafe', ['2']],
      ['the start of a word', 'pian', ['3']],
      ['every word must match', 'glass storm', ['2']],
      ['words in two videos', 'city', ['1', '2']],
      ['nothing', 'volcano', []],
    ])('finds by %s', async (_name, q, expected) => {
      expect((await videos(q)).sort()).toEqual(expected)
    })
  
    it('ranks a caption match above a prompt-only match', async () => {
      await (database.db as any).insertInto('video').values(video(4, { text: 'Night swim', prompt: 'a lake' })).execute()
      // "night" is in the captions of 1, 3 and 4; none has it only in the prompt, so add one that does.
      await (database.db as any).insertInto('video').values(video(5, { text: 'Lake', prompt: 'a swim at night' })).execute()
      const found = await videos('night')
      expect(found.indexOf('5')).toBe(found.length - 1)
    })
  
    it('follows updates and deletes of the indexed videos', async () => {
      const db = database.db as any
      await db.updateTable('video').set({ text: 'Volcano at dawn' }).where('uri', '=', 'at://did:plc:c/app.framewright.video.post/3').execute()
      expect(await videos('volcano')).toEqual(['3'])
      expect(await videos('jazz')).toEqual(['3']) // still in its prompt
      await db.deleteFrom('video').where('uri', '=', 'at://did:plc:c/app.framewright.video.post/3').execute()
      expect(await videos('volcano')).toEqual([])
    })
  
    it('indexes a record whose JSON holds a NUL escape (which Postgres jsonb refuses) by its caption', async () => {
      await (database.db as any).insertInto('video').values({ ...video(6, { text: 'Quiet harbour', prompt: 'boats' }), record: JSON.stringify({ tags: ['x\u0000y'] }) }).execute()
      expect(await videos('harbour')).toEqual(['6'])
    })

    it('pages by offset without repeats', async () => {
      const first = await index.videos(searchWords('city')!, { limit: 1, offset: 0 })
      const second = await index.videos(searchWords('city')!, { limit: 1, offset: 1 })
      expect(new Set([...first, ...second]).size).toBe(2)
    })
  })
  
  describe('people search', () => {
    it.each([
      ['a handle', 'alice', ['did:plc:alice']],
      ['a whole handle with @', '@bob.example.com', ['did:plc:bob']],
      ['a display name', 'nightingale', ['did:plc:bob']],
      ['the start of a name', 'rob', ['did:plc:bob']],
      ['nobody', 'carol', []],
    ])('finds by %s', async (_name, q, expected) => {
      expect(await actors(q)).toEqual(expected)
    })
  
    it('follows a changed handle and a new display name', async () => {
      const db = database.db as any
      await db.updateTable('actor_handle').set({ handle: 'alicia.test' }).where('did', '=', 'did:plc:alice').execute()
      expect(await actors('alice')).toEqual([])
      expect(await actors('alicia')).toEqual(['did:plc:alice'])
      await db.insertInto('grant_holder_name').values({ did: 'did:plc:alice', displayName: 'Alicia Keyes', normalizedName: 'alicia keyes', firstWord: 'alicia', checkedAt: 'x' }).execute()
      expect(await actors('keyes')).toEqual(['did:plc:alice'])
      await db.deleteFrom('actor_handle').where('did', '=', 'did:plc:alice').execute()
      expect(await actors('keyes')).toEqual(['did:plc:alice']) // still a grant holder by name
    })
  })
})
