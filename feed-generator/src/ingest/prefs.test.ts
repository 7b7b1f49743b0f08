import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Database, type FirehoseEvent } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { FeedgenSchema } from '../db/schema'
import { indexFeedPrefs } from './prefs'
import { describeEngines } from '@framewright/service-kit/testing'

const DID = 'did:plc:viewer'
const COLLECTION = 'app.framewright.feed.prefs'

/** A commit event as @atproto/sync hands it over (only the fields the indexer reads). */
function event(kind: 'create' | 'update' | 'delete', record?: Record<string, unknown>, rkey = 'self'): FirehoseEvent {
  const uri = `at://${DID}/${COLLECTION}/${rkey}`
  return { event: kind, did: DID, collection: COLLECTION, rkey, uri: { toString: () => uri }, cid: { toString: () => 'bafyprefs' }, record } as unknown as FirehoseEvent
}

const valid = { $type: COLLECTION, instruction: 'more cats', mutedTags: ['Gore'], dailyLimit: 5, weights: { freshness: 5000 }, createdAt: '2026-11-25T00:00:00.000Z' }

describeEngines('feed prefs', (engine) => {
  let database: Database<FeedgenSchema>
  beforeEach(async () => {
    database = engine.open<FeedgenSchema>(migrations)
    await database.migrateToLatest()
  })
  afterEach(() => database.close())

  const rows = () => database.db.selectFrom('feed_prefs').select(['did', 'instruction', 'mutedTags', 'dailyLimit', 'weightFreshness', 'weightRemixes']).execute()

  describe('indexFeedPrefs', () => {
    it('indexes a create, replaces on update (idempotently), and removes on delete', async () => {
      await indexFeedPrefs(database.db, event('create', valid))
      await indexFeedPrefs(database.db, event('create', valid))
      expect(await rows()).toEqual([{ did: DID, instruction: 'more cats', mutedTags: '["Gore"]', dailyLimit: 5, weightFreshness: 5000, weightRemixes: null }])
      await indexFeedPrefs(database.db, event('update', { ...valid, instruction: undefined, dailyLimit: 9 }))
      expect(await rows()).toMatchObject([{ instruction: null, dailyLimit: 9 }])
      await indexFeedPrefs(database.db, event('delete'))
      expect(await rows()).toEqual([])
    })

    it.each<[string, FirehoseEvent]>([
      ['a daily limit out of range', event('create', { ...valid, dailyLimit: 0 })],
      ['no createdAt', event('create', { ...valid, createdAt: undefined })],
      ['muted tags that are not strings', event('create', { ...valid, mutedTags: [1] })],
      ['another record key', event('create', valid, 'other')],
    ])('drops %s with a named error, and forgets the old prefs', async (_name, evt) => {
      await indexFeedPrefs(database.db, event('create', valid))
      const rkeyOk = (evt as unknown as { rkey: string }).rkey === 'self'
      await expect(indexFeedPrefs(database.db, evt)).rejects.toMatchObject({ name: 'InvalidPrefsRecord' })
      // An invalid record in place of the prefs means the repo holds no valid prefs any more.
      expect(await rows()).toHaveLength(rkeyOk ? 0 : 1)
    })

    it('ignores other collections', async () => {
      await indexFeedPrefs(database.db, { ...event('create', valid), collection: 'app.bsky.feed.post' } as FirehoseEvent)
      expect(await rows()).toEqual([])
    })
  })
})
