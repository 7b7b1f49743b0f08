import { IdResolver } from '@atproto/identity'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { ingestCursorMigration } from '../db/cursor-store'
import { Database } from '../db/database'
import type { FirehoseIngester } from '../ingest/ingester'
import { ingestPipelineMigration } from '../ingest/migration'
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
const migrations = { '001': ingestCursorMigration, '002': ingestPipelineMigration, '003': videoGraphMigration, '004': participantsMigration }

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

  it('keeps a grant holder’s follows from the grant on, in stream order, even when the grant is applied in the same batch', async () => {
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
})
