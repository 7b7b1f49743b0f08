import { Secp256k1Keypair } from '@atproto/crypto'
import type { Kysely } from 'kysely'
import { expect } from 'vitest'
import { describeUpgrade, fillSharedTables, UPGRADE_PEOPLE } from '@framewright/service-kit/testing'
import { LabelStore } from '../../labels/store'
import { ReportQueue } from '../../moderation/reports'
import type { LabelerSchema } from '../schema'
import { migrations, PREVIOUS_RELEASE } from './index'

const { creator, subject, follower, video, remix } = UPGRADE_PEOPLE
const AT = '2026-11-20T10:00:00.000Z'
const SRC = 'did:plc:upgradelabeler'
const post = `at://${follower}/app.bsky.feed.post/3kbskyvideo`

async function fill(db: Kysely<any>): Promise<void> {
  await fillSharedTables(db)
  // The video's ai-video label, applied then negated; the remix's likeness label, still in force.
  const label = (uri: string, val: string, neg: number, cts: string) => ({ src: SRC, uri, cid: null, val, neg, cts, exp: null, sig: new Uint8Array([7, 7, neg, 255]) })
  const seqs = []
  for (const row of [label(video, 'ai-video', 0, AT), label(video, 'ai-video', 1, '2026-11-20T11:00:00.000Z'), label(remix, 'likeness-unconsented', 0, AT)]) {
    seqs.push((await db.insertInto('label').values(row).returning('seq').executeTakeFirstOrThrow()).seq)
  }
  await db
    .insertInto('label_explanation')
    .values(seqs.map((seq, i) => ({ labelSeq: seq, detector: i === 2 ? 'consent-graph' : 'c2pa', reason: `reason ${i}`, evidence: JSON.stringify({ i }) })))
    .execute()
  const report = { reasonType: 'com.atproto.moderation.defs#reasonMisleading', reason: 'a deepfake', subjectType: 'record', subjectUri: remix, subjectCid: 'bafyreiupgradevideo', reportedBy: follower, createdAt: AT }
  await db
    .insertInto('report')
    .values([
      { ...report, status: 'open', resolvedBy: null, resolvedAt: null },
      { ...report, subjectType: 'account', subjectUri: creator, subjectCid: null, status: 'resolved', resolvedBy: 'did:plc:moderator', resolvedAt: '2026-11-21T10:00:00.000Z' },
    ])
    .execute()
  await db.insertInto('bsky_video_post').values({ uri: post, cid: 'bafyreibskypost', author: follower, blobCid: 'bafkreiupgradeblob1', createdAt: AT }).execute()
  await db
    .insertInto('known_fingerprint')
    .values([
      { sourceUri: video, val: 'known-deepfake', blobCid: 'bafkreiupgradeblob1', author: creator, status: 'ready', frames: 'AAECAw==', attempts: 1, error: null, createdAt: AT, updatedAt: AT },
      { sourceUri: remix, val: '!takedown', blobCid: 'bafkreiupgradeblob2', author: creator, status: 'pending', frames: '', attempts: 2, error: 'PDS timed out', createdAt: AT, updatedAt: AT },
    ])
    .execute()
  await db.insertInto('known_copy_match').values({ subjectUri: post, sourceUri: video, val: 'known-deepfake', matchedFrames: 9, probeFrames: 10, meanDistanceTenths: 42, mirrored: 1, offsetMs: -500, matchedAt: AT }).execute()
  await db.insertInto('face_template').values({ did: subject, sealed: new Uint8Array([0, 1, 2, 3, 254]), createdAt: AT }).execute()
  await db.insertInto('found_depiction').values({ subjectUri: remix, did: subject, author: creator, method: 'face', similarity: 87, frameMs: 1500, framesMatched: 4, framesSampled: 12, declared: 0, foundAt: AT }).execute()
  await db.insertInto('c2pa_fact').values({ subjectUri: post, blobCid: 'bafkreiupgradeblob1', facts: JSON.stringify({ generator: 'sora' }), readAt: AT }).execute()
}

describeUpgrade<LabelerSchema>('labeler', migrations, PREVIOUS_RELEASE, {
  fill,
  previousSqlite: new URL('./__fixtures__/previous-release.sql', import.meta.url),
  addedColumns: {},
  async check(database) {
    const labels = new LabelStore(database.db, await Secp256k1Keypair.create(), SRC)
    // In force: only the remix's label (the video's was negated), with its explanation.
    const current = await labels.queryCurrent({ patterns: [`at://${creator}/*`], limit: 10 })
    expect(current.map((l) => [l.uri, l.val])).toEqual([[remix, 'likeness-unconsented']])
    expect(await labels.explain(remix)).toMatchObject([{ explanation: { detector: 'consent-graph', reason: 'reason 2', evidence: { i: 2 } } }])
    // A label written now numbers after the old ones (subscribers read seq > cursor) and is the latest version.
    const head = await labels.headSeq()
    const [applied] = await labels.apply([{ uri: video, val: 'ai-video', neg: false, explanation: { detector: 'c2pa', reason: 'again', evidence: null } }])
    expect(applied!.seq).toBeGreaterThan(head)
    expect((await labels.inForce([video])).get(video)?.map((l) => l.val)).toEqual(['ai-video'])

    // Moderators still see the open report, and the reporter both of theirs.
    const reports = new ReportQueue(database.db)
    expect((await reports.listOpen({ limit: 10 })).reports).toMatchObject([{ subjectUri: remix, status: 'open' }])
    expect((await reports.listByReporter(follower, { limit: 10 })).reports).toHaveLength(2)
  },
})
