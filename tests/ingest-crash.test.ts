import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ids } from '@framewright/lexicons'
import { Database } from '@framewright/service-kit'
import { createUser, stack, waitFor, type TestUser } from './helpers/network'
import { killed, spawnService, type ServiceProcess } from './helpers/processes'
import { putGrant, quickVideo } from './helpers/videos'
import { LOCAL_OUTBOUND_ALLOW } from '@framewright/stack'

const dir = mkdtempSync(join(tmpdir(), 'framewright-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A feed generator as its own process (bin.ts, configured through its environment), on a database file. */
function feedGenerator(db: string, env: Record<string, string> = {}): ServiceProcess {
  return spawnService('feed-generator', 'ingest-crash-feed-generator', {
    FRAMEWRIGHT_FEEDGEN_PORT: '0',
    FRAMEWRIGHT_FEEDGEN_DB: db,
    FRAMEWRIGHT_FIREHOSE_URL: stack().services.pds.url.replace(/^http/, 'ws'),
    FRAMEWRIGHT_PLC_URL: stack().services.plc.url,
    FRAMEWRIGHT_OUTBOUND_ALLOW: LOCAL_OUTBOUND_ALLOW,
    FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: stack().feedPublisher.did,
    FRAMEWRIGHT_LOG_LEVEL: 'error',
    // What is killed here is the replay of the stream's history (backfill has its own test).
    FRAMEWRIGHT_BACKFILL: 'never',
    ...env,
  })
}

/**
 * What a database holds, minus what depends on when it was written (indexedAt and the like). The
 * firehose cursor is the `firehose` row of ingest_cursor: the grant expiry scheduler keeps a
 * watermark (a time) in the same table.
 */
async function contents(path: string) {
  const database = Database.open<any>(path, {}, undefined, { checkpointThread: false })
  const db = database.db
  try {
    const rows = async (table: string, order: string, omit: string[] = []) =>
      (await db.selectFrom(table).selectAll().orderBy(order).execute()).map((r: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(r).filter(([k]) => !omit.includes(k))),
      )
    return {
      cursor: (await db.selectFrom('ingest_cursor').select('cursor').where('stream', '=', 'firehose').executeTakeFirst())?.cursor,
      video: await rows('video', 'uri', ['indexedAt']),
      depiction: await rows('depiction', 'videoUri'),
      grant: await rows('likeness_grant', 'did', ['indexedAt']),
      review: await rows('likeness_review', 'uri', ['indexedAt']),
      follow: await rows('follow', 'uri'),
      actor: await rows('actor', 'did', ['updatedAt']),
      feedItem: await rows('feed_item', 'uri'),
      prefs: await rows('feed_prefs', 'did', ['indexedAt']),
      // Which commit of a repo was the last one kept depends on when its author became a participant
      // (whose follows are kept from then on, and fetched for before): the rev held may differ, the
      // repos held and their re-sync marks may not.
      repoState: await rows('repo_state', 'did', ['updatedAt', 'rev']),
      participant: await rows('participant', 'did', ['addedAt', 'followsKnownAt', 'followsError']),
      deadLetter: (await rows('dead_letter', 'id', ['id', 'createdAt', 'frame', 'attempts'])).sort((a, b) => Number(a.seq) - Number(b.seq)),
    }
  } finally {
    await database.close()
  }
}

async function cursorOf(path: string): Promise<number> {
  const database = Database.open<any>(path, {}, undefined, { checkpointThread: false })
  try {
    return Number((await database.db.selectFrom('ingest_cursor').select('cursor').where('stream', '=', 'firehose').executeTakeFirst())?.cursor ?? 0)
  } catch {
    return 0 // not migrated yet
  } finally {
    await database.close()
  }
}

async function holds(path: string, uri: string): Promise<boolean> {
  const database = Database.open<any>(path, {}, undefined, { checkpointThread: false })
  try {
    return !!(await database.db.selectFrom('video').select('uri').where('uri', '=', uri).executeTakeFirst())
  } catch {
    return false // not migrated yet
  } finally {
    await database.close()
  }
}

/** A few hundred events of every kind the feed generator indexes, written through the PDS. */
async function writeHistory(): Promise<{ marker: string }> {
  const people: TestUser[] = []
  for (let i = 0; i < 4; i++) people.push(await createUser(`crash${i}`))
  const [a, b, c, d] = people as [TestUser, TestUser, TestUser, TestUser]
  await putGrant(a, { audience: 'everyone' })
  await putGrant(b, { audience: 'mutuals' })
  await putGrant(c, { audience: 'approved', approved: [a.did] })
  for (const [from, to] of [[a, b], [b, a], [c, d], [d, a]] as const) {
    await from.agent.com.atproto.repo.createRecord({ repo: from.did, collection: 'app.bsky.graph.follow', record: { subject: to.did, createdAt: new Date().toISOString() } })
  }
  await d.agent.com.atproto.repo.putRecord({ repo: d.did, collection: ids.AppFramewrightFeedPrefs, rkey: 'self', record: { $type: ids.AppFramewrightFeedPrefs, dailyLimit: 50, createdAt: new Date().toISOString() } })
  const made: { user: TestUser; uri: string; cid: string }[] = []
  for (let round = 0; round < 12; round++) {
    made.push(
      ...(await Promise.all(
        people.map(async (user, i) => ({ user, ...(await quickVideo(user, { prompt: `round ${round} by ${i}`, depicts: [people[(i + round) % 4]!.did] })) })),
      )),
    )
  }
  // Reviews, deletes, a narrowed grant and an unfollow, in among them.
  for (const video of made.slice(0, 6)) {
    await b.agent.com.atproto.repo.createRecord({
      repo: b.did,
      collection: ids.AppFramewrightLikenessReview,
      record: { $type: ids.AppFramewrightLikenessReview, subject: { uri: video.uri, cid: video.cid }, verdict: 'reject', createdAt: new Date().toISOString() },
    })
  }
  for (const video of made.slice(10, 16)) {
    await video.user.agent.com.atproto.repo.deleteRecord({ repo: video.user.did, collection: ids.AppFramewrightVideoPost, rkey: video.uri.split('/').pop()! })
  }
  await putGrant(a, { audience: 'self' })
  // A grant holder nobody's consent needs the follows of, who follows after the grant: the stream
  // keeps that follow, unless their repo's re-import (their account's #sync) came first and judged it
  // before the grant, when only the fetch of their follows that a grant asks for brings it.
  const e = await createUser('crash4')
  await putGrant(e, { audience: 'everyone' })
  await e.agent.com.atproto.repo.createRecord({ repo: e.did, collection: 'app.bsky.graph.follow', record: { subject: a.did, createdAt: new Date().toISOString() } })
  const { data: follows } = await d.agent.com.atproto.repo.listRecords({ repo: d.did, collection: 'app.bsky.graph.follow' })
  await d.agent.com.atproto.repo.deleteRecord({ repo: d.did, collection: 'app.bsky.graph.follow', rkey: follows.records[0]!.uri.split('/').pop()! })
  const marker = await quickVideo(a, { prompt: 'the last event of the history' })
  return { marker: marker.uri }
}

describe('a feed generator killed at random points', () => {
  it('ends with the same database as one that was never killed: same rows, nothing doubled', { timeout: 300_000 }, async () => {
    const { marker } = await writeHistory()
    const reference = join(dir, 'reference.sqlite')
    const victim = join(dir, 'victim.sqlite')
    const steady = feedGenerator(reference)
    // Killed again and again while it catches up on the PDS's whole history (one event a batch, so
    // that there are many transactions to be killed in), a moment after each time it made progress:
    // watched closely, since the whole history takes it well under a second.
    const small = { FRAMEWRIGHT_INGEST_BATCH: '1' }
    const killedAt: number[] = []
    for (let round = 0; round < 6 && !(await holds(victim, marker)); round++) {
      const before = await cursorOf(victim)
      const child = feedGenerator(victim, small)
      const deadline = Date.now() + 60_000
      while ((await cursorOf(victim)) <= before && !(await holds(victim, marker))) {
        if (Date.now() > deadline) throw new Error('the feed generator made no progress in 60 s')
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 30)))
      await killed(child)
      killedAt.push(await cursorOf(victim))
    }
    const last = feedGenerator(victim, small)
    for (const path of [reference, victim]) await waitFor(`the last event in ${path}`, () => holds(path, marker), 120_000)
    // Both have applied every event up to the marker. Follows fetched in the background (grant
    // holders', and those the mutuals grant needs) may land a moment apart: wait until both have
    // settled, then compare in full.
    let last2: [Awaited<ReturnType<typeof contents>>, Awaited<ReturnType<typeof contents>>] | undefined
    await waitFor(
      'both databases to settle on the same contents',
      async () => {
        last2 = await Promise.all([contents(reference), contents(victim)])
        return JSON.stringify(last2[0]) === JSON.stringify(last2[1])
      },
      60_000,
    ).catch(() => undefined)
    const [a, b] = last2!
    await killed(steady)
    await killed(last)
    expect(b.video.length).toBeGreaterThan(40)
    // The kills landed in the middle of the history, not after it.
    expect(killedAt.filter((c) => c < Number(a.cursor)).length).toBeGreaterThanOrEqual(3)
    for (const table of Object.keys(a) as (keyof typeof a)[]) expect(b[table], table).toEqual(a[table])
  })
})
