import { Migrator } from 'kysely'
import { describe, expect, it } from 'vitest'
import { Database } from '@framewright/service-kit'
import type { AppviewSchema } from '../schema'
import { migrations } from './index'
import { describeEngines } from '@framewright/service-kit/testing'

const VIDEO = 'at://did:plc:maker/app.framewright.video.post/v1'
const POST = 'at://did:plc:maker/app.bsky.feed.post/p1'
const c = (n: string) => `at://did:plc:talker/app.bsky.feed.post/${n}`

describeEngines('migration 011', (engine) => {
  describe('migration 011: comments learn their thread', () => {
    it('fills threadUri for comments written before it: top-level, replies at any depth, and orphans', async () => {
      const database = engine.open<AppviewSchema>(migrations)
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations }, migrationTableSchema: database.schema })
      expect((await migrator.migrateTo('010-video-media')).error).toBeUndefined()
      const db = database.db as any
      const t = '2026-01-01T00:00:00.000Z'
      await db
        .insertInto('video')
        .values({ uri: VIDEO, cid: 'c', creator: 'did:plc:maker', createdAt: t, indexedAt: t, sortAt: t, text: '', provider: 'p', model: 'm', prompt: 'p', blobCid: 'b', blobMime: 'video/mp4', blobSize: 1, record: '{}', crosspostUri: POST, crosspostCid: 'pc' })
        .execute()
      // parent → child: top ← a ← b ← d; "lost" answers a comment we never held.
      const rows: [string, string][] = [['top', POST], ['a', c('top')], ['b', c('a')], ['d', c('b')], ['lost', c('gone')], ['other', POST]]
      for (const [name, parent] of rows) {
        await db.insertInto('comment').values({ uri: c(name), cid: 'x', creator: 'did:plc:talker', videoUri: VIDEO, parentUri: parent, text: name, createdAt: t, indexedAt: t }).execute()
      }
      await database.migrateToLatest()
      const threads = await database.db.selectFrom('comment').select(['uri', 'threadUri']).orderBy('uri').execute()
      expect(Object.fromEntries(threads.map((r) => [r.uri.split('/').pop(), r.threadUri.split('/').pop()]))).toEqual({
        top: 'top',
        a: 'top',
        b: 'top',
        d: 'top',
        lost: 'lost',
        other: 'other',
      })
      await database.close()
    })
  })
})
