import { IdResolver } from '@atproto/identity'
import type { Kysely } from 'kysely'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { ingestCursorMigration } from '../db/cursor-store'
import type { Database } from '../db/database'
import { OutboundClient } from '../net'
import { describeEngines } from '../testing'
import { RepoImporter } from './backfill-import'
import { CollectionFilter } from './filter'
import { decodeFrame } from './frames'
import type { IngestHandler } from './ingester'
import { ingestPipelineMigration } from './migration'
import { TestRepo, TestSource, create, del } from './test-source'

const FOLLOW = 'app.bsky.graph.follow'
const at = '2026-01-01T00:00:00.000Z'

const migrations = {
  '001': ingestCursorMigration,
  '002': ingestPipelineMigration,
  '003': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('record').addColumn('uri', 'varchar', (c) => c.primaryKey()).execute()
    },
  },
}

describeEngines('a repo import spread over several transactions', (engine) => {
  let source: TestSource
  let database: Database<any>

  beforeEach(async () => {
    source = await TestSource.start()
    database = engine.open<any>(migrations)
    await database.migrateToLatest()
  })
  afterEach(async () => {
    await source.close()
    await database.close()
  })

  const held = async () => (await database.db.selectFrom('record').select('uri').orderBy('uri').execute()).map((r: { uri: string }) => r.uri.split('/').pop())

  it('stops when the stream applies a newer commit of the repo in between, and imports it again as it is now', async () => {
    // The repo as its PDS serves it when the import starts (a, b, c, z), and as it is a moment later,
    // once it has deleted z: the same DID and key, a newer rev.
    const did = `did:plc:${'overtaken'.padEnd(24, 'a')}`
    const writes = ['a', 'b', 'c', 'z'].map((rkey) => create(FOLLOW, rkey, { subject: `did:plc:${rkey.repeat(24)}`, createdAt: at }))
    const before = await TestRepo.create(did)
    await before.commit(1, writes)
    const after = await TestRepo.create(did, before.key)
    await after.commit(1, writes)
    const deleted = decodeFrame(await after.commit(2, [del(FOLLOW, 'z')]))
    if (deleted.t !== 'commit') throw new Error('not a commit')
    source.host(before)
    let stream: Promise<void> | undefined
    const handler: IngestHandler = {
      collections: [FOLLOW],
      heldRecords: async (tx, repo) => (await tx.selectFrom('record').select('uri').where('uri', 'like', `at://${repo}/%`).execute()).map((r: { uri: string }) => r.uri),
      async applyBatch(batch) {
        await batch.each(async (evt) => {
          if (evt.event === 'create') await batch.tx.insertInto('record').values({ uri: evt.uri }).onConflict((oc) => oc.column('uri').doNothing()).execute()
          if (evt.event === 'delete') await batch.tx.deleteFrom('record').where('uri', '=', evt.uri).execute()
        })
        // Once the import's first transaction commits, the repo deletes z and the stream applies that
        // commit (rev and all, as a firehose batch does) before the import's next transaction.
        if (!stream && batch.events.some((e) => e.seq === -1)) {
          batch.afterCommit(() => {
            source.host(after)
            stream = database.db.transaction().execute(async (tx) => {
              await tx.deleteFrom('record').where('uri', '=', `at://${did}/${FOLLOW}/z`).execute()
              await tx.updateTable('repo_state').set({ rev: deleted.rev }).where('did', '=', did).execute()
            })
          })
        }
      },
    }
    const importer = new RepoImporter({
      db: database.db,
      handler,
      filter: new CollectionFilter([FOLLOW]),
      idResolver: new IdResolver({ plcUrl: source.url, timeout: 1000 }),
      outbound: new OutboundClient({ allow: ['127.0.0.1'] }),
      maxBatch: 1, // one record a transaction: the stream has room to come in between
      signal: new AbortController().signal,
    })
    await importer.importRepo(did)
    await stream
    // z, deleted on the stream while the first import was under way, does not come back with it.
    expect(await held()).toEqual(['a', 'b', 'c'])
    const state = await database.db.selectFrom('repo_state').select(['rev', 'needsResync']).where('did', '=', did).executeTakeFirst()
    expect(state?.rev).toBe(deleted.rev)
    expect(Number(state?.needsResync)).toBe(0)
  })
})
