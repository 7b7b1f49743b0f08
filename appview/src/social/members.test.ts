import { encode } from '@atcute/cbor'
import { describe, expect, it } from 'vitest'
import { createLogger, Database, type KeepQuestion } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { migrations } from '../db/migrations'
import type { AppviewSchema } from '../db/schema'
import { FOLLOW, LIKE, PEOPLE_TOPIC, POST, SocialMembers, VIDEO_POST } from './members'

const CREATOR = 'did:plc:creator'
const FAN = 'did:plc:fan'
const STRANGER = 'did:plc:stranger'
/** Someone none of whose writes the rules kept. */
const NOBODY = 'did:plc:nobody'
const companion = `at://${CREATOR}/app.bsky.feed.post/3kabc`
const elsewhere = `at://${STRANGER}/app.bsky.feed.post/3kxyz`
/** Another post by the creator: not a video's companion, so its likes and replies are not ours. */
const otherPost = `at://${CREATOR}/app.bsky.feed.post/3kother`

describe('SocialMembers keep rules', () => {
  const members = new SocialMembers()
  members.addPerson(CREATOR)
  members.addActor(FAN)
  members.addCompanion(companion)

  const interactions: [string, Parameters<SocialMembers['keepsInteraction']>[0], boolean][] = [
    ['a reply in a thread rooted at a member’s other post', { did: STRANGER, collection: 'app.bsky.feed.post', rkey: 'a2', action: 'create', record: { text: 'hi', reply: { root: { uri: otherPost }, parent: { uri: otherPost } } } }, false],
    ['a like of a member’s other post', { did: STRANGER, collection: 'app.bsky.feed.like', rkey: 'd2', action: 'create', record: { subject: { uri: otherPost, cid: 'x' } } }, false],
    ['a reply in a thread rooted at a companion post', { did: STRANGER, collection: 'app.bsky.feed.post', rkey: 'a', action: 'create', record: { text: 'hi', reply: { root: { uri: companion }, parent: { uri: companion } } } }, true],
    ['a reply in someone else’s thread', { did: FAN, collection: 'app.bsky.feed.post', rkey: 'b', action: 'create', record: { text: 'hi', reply: { root: { uri: elsewhere }, parent: { uri: elsewhere } } } }, false],
    ['a post that is not a reply', { did: FAN, collection: 'app.bsky.feed.post', rkey: 'c', action: 'create', record: { text: 'hi' } }, false],
    ['a like of a companion post', { did: STRANGER, collection: 'app.bsky.feed.like', rkey: 'd', action: 'create', record: { subject: { uri: companion, cid: 'x' } } }, true],
    ['a like of anything else', { did: STRANGER, collection: 'app.bsky.feed.like', rkey: 'e', action: 'create', record: { subject: { uri: elsewhere, cid: 'x' } } }, false],
    ['a root that is not a string', { did: STRANGER, collection: 'app.bsky.feed.post', rkey: 'f', action: 'create', record: { reply: { root: { uri: 42 } } } }, false],
    ['a delete by someone whose replies we hold', { did: FAN, collection: 'app.bsky.feed.post', rkey: 'g', action: 'delete' }, true],
    ['a delete by anyone else', { did: NOBODY, collection: 'app.bsky.feed.post', rkey: 'h', action: 'delete' }, false],
  ]
  it.each(interactions)('%s', (_what, op, kept) => {
    expect(members.keepsInteraction(op)).toBe(kept)
  })
  // The same rule on the raw record, before it is decoded: it must never drop what keepsInteraction keeps.
  it.each(interactions.filter(([, op]) => op.action !== 'delete'))('undecoded: %s', (_what, op, kept) => {
    expect(members.mayKeepInteraction(op, encode(op.record as Record<string, unknown>))).toBe(kept)
  })
  // Judged as it arrives, ahead of what is queued: it may drop only what keepsInteraction drops.
  it.each(interactions.filter(([, op]) => op.action !== 'delete'))('on arrival: %s', (_what, op, kept) => {
    const dropped = members.dropOnArrival(op, encode(op.record as Record<string, unknown>))
    if (kept) expect(dropped).toBe(false)
    else expect(dropped).toBe(true)
  })
  it('on arrival: a like of the companion post of a video still queued ahead of it is not dropped', () => {
    const fresh = new SocialMembers()
    const post = `at://${CREATOR}/app.bsky.feed.post/3knew`
    const video = { did: CREATOR, collection: VIDEO_POST, rkey: '3kv', action: 'create' as const, record: { crosspost: { uri: post, cid: 'x' } } }
    const like = { did: STRANGER, collection: LIKE, rkey: '3kl', action: 'create' as const, record: { subject: { uri: post, cid: 'x' } } }
    expect(fresh.dropOnArrival(like, encode(like.record))).toBe(true) // no such video yet
    expect(fresh.dropOnArrival(video, encode(video.record))).toBe(false)
    expect(fresh.dropOnArrival(like, encode(like.record))).toBe(false)
    // Once the video is judged its post is a companion; the like is still not dropped (and is kept).
    fresh.noteVideo(video)
    expect(fresh.dropOnArrival(like, encode(like.record))).toBe(false)
    expect(fresh.keepsInteraction(like)).toBe(true)
  })
  it('undecoded: bytes the peek does not follow (an indefinite-length map) are left to the decoded rule', () => {
    expect(members.mayKeepInteraction({ did: STRANGER, collection: 'app.bsky.feed.like', rkey: 'x', action: 'create' }, new Uint8Array([0xa1, 0x67, ...new TextEncoder().encode('subject'), 0xbf, 0xff]))).toBe(true)
  })

  const follows: [string, Parameters<SocialMembers['keepsFollow']>[0], boolean][] = [
    ['a follow of a member', { did: STRANGER, collection: 'app.bsky.graph.follow', rkey: 'a', action: 'create', record: { subject: CREATOR } }, true],
    ['a follow of someone else', { did: FAN, collection: 'app.bsky.graph.follow', rkey: 'b', action: 'create', record: { subject: STRANGER } }, false],
    // Nobody is told "you followed yourself": the follow would be held for nothing.
    ['a member following themselves', { did: CREATOR, collection: 'app.bsky.graph.follow', rkey: 'e', action: 'create', record: { subject: CREATOR } }, false],
    ['an unfollow by someone whose follow we hold', { did: FAN, collection: 'app.bsky.graph.follow', rkey: 'c', action: 'delete' }, true],
    ['an unfollow by anyone else', { did: NOBODY, collection: 'app.bsky.graph.follow', rkey: 'd', action: 'delete' }, false],
  ]
  it.each(follows)('%s', (_what, op, kept) => {
    expect(members.keepsFollow(op)).toBe(kept)
  })
  // The same rule on the raw record, before it is decoded: it must never drop what keepsFollow keeps.
  it.each([...follows.filter(([, op]) => op.action !== 'delete'), ['a subject that is not a string', { did: STRANGER, collection: FOLLOW, rkey: 'f', action: 'create', record: { subject: 7 } }, false] as const])(
    'undecoded: %s',
    (_what, op, kept) => {
      expect(members.mayKeepFollow(op, encode(op.record as Record<string, unknown>))).toBe(kept)
    },
  )
  // Judged as it arrives, ahead of what is queued: it may drop only what keepsFollow drops.
  it.each([...follows.filter(([, op]) => op.action !== 'delete'), ['a subject that is not a string', { did: STRANGER, collection: FOLLOW, rkey: 'f', action: 'create', record: { subject: 7 } }, false] as const])(
    'on arrival: %s',
    (_what, op, kept) => {
      expect(members.dropFollowOnArrival(op, encode(op.record as Record<string, unknown>))).toBe(!kept)
    },
  )
  it('on arrival: an unfollow, or bytes the peek does not follow, are left to the batch', () => {
    expect(members.dropFollowOnArrival({ did: NOBODY, collection: FOLLOW, rkey: 'd', action: 'delete' }, new Uint8Array())).toBe(false)
    expect(members.dropFollowOnArrival({ did: STRANGER, collection: FOLLOW, rkey: 'x', action: 'create' }, new Uint8Array([0xa1, 0x67, ...new TextEncoder().encode('subject'), 0x7f, 0xff]))).toBe(false)
  })
  it('on arrival: a follow of the creator or of someone depicted by a video still queued ahead of it is not dropped', () => {
    const fresh = new SocialMembers()
    const SUBJECT = 'did:plc:depicted'
    const video = { did: CREATOR, collection: VIDEO_POST, rkey: '3kv', action: 'create' as const, record: { depicts: [{ subject: SUBJECT }], crosspost: { uri: companion, cid: 'x' } } }
    const followOf = (subject: string) => ({ did: STRANGER, collection: FOLLOW, rkey: '3kf', action: 'create' as const, record: { subject } })
    for (const who of [CREATOR, SUBJECT]) expect(fresh.dropFollowOnArrival(followOf(who), encode(followOf(who).record))).toBe(true) // no such video yet
    expect(fresh.dropOnArrival(video, encode(video.record))).toBe(false)
    for (const who of [CREATOR, SUBJECT]) expect(fresh.dropFollowOnArrival(followOf(who), encode(followOf(who).record))).toBe(false)
    // Judged with their batch, after the video: kept.
    fresh.noteVideo(video)
    for (const who of [CREATOR, SUBJECT]) expect(fresh.keepsFollow(followOf(who))).toBe(true)
    // Someone else is still nobody to notify.
    expect(fresh.dropFollowOnArrival(followOf(NOBODY), encode(followOf(NOBODY).record))).toBe(true)
  })
})

/**
 * The rules judge a batch's ops before the batch before it is applied (and all of a batch's ops
 * before any of it is): an undo right behind what it undoes is judged before its author is an actor
 * by the indexer's count. Dropping it left a follow, like or comment the repo no longer has.
 */
describe('SocialMembers keep rules, an undo judged before what it undoes is applied', () => {
  const undos: [string, string, Record<string, unknown>][] = [
    ['a follow of a member', FOLLOW, { subject: CREATOR }],
    ['a like of a companion post', LIKE, { subject: { uri: companion, cid: 'x' } }],
    ['a reply to a companion post', POST, { text: 'hi', reply: { root: { uri: companion }, parent: { uri: companion } } }],
  ]
  it.each(undos)('%s and its delete are both kept', (_what, collection, record) => {
    const members = new SocialMembers()
    members.addPerson(CREATOR)
    members.addCompanion(companion)
    const judge = (op: KeepQuestion) => (collection === FOLLOW ? members.keepsFollow(op) : members.keepsInteraction(op))
    expect(judge({ did: STRANGER, collection, rkey: 'a', action: 'create', record })).toBe(true)
    expect(judge({ did: STRANGER, collection, rkey: 'a', action: 'delete' })).toBe(true)
  })
})

describeEngines('the social index’s people across processes', (engine) => {
  it.runIf(engine.name === 'postgres')('the writer counts someone an API replica enrolled, by note while it listens and from the table when it starts', async () => {
    const location = engine.location()
    const open = () => Database.open<AppviewSchema>(location, migrations, 'test', { poolSize: 2 })
    const replica = open()
    await replica.migrateToLatest()
    const writerDb = open()
    const members = new SocialMembers()
    await members.load(writerDb.db)
    // Enrolled before the writer listens (a standby that takes over later): read from the table when it begins.
    await replica.db.insertInto('notification_seen').values({ did: 'did:plc:early', seenAt: '1970-01-01T00:00:00.000Z' }).execute()
    const stop = members.hearPeople(writerDb, createLogger({ level: 'silent' }))
    try {
      await until(() => members.isPerson('did:plc:early'))
      // Enrolled while it listens: the note alone makes them a person.
      await replica.notify(PEOPLE_TOPIC, undefined, 'did:plc:late')
      await until(() => members.isPerson('did:plc:late'))
      expect(members.isPerson('did:plc:nobody')).toBe(false)
    } finally {
      await stop()
      await replica.close()
      await writerDb.close()
    }
  })
})

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}
