import type { Kysely } from 'kysely'
import { expect } from 'vitest'
import { describeUpgrade, fillSharedTables, UPGRADE_PEOPLE } from '@framewright/service-kit/testing'
import { JobStore, requestOf } from '../../generation/jobs'
import { searchIndexFor } from '../../search/search'
import type { AppviewSchema } from '../schema'
import { migrations, PREVIOUS_RELEASE } from './index'

const { creator, subject, follower, video, remix } = UPGRADE_PEOPLE
const AT = '2026-11-20T10:00:00.000Z'
const companion = `at://${creator}/app.bsky.feed.post/3kupgradepost`

/** A generation job as the previous release wrote it: no runner, no heartbeat (they came with 013). */
const job = (id: string, minute: number, state: Record<string, unknown>) => ({
  id,
  creator,
  status: 'queued',
  progress: 0,
  stage: 'waiting in the queue',
  provider: 'procedural',
  model: 'procedural-v1',
  prompt: `job ${id}`,
  seed: 4_294_967_296 + minute,
  durationMs: 6000,
  width: 480,
  height: 854,
  depicts: JSON.stringify([subject]),
  remixOfUri: null,
  remixOfCid: null,
  restrictions: JSON.stringify([{ subject, text: 'no politics' }]),
  providerJobId: null,
  error: null,
  result: null,
  provenance: null,
  createdAt: `2026-11-20T10:0${minute}:00.000Z`,
  updatedAt: `2026-11-20T10:0${minute}:00.000Z`,
  ...state,
})

async function fill(db: Kysely<any>): Promise<void> {
  await fillSharedTables(db)
  await db
    .insertInto('generation_job')
    .values([
      job('queued', 1, {}),
      job('running', 2, { status: 'running', progress: 40, stage: 'rendering', providerJobId: 'provider-job-7' }),
      job('succeeded', 3, { status: 'succeeded', progress: 100, stage: 'done', result: JSON.stringify({ mime: 'video/mp4', size: 1234 }), provenance: JSON.stringify({ provider: 'procedural' }) }),
      job('failed', 4, { status: 'failed', progress: 10, stage: 'failed', error: 'the provider refused the prompt', restrictions: null }),
    ])
    .execute()
  await db
    .insertInto('feed_generator')
    .values({ uri: `at://${creator}/app.bsky.feed.generator/fresh`, cid: 'bafyreifeed', creator, did: 'did:web:feeds.example', displayName: 'Fresh', description: null, contentMode: 'app.bsky.feed.defs#contentModeVideo', acceptsInteractions: 1, indexedAt: AT })
    .execute()
  await db.insertInto('labeler_service').values({ did: 'did:plc:upgradelabeler', cid: 'bafyreilabeler', policies: JSON.stringify({ labelValues: ['ai-video'] }), indexedAt: AT }).execute()
  await db.insertInto('label').values({ src: 'did:plc:upgradelabeler', uri: video, val: 'ai-video', cid: null, neg: 0, cts: AT, exp: null, sig: new Uint8Array([1, 2, 3, 255]) }).execute()
  await db.insertInto('actor_handle').values({ did: creator, handle: 'keeper.example.com', checkedAt: AT }).execute()
  await db.insertInto('grant_holder_name').values({ did: subject, displayName: 'Ada Lovelace', normalizedName: 'ada lovelace', firstWord: 'ada', checkedAt: AT }).execute()
  await db
    .insertInto('comment')
    .values([
      { uri: `at://${follower}/app.bsky.feed.post/3kc1`, cid: 'bafyc1', creator: follower, videoUri: video, parentUri: companion, threadUri: `at://${follower}/app.bsky.feed.post/3kc1`, text: 'Lovely light', createdAt: AT, indexedAt: AT },
      { uri: `at://${creator}/app.bsky.feed.post/3kc2`, cid: 'bafyc2', creator, videoUri: video, parentUri: `at://${follower}/app.bsky.feed.post/3kc1`, threadUri: `at://${follower}/app.bsky.feed.post/3kc1`, text: 'Thank you', createdAt: AT, indexedAt: AT },
    ])
    .execute()
  await db.insertInto('post_like').values({ uri: `at://${follower}/app.bsky.feed.like/3kl1`, creator: follower, subject: companion, createdAt: AT }).execute()
  await db.insertInto('notification').values({ recipient: creator, uri: `at://${follower}/app.bsky.feed.post/3kc1`, reason: 'replied', author: follower, reasonSubject: video, text: 'Lovely light', indexedAt: AT }).execute()
  await db.insertInto('notification_seen').values({ did: follower, seenAt: AT }).execute()
  await db.insertInto('video_media').values({ blobCid: 'bafkreiupgradeblob1', hasAudio: 1, probedAt: AT }).execute()
}

describeUpgrade<AppviewSchema>('appview', migrations, PREVIOUS_RELEASE, {
  fill,
  previousSqlite: new URL('./__fixtures__/previous-release.sql', import.meta.url),
  // 013-job-leases: jobs from before it are held by no runner and have never beaten;
  // 015-job-interruptions: nor have they been interrupted yet.
  addedColumns: { generation_job: { runner: null, heartbeatAt: null, interruptions: 0 } },
  async check(database) {
    const jobs = new JobStore(database.db)
    expect(await jobs.get('succeeded')).toMatchObject({ status: 'succeeded', result: JSON.stringify({ mime: 'video/mp4', size: 1234 }), runner: null })
    expect(requestOf((await jobs.get('queued'))!)).toMatchObject({ seed: 4_294_967_297, depicts: [subject], restrictions: [{ subject, text: 'no politics' }] })
    // A job the previous release left running has no heartbeat: the first runner of this release
    // takes it back, as it would a runner's that died (shared queue) or its own (alone), keeping
    // the provider's job so it resumes there, and the oldest queued job is claimed first.
    expect(await jobs.requeueRunning(new Date(Date.now() - 60_000).toISOString())).toEqual({ resumed: 1, gaveUp: 0 })
    expect(await jobs.get('running')).toMatchObject({ status: 'queued', runner: null, providerJobId: 'provider-job-7' })
    expect(await jobs.claimNext('new-runner')).toMatchObject({ id: 'queued', status: 'running', runner: 'new-runner' })
    expect(await jobs.claimNext('new-runner')).toMatchObject({ id: 'running', providerJobId: 'provider-job-7' })
    expect(await jobs.claimNext('new-runner')).toBeUndefined()

    // Search still finds what the previous release indexed, videos and people.
    const search = searchIndexFor(database)
    expect((await search.videos(['lighthouse'], { limit: 10, offset: 0 })).sort()).toEqual([video, remix].sort())
    expect(await search.actors(['keeper'], { limit: 10, offset: 0 })).toEqual([creator])
    expect(await search.actors(['ada'], { limit: 10, offset: 0 })).toEqual([subject])
  },
})
