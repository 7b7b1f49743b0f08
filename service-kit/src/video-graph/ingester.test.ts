import { IdResolver } from '@atproto/identity'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { ingestCursorMigration } from '../db/cursor-store'
import { Database } from '../db/database'
import type { FirehoseIngester } from '../ingest/ingester'
import { ingestPipelineMigration } from '../ingest/migration'
import { didDocumentsMigration } from '../ingest/did-documents'
import { TestRepo, TestSource, create } from '../ingest/test-source'
import { createLogger } from '../logger'
import { OutboundClient } from '../net'
import { describeEngines } from '../testing'
import { VideoGraph, createVideoGraphIngester } from './ingester'
import { videoGraphMigration } from './migration'
import { participantsMigration } from './participants'

const FOLLOW = 'app.bsky.graph.follow'
const GRANT = 'app.framewright.likeness.grant'
const at = '2026-01-01T00:00:00.000Z'
const silent = createLogger({ level: 'silent' })
const migrations = { '001': ingestCursorMigration, '002': ingestPipelineMigration, '003': videoGraphMigration, '004': participantsMigration, '005': didDocumentsMigration }

describeEngines('the video graph ingester', (engine) => {
  let source: TestSource
  let database: Database<any>
  let ingester: FirehoseIngester | undefined
  let graph: VideoGraph | undefined

  beforeEach(async () => {
    source = await TestSource.start()
    database = engine.open<any>(migrations)
    await database.migrateToLatest()
  })
  afterEach(async () => {
    await ingester?.destroy()
    graph?.destroy()
    ingester = graph = undefined
    await source.close()
    await database.close()
  })

  async function repo(name: string) {
    const r = await TestRepo.create(`did:plc:${name.padEnd(24, 'a')}`)
    source.docs.set(r.did, r.didDoc())
    return r
  }

  /** A repo whose PDS the source is: its follows can be fetched and the repo imported (re-sync). */
  async function hostedRepo(name: string) {
    const r = await TestRepo.create(`did:plc:${name.padEnd(24, 'a')}`)
    source.host(r)
    return r
  }

  /**
   * A service process on `db`: its graph (participants loaded, as at start) and its ingester, one
   * event a batch. `stop` is its death: nothing it held in memory survives into the next one.
   */
  async function serve(db: Database<any>) {
    const idResolver = new IdResolver({ plcUrl: source.url, timeout: 1000 })
    // The source is the hosted repos' PDS, on 127.0.0.1: allowed as the local stack allows it.
    const outbound = new OutboundClient({ allow: ['127.0.0.1'] })
    const g = new VideoGraph({ db: db.db, idResolver, outbound, logger: silent })
    await g.load(db.db)
    const firehoseUrl = source.url.replace('http', 'ws')
    const i = createVideoGraphIngester({ firehoseUrl, idResolver, outbound, logger: silent, db: db.db, graph: g, backfill: 'never', maxBatch: 1, batch: () => ({ finish: async () => {} }) })
    await i.start()
    return {
      ingester: i,
      stop: async () => {
        await i.destroy()
        g.destroy()
      },
    }
  }

  /** Waits until `check` holds (or the time is up: the test's expectations then say what is wrong). */
  async function settled(check: () => Promise<boolean>, timeoutMs = 10_000) {
    for (const deadline = Date.now() + timeoutMs; !(await check()) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20))
  }

  const followsIn = async (db: Database<any>) => (await db.db.selectFrom('follow').select('uri').orderBy('uri').execute()).map((f: { uri: string }) => f.uri)
  const cursorIn = async (db: Database<any>) => Number((await db.db.selectFrom('ingest_cursor').select('cursor').where('stream', '=', 'firehose').executeTakeFirst())?.cursor ?? 0)
  const unfetched = async (db: Database<any>) => (await db.db.selectFrom('participant').select('did').where('followsKnownAt', 'is', null).execute()).length
  const resyncsPending = async (db: Database<any>) => (await db.db.selectFrom('repo_state').select('did').where('needsResync', '=', 1).execute()).length

  it('keeps a grant holder’s follows from the grant on, in stream order, even when the grant is applied in the same batch', async () => {
    // Their PDS is unreachable here (their older follows cannot be fetched): what is held is what the stream kept.
    const [holder, friend, stranger] = [await repo('holder'), await repo('friend'), await repo('stranger')]
    // All queued before the ingester starts, so that the keep rules judge them together, ahead of
    // any of them being applied: the grant has made nobody a participant in the database yet.
    source.push(1, await holder.commit(1, [create(FOLLOW, 'before', { subject: friend.did, createdAt: at })]))
    source.push(2, await holder.commit(2, [create(GRANT, 'self', { audience: 'everyone', createdAt: at })]))
    source.push(3, await holder.commit(3, [create(FOLLOW, 'after', { subject: friend.did, createdAt: at })]))
    source.push(4, await stranger.commit(4, [create(FOLLOW, 'other', { subject: friend.did, createdAt: at })]))
    // A grant and a follow in one commit: the grant comes first, so the follow is its holder's.
    source.push(5, await friend.commit(5, [create(GRANT, 'self', { audience: 'mutuals', createdAt: at }), create(FOLLOW, 'back', { subject: holder.did, createdAt: at })]))

    const idResolver = new IdResolver({ plcUrl: source.url, timeout: 1000 })
    graph = new VideoGraph({ db: database.db, idResolver, outbound: new OutboundClient({ allow: ['127.0.0.1'] }), logger: silent })
    await graph.load(database.db)
    ingester = createVideoGraphIngester({ firehoseUrl: source.url.replace('http', 'ws'), idResolver, logger: silent, db: database.db, graph, backfill: 'never', batch: () => ({ finish: async () => {} }) })
    await ingester.start()
    for (const deadline = Date.now() + 10_000; (ingester.cursor ?? 0) < 5; ) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the stream to be applied')
      await new Promise((r) => setTimeout(r, 20))
    }

    const follows = await database.db.selectFrom('follow').select('uri').orderBy('uri').execute()
    expect(follows.map((f: { uri: string }) => f.uri)).toEqual([`at://${friend.did}/${FOLLOW}/back`, `at://${holder.did}/${FOLLOW}/after`])
    const participants = await database.db.selectFrom('participant').select(['did', 'reason']).orderBy('did').execute()
    expect(participants).toEqual([
      { did: friend.did, reason: 'grant' },
      { did: holder.did, reason: 'grant' },
    ])
  })

  it('keeps the follows of a writer of a participant record (participantRecords) from that record on, judged as they arrive', async () => {
    const PREFS = 'app.framewright.feed.prefs'
    const [viewer, friend, stranger] = [await repo('prefsviewer'), await repo('prefsfriend'), await repo('prefsstranger')]
    // Queued together before the ingester starts: the follows are judged as they arrive, before the
    // prefs record has been judged by the keep rules or applied.
    source.push(1, await viewer.commit(1, [create(FOLLOW, 'before', { subject: friend.did, createdAt: at })]))
    source.push(2, await viewer.commit(2, [create(PREFS, 'self', { createdAt: at })]))
    source.push(3, await viewer.commit(3, [create(FOLLOW, 'after', { subject: friend.did, createdAt: at })]))
    source.push(4, await stranger.commit(4, [create(FOLLOW, 'other', { subject: friend.did, createdAt: at })]))
    const idResolver = new IdResolver({ plcUrl: source.url, timeout: 1000 })
    graph = new VideoGraph({ db: database.db, idResolver, outbound: new OutboundClient({ allow: ['127.0.0.1'] }), logger: silent })
    await graph.load(database.db)
    ingester = createVideoGraphIngester({
      firehoseUrl: source.url.replace('http', 'ws'),
      idResolver,
      logger: silent,
      db: database.db,
      graph,
      backfill: 'never',
      extraCollections: [PREFS],
      participantRecords: [PREFS],
      batch: () => ({ finish: async () => {} }),
    })
    await ingester.start()
    await settled(async () => (ingester!.cursor ?? 0) >= 4)
    expect(await followsIn(database)).toEqual([`at://${viewer.did}/${FOLLOW}/after`])
    expect(graph.participants.has(viewer.did)).toBe(true)
  })

  it('holds a grant holder’s follows when their repo was imported before the stream reached the grant: its commits are then stale, and the import judged the follows before the grant', async () => {
    const [holder, friend] = [await hostedRepo('imported'), await hostedRepo('importedfriend')]
    // The account's creation: a #sync, which has the repo imported as its PDS holds it then (the
    // grant and the follow below are written already: a history replayed after it was made).
    source.push(1, await holder.sync(1))
    const grant = await holder.commit(2, [create(GRANT, 'self', { audience: 'everyone', createdAt: at })])
    const follow = await holder.commit(3, [create(FOLLOW, 'after', { subject: friend.did, createdAt: at })])
    const service = await serve(database)
    try {
      await settled(async () => (await cursorIn(database)) >= 1 && (await resyncsPending(database)) === 0)
      expect(await resyncsPending(database)).toBe(0)
      // The import holds the grant; the stream's commits of the repo are older than it, and skipped.
      source.push(2, grant)
      source.push(3, follow)
      await settled(async () => (await cursorIn(database)) === 3 && (await unfetched(database)) === 0 && (await followsIn(database)).length > 0)
      expect(service.ingester.stats.staleCommits).toBe(2)
      expect(await followsIn(database)).toEqual([`at://${holder.did}/${FOLLOW}/after`])
    } finally {
      await service.stop()
    }
  })

  it('ends with the same follows whether or not it was killed after a grant, and as the holder’s repo holds them', async () => {
    const [holder, friend] = [await hostedRepo('restarted'), await hostedRepo('restartedfriend')]
    const frames = [
      await holder.commit(1, [create(FOLLOW, 'before', { subject: friend.did, createdAt: at })]),
      await holder.commit(2, [create(GRANT, 'self', { audience: 'everyone', createdAt: at })]),
      await holder.commit(3, [create(FOLLOW, 'after', { subject: friend.did, createdAt: at })]),
    ]
    const done = async (db: Database<any>) => (await cursorIn(db)) === 3 && (await unfetched(db)) === 0 && (await followsIn(db)).length === 2

    // The victim: killed once the grant is applied (its follow fetch in flight or not), started again.
    const victim = engine.open<any>(migrations)
    await victim.migrateToLatest()
    source.push(1, frames[0]!)
    source.push(2, frames[1]!)
    const first = await serve(victim)
    await settled(async () => (await cursorIn(victim)) === 2)
    await first.stop()
    source.push(3, frames[2]!)
    const second = await serve(victim)
    // The reference: never killed.
    const reference = await serve(database)
    try {
      await settled(async () => (await done(victim)) && (await done(database)))
      const both = [`at://${holder.did}/${FOLLOW}/after`, `at://${holder.did}/${FOLLOW}/before`]
      expect(await followsIn(victim)).toEqual(both)
      expect(await followsIn(database)).toEqual(both)
    } finally {
      await second.stop()
      await reference.stop()
    }
  })
})
