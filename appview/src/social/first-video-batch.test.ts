import { describe, expect, it } from 'vitest'
import { Database, type FirehoseEvent, type KeepQuestion } from '@framewright/service-kit'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { SocialIndexer } from './indexer'
import { FOLLOW, POST, SocialMembers, VIDEO_POST } from './members'
import { describeEngines } from '@framewright/service-kit/testing'

const MAKER = 'did:plc:newmaker'
const SUBJECT = 'did:plc:inthevideo'
const FAN = 'did:plc:fan'
const time = '2026-01-01T00:00:00.000Z'
const COMPANION = { uri: `at://${MAKER}/${POST}/c1`, cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm' }

function write(seq: number, did: string, collection: string, rkey: string, record: unknown): { op: KeepQuestion; evt: FirehoseEvent } {
  const op: KeepQuestion = { did, collection, rkey, action: 'create', record }
  const uri = `at://${did}/${collection}/${rkey}`
  return { op, evt: { event: 'create', seq, time, did, rev: `rev${seq}`, collection, rkey, uri, cid: `cid${seq}`, record } }
}

/**
 * Someone's first video, and follows of them and a reply to it, in one stretch of the stream: keep rules are judged for
 * all of it before any of it is applied (and the next batch before this one is written).
 */
describeEngines('first video batch', (engine) => {
  describe('follows and replies that arrive with someone’s first video', () => {
    it('are kept by the rules and become "followed you" (creator and people in the video) and a comment', async () => {
      const database = engine.open<AppviewSchema>(migrations)
      await database.migrateToLatest()
      const members = new SocialMembers()
      await members.load(database.db)
      const indexer = new SocialIndexer(members)
      const stream = [
        write(1, MAKER, VIDEO_POST, 'v1', { text: 'my first', depicts: [{ subject: SUBJECT }], crosspost: COMPANION }),
        write(2, FAN, FOLLOW, 'f1', { subject: MAKER, createdAt: time }),
        write(3, FAN, FOLLOW, 'f2', { subject: SUBJECT, createdAt: time }),
        write(4, FAN, FOLLOW, 'f3', { subject: 'did:plc:nobody', createdAt: time }),
        write(5, FAN, POST, 'r1', { text: 'welcome!', createdAt: time, reply: { root: COMPANION, parent: COMPANION } }),
      ]
      // Judged in stream order, as the ingester's keep rule sees them (a video always passes).
      const kept = stream.filter(({ op }) => {
        members.noteVideo(op)
        if (op.collection === FOLLOW) return members.keepsFollow(op)
        return op.collection === POST ? members.keepsInteraction(op) : true
      })
      expect(kept.map((k) => k.op.rkey)).toEqual(['v1', 'f1', 'f2', 'r1'])

      // Applied in one batch, each event before the graph sees it; the batch's changes come last.
      await database.db.transaction().execute(async (tx) => {
        const batch = indexer.batch()
        for (const { evt } of kept) await batch.onEvent(evt, tx)
        await batch.finish([], tx)
      })
      const told = await database.db.selectFrom('notification').select(['recipient', 'reason', 'author']).execute()
      const sorted = (rows: typeof told) => rows.map((r) => `${r.recipient} ${r.reason} ${r.author}`).sort()
      expect(sorted(told)).toEqual(
        sorted([
          { recipient: MAKER, reason: 'followed', author: FAN },
          { recipient: SUBJECT, reason: 'followed', author: FAN },
          { recipient: MAKER, reason: 'replied', author: FAN },
        ]),
      )
      // The reply is a comment on the video although the video is written only after the batch's events.
      const comments = await database.db.selectFrom('comment').select(['uri', 'videoUri', 'threadUri']).execute()
      expect(comments).toEqual([{ uri: `at://${FAN}/${POST}/r1`, videoUri: `at://${MAKER}/${VIDEO_POST}/v1`, threadUri: `at://${FAN}/${POST}/r1` }])
      // And the fan's unfollow will be kept, since we hold their follow.
      expect(members.keepsFollow({ did: FAN, collection: FOLLOW, rkey: 'f1', action: 'delete' })).toBe(true)
      await database.close()
    })
  })
})
