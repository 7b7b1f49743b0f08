import { describe, expect, it } from 'vitest'
import { Database, type FirehoseEvent } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { SocialIndexer } from './indexer'
import { FOLLOW, POST, SocialMembers, VIDEO_POST } from './members'

const MAKER = 'did:plc:maker'
const FAN = 'did:plc:fan'
const time = '2026-01-01T00:00:00.000Z'
const COMPANION = { uri: `at://${MAKER}/${POST}/c1`, cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm' }
let seq = 0

function evt(event: 'create' | 'update' | 'delete', did: string, collection: string, rkey: string, record?: unknown): FirehoseEvent {
  seq++
  const base = { seq, time, did, rev: `rev${seq}`, collection, rkey, uri: `at://${did}/${collection}/${rkey}` }
  return (event === 'delete' ? { event, ...base } : { event, ...base, cid: `cid${seq}`, record }) as FirehoseEvent
}

/**
 * Notifications are gathered over a batch and written together: the end state must be the one that
 * writing each event at once gives, whatever the order of writes and deletes within the batch.
 */
describe('notifications written per batch', () => {
  it('end as if each event were applied at once: a follow undone in the batch leaves nothing, one re-made after its delete stays, an edited reply takes its new text', async () => {
    const database = Database.open<AppviewSchema>(':memory:', migrations)
    await database.migrateToLatest()
    const members = new SocialMembers()
    await members.load(database.db)
    const indexer = new SocialIndexer(members)
    const apply = (events: FirehoseEvent[]) =>
      database.db.transaction().execute(async (tx) => {
        const batch = indexer.batch()
        for (const e of events) await batch.onEvent(e, tx)
        await batch.finish([], tx)
      })
    // (The video graph is not run here: a reply finds its video through the batch that brings it.)
    await apply([
      evt('create', MAKER, VIDEO_POST, 'v1', { text: 'mine', crosspost: COMPANION }),
      evt('create', FAN, FOLLOW, 'kept', { subject: MAKER, createdAt: time }),
      evt('create', FAN, POST, 'r1', { text: 'first words', createdAt: time, reply: { root: COMPANION, parent: COMPANION } }),
      evt('update', FAN, POST, 'r1', { text: 'second thoughts', createdAt: time, reply: { root: COMPANION, parent: COMPANION } }),
    ])
    await apply([
      evt('create', FAN, FOLLOW, 'undone', { subject: MAKER, createdAt: time }),
      evt('delete', FAN, FOLLOW, 'undone'),
      evt('delete', FAN, FOLLOW, 'kept'),
      evt('create', FAN, FOLLOW, 'kept', { subject: MAKER, createdAt: time }),
    ])
    const rows = await database.db.selectFrom('notification').select(['uri', 'reason', 'text']).orderBy('uri').execute()
    expect(rows).toEqual([
      { uri: `at://${FAN}/${POST}/r1`, reason: 'replied', text: 'second thoughts' },
      { uri: `at://${FAN}/${FOLLOW}/kept`, reason: 'followed', text: null },
    ])
    await database.close()
  })
})
