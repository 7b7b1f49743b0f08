import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { Database } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { ftsQuery, SqliteSearchIndex } from './fts-sqlite'

let database: Database<AppviewSchema>
let index: SqliteSearchIndex

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

beforeEach(async () => {
  database = Database.open<AppviewSchema>(':memory:', migrations)
  await database.migrateToLatest()
  index = new SqliteSearchIndex(database.db)
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

const ids = (uris: string[]) => uris.map((u) => u.split('/').pop())
const videos = async (q: string) => ids(await index.videos(ftsQuery(q)!, { limit: 10, offset: 0 }))
const actors = async (q: string) => index.actors(ftsQuery(q)!, { limit: 10, offset: 0 })

describe('ftsQuery', () => {
  it.each([
    ['boat', '"boat"*'],
    ['Paper  BOAT!', '"paper"* "boat"*'],
    ['NEAR OR AND', '"near"* "or"* "and"*'],
    ['"; DROP TABLE video; --', '"drop"* "table"* "video"*'],
    ['@alice.test', '"alice"* "test"*'],
    ['!!!', undefined],
    ['', undefined],
  ])('%j → %j', (q, out) => {
    expect(ftsQuery(q)).toBe(out)
  })
})

describe('video search (FTS5)', () => {
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

  it('pages by offset without repeats', async () => {
    const first = await index.videos(ftsQuery('city')!, { limit: 1, offset: 0 })
    const second = await index.videos(ftsQuery('city')!, { limit: 1, offset: 1 })
    expect(new Set([...first, ...second]).size).toBe(2)
  })
})

describe('people search (FTS5)', () => {
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

describe('the search index across an upgrade', () => {
  it('keeps what 008 indexed when 012 moves it to rows found by rowid, and follows later changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-fts-'))
    try {
      const path = join(dir, 'appview.sqlite')
      const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '012'))
      const old = Database.open<AppviewSchema>(path, before)
      await old.migrateToLatest()
      await (old.db as any).insertInto('video').values(video(7, { text: 'Lantern festival', prompt: 'paper lanterns over a river' })).execute()
      await (old.db as any).insertInto('actor_handle').values({ did: 'did:plc:dana', handle: 'dana.test', checkedAt: 'x' }).execute()
      await old.close()

      const upgraded = Database.open<AppviewSchema>(path, migrations)
      await upgraded.migrateToLatest()
      const search = new SqliteSearchIndex(upgraded.db)
      const find = async (q: string) => ids(await search.videos(ftsQuery(q)!, { limit: 10, offset: 0 }))
      expect(await find('lantern')).toEqual(['7'])
      expect(await search.actors(ftsQuery('dana')!, { limit: 10, offset: 0 })).toEqual(['did:plc:dana'])
      const db = upgraded.db as any
      await db.updateTable('video').set({ text: 'Kite festival' }).where('uri', '=', 'at://did:plc:c/app.framewright.video.post/7').execute()
      expect(await find('lantern')).toEqual(['7']) // its prompt still says lanterns
      expect(await find('kite')).toEqual(['7'])
      await db.deleteFrom('video').where('uri', '=', 'at://did:plc:c/app.framewright.video.post/7').execute()
      expect(await find('festival')).toEqual([])
      // Every FTS row has its rowid on record, and nothing else is.
      const { rows } = await sql<{ fts: number; mapped: number }>`SELECT (SELECT count(*) FROM video_fts) AS fts, (SELECT count(*) FROM video_fts_row) AS mapped`.execute(upgraded.db)
      expect(rows[0]).toEqual({ fts: 0, mapped: 0 })
      await upgraded.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
