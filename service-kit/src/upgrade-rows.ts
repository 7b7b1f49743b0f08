import type { Kysely } from 'kysely'

/** The people and video the shared rows are about, for a service's own rows to point at. */
export const UPGRADE_PEOPLE = {
  creator: 'did:plc:upgradecreator',
  subject: 'did:plc:upgradesubject',
  follower: 'did:plc:upgradefollower',
  video: 'at://did:plc:upgradecreator/app.framewright.video.post/3kupgrade1',
  remix: 'at://did:plc:upgradecreator/app.framewright.video.post/3kupgrade2',
} as const

const AT = '2026-11-20T10:00:00.000Z'

/**
 * Writes the tables every service shares (video graph, participants, ingestion state) as a
 * previous release did: a video and a remix of it depicting a consenting subject, the grant and a
 * review, a follow, actors, participants, a dead letter with its frame, a repo's state, a cursor.
 */
export async function fillSharedTables(db: Kysely<any>): Promise<void> {
  const { creator, subject, follower, video, remix } = UPGRADE_PEOPLE
  const record = (text: string, tags: string[]) => JSON.stringify({ $type: 'app.framewright.video.post', text, tags, createdAt: AT })
  const videoRow = { cid: 'bafyreiupgradevideo', creator, createdAt: AT, indexedAt: AT, sortAt: AT, provider: 'procedural', model: 'procedural-v1', blobMime: 'video/mp4', crosspostCid: null }
  await db
    .insertInto('video')
    .values([
      { ...videoRow, uri: video, text: 'Lighthouse keeper at dawn', prompt: 'a lighthouse at dawn', blobCid: 'bafkreiupgradeblob1', blobSize: 5_000_000_000, durationMs: 6000, width: 1080, height: 1920, remixOfUri: null, remixOfCid: null, crosspostUri: null, record: record('Lighthouse keeper at dawn', ['sea']) },
      { ...videoRow, uri: remix, text: 'Lighthouse, again', prompt: 'the lighthouse in a storm', blobCid: 'bafkreiupgradeblob2', blobSize: 1234, durationMs: null, width: null, height: null, remixOfUri: video, remixOfCid: 'bafyreiupgradevideo', crosspostUri: `at://${creator}/app.bsky.feed.post/3kupgradepost`, record: record('Lighthouse, again', []) },
    ])
    .execute()
  await db.insertInto('depiction').values({ videoUri: video, creator, subject, grantUri: `at://${subject}/app.framewright.likeness.grant/self` }).execute()
  await db
    .insertInto('likeness_grant')
    .values({ did: subject, uri: `at://${subject}/app.framewright.likeness.grant/self`, cid: 'bafyreiupgradegrant', audience: 'approved', approved: JSON.stringify([creator]), restrictions: 'no politics', expiresAt: '2027-11-20T10:00:00.000Z', createdAt: AT, indexedAt: AT })
    .execute()
  await db.insertInto('likeness_review').values({ uri: `at://${subject}/app.framewright.likeness.review/3kreview`, reviewer: subject, videoUri: video, verdict: 'approved', createdAt: AT, indexedAt: AT }).execute()
  await db.insertInto('follow').values({ uri: `at://${follower}/app.bsky.graph.follow/3kfollow`, creator: follower, subject: creator, createdAt: AT }).execute()
  await db
    .insertInto('actor')
    .values([
      { did: creator, active: 1, status: null, updatedAt: AT },
      { did: follower, active: 0, status: 'deactivated', updatedAt: AT },
    ])
    .execute()
  await db
    .insertInto('participant')
    .values([
      { did: creator, reason: 'creator', addedAt: AT, followsKnownAt: AT, followsError: null },
      { did: follower, reason: 'viewer', addedAt: AT, followsKnownAt: null, followsError: 'PDS unreachable' },
    ])
    .execute()
  await db.insertInto('dead_letter').values({ seq: 9_007_199_254, did: creator, subject: video, reason: 'invalid-record', detail: 'text too long', frame: new Uint8Array([0xa2, 0x61, 0x74, 0x01]), attempts: 3, createdAt: AT }).execute()
  await db.insertInto('repo_state').values({ did: creator, rev: '3kupgraderev', needsResync: 1, updatedAt: AT }).execute()
  await db.insertInto('ingest_cursor').values({ stream: 'firehose', cursor: 123_456_789_012, updatedAt: AT }).execute()
}
