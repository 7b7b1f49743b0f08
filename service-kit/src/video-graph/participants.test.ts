import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { IdResolver } from '@atproto/identity'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Database } from '../db/database'
import { createLogger } from '../logger'
import { OutboundClient } from '../net'
import { describeEngines } from '../testing'
import { VideoGraph } from './ingester'
import { participantsMigration } from './participants'
import { videoGraphMigration } from './migration'

const silent = createLogger({ level: 'silent' })
const migrations = { '001-graph': videoGraphMigration, '002-participants': participantsMigration }

/** A PDS that serves each viewer's follows (listRecords), the list changeable by the test. */
let pds: http.Server
const follows = new Map<string, string[]>()
/** Follows a viewer makes right after the first fetch of theirs was answered. */
const madeAfterFirstFetch = new Map<string, string[]>()
beforeAll(async () => {
  pds = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x')
    const repo = url.searchParams.get('repo')!
    const records = (follows.get(repo) ?? []).map((subject, i) => ({
      uri: `at://${repo}/app.bsky.graph.follow/f${i}`,
      value: { subject, createdAt: new Date().toISOString() },
    }))
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ records }))
    const later = madeAfterFirstFetch.get(repo)
    if (later) (follows.set(repo, [...(follows.get(repo) ?? []), ...later]), madeAfterFirstFetch.delete(repo))
  })
  await new Promise<void>((r) => pds.listen(0, '127.0.0.1', r))
})
afterAll(() => new Promise<void>((r) => pds.close(() => r())))

/** Every DID lives on the test's PDS. */
const resolver = () =>
  ({
    did: {
      resolve: async (did: string) => ({ id: did, service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: `http://127.0.0.1:${(pds.address() as AddressInfo).port}` }] }),
    },
  }) as unknown as IdResolver

describeEngines('participants across processes', (engine) => {
  it.runIf(engine.name === 'postgres')('the writer keeps the follows of viewers an API replica notes, those noted before it listened too, and fetches them itself', async () => {
    const location = engine.location()
    const open = () => Database.open<any>(location, migrations, 'test', { poolSize: 3 })
    const replicaDb = open()
    await replicaDb.migrateToLatest()
    const writerDb = open()
    // The test's PDS listens on 127.0.0.1, allowed as the local stack allows it.
    const outbound = new OutboundClient({ allow: ['127.0.0.1'] })
    const replica = new VideoGraph({ db: replicaDb.db, idResolver: resolver(), outbound, logger: silent, notes: replicaDb })
    const writer = new VideoGraph({ db: writerDb.db, idResolver: resolver(), outbound, logger: silent, notes: writerDb })
    let stop = async () => {}
    const followsOf = async (did: string) => writerDb.db.selectFrom('follow').select('subject').where('creator', '=', did).execute()
    try {
      await writer.load(writerDb.db)
      // Noted while the writer was not listening yet (a standby that takes over later): found when it starts.
      follows.set('did:plc:early', ['did:plc:a'])
      await replica.noteViewer('did:plc:early')
      await replica.follows.whenKnown('did:plc:early', 5_000)
      stop = writer.hearParticipants()
      await waitUntil(() => writer.participants.has('did:plc:early'))

      // Noted while it listens: a participant there at once, and fetched there again even though the
      // replica's fetch is done: it may predate the writer keeping the viewer's live follows, and a
      // follow made in between (did:plc:c) is only in the second.
      follows.set('did:plc:late', ['did:plc:b'])
      madeAfterFirstFetch.set('did:plc:late', ['did:plc:c'])
      await replica.noteViewer('did:plc:late')
      await waitUntil(() => writer.participants.has('did:plc:late'))
      expect(writer.keepsFollow({ did: 'did:plc:late' } as never)).toBe(true)
      await waitUntil(async () => (await followsOf('did:plc:late')).length === 2)
      // The same note after the replica's fetch has finished (the order the race above may take).
      follows.set('did:plc:later', ['did:plc:d'])
      await replicaDb.db.insertInto('participant').values({ did: 'did:plc:later', reason: 'viewer', addedAt: new Date().toISOString(), followsKnownAt: new Date().toISOString(), followsError: null }).execute()
      follows.set('did:plc:later', ['did:plc:d', 'did:plc:e'])
      await replicaDb.notify('participants', undefined, 'viewer did:plc:later')
      await waitUntil(async () => (await followsOf('did:plc:later')).length === 2)
      expect(writer.participants.has('did:plc:nobody')).toBe(false)
    } finally {
      await stop()
      replica.destroy()
      writer.destroy()
      await replicaDb.close()
      await writerDb.close()
    }
  })
})

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}
