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

/** Comments' deletes are gathered over a batch too: the threads must end as deleting each at once leaves them. */
describe('comments deleted per batch', () => {
  const reply = (rkey: string, parent: string, text = rkey) => ({ text, createdAt: time, reply: { root: COMPANION, parent: { uri: parent, cid: COMPANION.cid } } })
  const at = (rkey: string) => `at://${FAN}/${POST}/${rkey}`
  const video = () => evt('create', MAKER, VIDEO_POST, 'v1', { text: 'mine', crosspost: COMPANION })

  /** The comment threads after `events`, applied in one batch or one batch each, after the same three comments. */
  async function threads(events: () => FirehoseEvent[], oneBatch: boolean): Promise<{ uri: string; threadUri: string; text: string }[]> {
    const database = Database.open<AppviewSchema>(':memory:', migrations)
    await database.migrateToLatest()
    const indexer = new SocialIndexer(new SocialMembers())
    // (Each batch brings the video again: the video graph is not run here, and a reply finds its video through its batch.)
    const apply = (batchEvents: FirehoseEvent[]) =>
      database.db.transaction().execute(async (tx) => {
        const batch = indexer.batch()
        for (const e of [video(), ...batchEvents]) await batch.onEvent(e, tx)
        await batch.finish([], tx)
      })
    // a, a reply to the video; b under a; c under b (all in a's thread); x, another reply to the video, and y under it.
    await apply([
      evt('create', FAN, POST, 'a', reply('a', COMPANION.uri)),
      evt('create', FAN, POST, 'b', reply('b', at('a'))),
      evt('create', FAN, POST, 'c', reply('c', at('b'))),
      evt('create', FAN, POST, 'x', reply('x', COMPANION.uri)),
      evt('create', FAN, POST, 'y', reply('y', at('x'))),
    ])
    const list = events()
    if (oneBatch) await apply(list)
    else for (const e of list) await apply([e])
    const rows = await database.db.selectFrom('comment').select(['uri', 'threadUri', 'text']).orderBy('uri').execute()
    await database.close()
    return rows
  }

  it('end as if each delete were done at once: replies under a deleted comment head their own threads, a comment written again after its delete stays', async () => {
    const events = () => [
      // a goes: b and c stand, each heading a thread of its own.
      evt('delete', FAN, POST, 'a'),
      // d answers b, whose thread's top comment is gone: d sits under b.
      evt('create', FAN, POST, 'd', reply('d', at('b'))),
      // c is deleted and written again, now straight under the video.
      evt('delete', FAN, POST, 'c'),
      evt('create', FAN, POST, 'c', reply('c', COMPANION.uri, 'c again')),
      // e answers a comment deleted just before it (f): it heads its own thread.
      evt('create', FAN, POST, 'f', reply('f', at('b'))),
      evt('delete', FAN, POST, 'f'),
      evt('create', FAN, POST, 'e', reply('e', at('f'))),
      // x is deleted and written again: y, left standing by the delete, heads its own thread.
      evt('delete', FAN, POST, 'x'),
      evt('create', FAN, POST, 'x', reply('x', COMPANION.uri, 'x again')),
    ]
    const oneByOne = await threads(events, false)
    expect(oneByOne).toEqual([
      { uri: at('b'), threadUri: at('b'), text: 'b' },
      { uri: at('c'), threadUri: at('c'), text: 'c again' },
      { uri: at('d'), threadUri: at('b'), text: 'd' },
      { uri: at('e'), threadUri: at('e'), text: 'e' },
      { uri: at('x'), threadUri: at('x'), text: 'x again' },
      { uri: at('y'), threadUri: at('y'), text: 'y' },
    ])
    expect(await threads(events, true)).toEqual(oneByOne)
  })
})
