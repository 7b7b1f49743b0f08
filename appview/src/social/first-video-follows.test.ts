import { describe, expect, it } from 'vitest'
import { Database, type FirehoseEvent, type KeepQuestion } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { SocialIndexer } from './indexer'
import { FOLLOW, SocialMembers, VIDEO_POST } from './members'

const MAKER = 'did:plc:newmaker'
const SUBJECT = 'did:plc:inthevideo'
const FAN = 'did:plc:fan'
const time = '2026-01-01T00:00:00.000Z'

function write(seq: number, did: string, collection: string, rkey: string, record: unknown): { op: KeepQuestion; evt: FirehoseEvent } {
  const op: KeepQuestion = { did, collection, rkey, action: 'create', record }
  const uri = `at://${did}/${collection}/${rkey}`
  return { op, evt: { event: 'create', seq, time, did, rev: `rev${seq}`, collection, rkey, uri, cid: `cid${seq}`, record } }
}

/**
 * Someone's first video and follows of them in one stretch of the stream: keep rules are judged for
 * all of it before any of it is applied (and the next batch before this one is written).
 */
describe('follows that arrive with someone’s first video', () => {
  it('are kept by the rules and become "followed you", for the creator and the people in the video', async () => {
    const database = Database.open<AppviewSchema>(':memory:', migrations)
    await database.migrateToLatest()
    const members = new SocialMembers()
    await members.load(database.db)
    const indexer = new SocialIndexer(members)
    const stream = [
      write(1, MAKER, VIDEO_POST, 'v1', { text: 'my first', depicts: [{ subject: SUBJECT }] }),
      write(2, FAN, FOLLOW, 'f1', { subject: MAKER, createdAt: time }),
      write(3, FAN, FOLLOW, 'f2', { subject: SUBJECT, createdAt: time }),
      write(4, FAN, FOLLOW, 'f3', { subject: 'did:plc:nobody', createdAt: time }),
    ]
    // Judged in stream order, as the ingester's keep rule sees them (a video always passes).
    const kept = stream.filter(({ op }) => {
      members.noteVideo(op)
      return op.collection === FOLLOW ? members.keepsFollow(op) : true
    })
    expect(kept.map((k) => k.op.rkey)).toEqual(['v1', 'f1', 'f2'])

    // Applied in one batch, each event before the graph sees it; the batch's changes come last.
    await database.db.transaction().execute(async (tx) => {
      for (const { evt } of kept) await indexer.onEvent(evt, tx)
      await indexer.onChanges([], tx)
    })
    const told = await database.db.selectFrom('notification').select(['recipient', 'reason', 'author']).orderBy('recipient').execute()
    expect(told).toEqual([
      { recipient: SUBJECT, reason: 'followed', author: FAN },
      { recipient: MAKER, reason: 'followed', author: FAN },
    ].sort((a, b) => a.recipient.localeCompare(b.recipient)))
    // And the fan's unfollow will be kept, since we hold their follow.
    expect(members.keepsFollow({ did: FAN, collection: FOLLOW, rkey: 'f1', action: 'delete' })).toBe(true)
    await database.close()
  })
})
