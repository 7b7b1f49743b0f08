import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { Database } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { ftsQuery, SqliteSearchIndex } from './fts-sqlite'
import { searchWords } from './search-index'

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
      const find = async (q: string) => ids(await search.videos(searchWords(q)!, { limit: 10, offset: 0 }))
      expect(await find('lantern')).toEqual(['7'])
      expect(await search.actors(searchWords('dana')!, { limit: 10, offset: 0 })).toEqual(['did:plc:dana'])
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
