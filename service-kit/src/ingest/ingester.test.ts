import { decode } from '@atcute/cbor'
import { Secp256k1Keypair } from '@atproto/crypto'
import { IdResolver, MemoryCache } from '@atproto/identity'
import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest'
import { ingestCursorMigration } from '../db/cursor-store'
import { Database } from '../db/database'
import { createLogger } from '../logger'
import type { FirehoseEvent } from './events'
import { FirehoseIngester, UnprocessableEventError, type IngestHandler } from './ingester'
import { ArrivalSets } from './arrival-sets'
import { ingestPipelineMigration } from './migration'
import { didDocumentsMigration, type DidDocumentSchema } from './did-documents'
import type { IngestSchema } from './schema'
import { TestRepo, TestSource, create, del, frame } from './test-source'
import { describeEngines } from '../testing'
import { OutboundClient } from '../net/client'

const FOLLOW = 'app.bsky.graph.follow'
/** A record whose writer the set rules' test counts as someone whose follows are kept. */
const PERSON = 'app.test.person'
/** Set rules that drop a follow of anyone but the two the arrival tests keep (as their dropOnArrival drops "dropme"). */
function dropFollowsOfOthers(): ArrivalSets {
  const sets = new ArrivalSets().rule({ collection: FOLLOW, path: ['subject'], keepIfIn: 'kept' })
  for (const did of ['did:plc:unread', 'did:plc:imported']) sets.add('kept', did)
  return sets
}
const follow = (subject: string) => ({ subject, createdAt: '2026-01-01T00:00:00.000Z' })

interface Schema extends IngestSchema, DidDocumentSchema {
  record: { uri: string; subject: string }
}

const migrations = {
  '001': ingestCursorMigration,
  '002': ingestPipelineMigration,
  '002b': didDocumentsMigration,
  '003': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('record').addColumn('uri', 'varchar', (c) => c.primaryKey()).addColumn('subject', 'varchar', (c) => c.notNull()).execute()
    },
  },
}

/** A handler that stores follows; tests make it fail in the ways handlers fail. */
function recordHandler(behaviour: { poison?: string; failTimes?: number; slowMs?: number; afterCommit?: () => void } = {}) {
  const seen: FirehoseEvent[] = []
  let failures = 0
  const handler: IngestHandler = {
    collections: [FOLLOW],
    async applyBatch(batch) {
      // Asked for before the batch may fail: a batch that rolls back must never run it.
      if (behaviour.afterCommit) batch.afterCommit(behaviour.afterCommit)
      if (behaviour.slowMs) await new Promise((r) => setTimeout(r, behaviour.slowMs))
      if (behaviour.failTimes && failures < behaviour.failTimes) {
        failures++
        throw new Error('database is busy')
      }
      await batch.each(async (evt) => {
        seen.push(evt)
        if (evt.event === 'create' && evt.collection === FOLLOW) {
          const subject = (evt.record as { subject: string }).subject
          if (subject === behaviour.poison) throw new UnprocessableEventError(`InvalidFollow: ${subject} is not allowed`)
          await batch.tx.insertInto('record').values({ uri: evt.uri, subject }).onConflict((oc) => oc.column('uri').doNothing()).execute()
        } else if (evt.event === 'delete') {
          await batch.tx.deleteFrom('record').where('uri', '=', evt.uri).execute()
        }
      })
    },
  }
  return { handler, seen }
}

describeEngines('FirehoseIngester', (engine) => {
  let source: TestSource
  let database: Database<Schema>
  let ingester: FirehoseIngester | undefined

  beforeEach(async () => {
    source = await TestSource.start()
    database = engine.open<Schema>(migrations)
    await database.migrateToLatest()
  })
  afterEach(async () => {
    await ingester?.destroy()
    ingester = undefined
    await source.close()
    await database.close()
  })

  /** Starts an ingester on the test source; with `backfill`, it imports the repos the source hosts from 127.0.0.1. */
  function start(handler: IngestHandler, opts: { maxQueuedEvents?: number; maxBatch?: number; verifyWorkers?: number; cacheDids?: boolean; backfill?: 'always' } = {}) {
    const { cacheDids, ...rest } = opts
    ingester = new FirehoseIngester({
      arrivalThread,
      service: source.url.replace('http', 'ws'),
      db: database.db,
      idResolver: new IdResolver({ plcUrl: source.url, timeout: 1000, didCache: cacheDids ? new MemoryCache() : undefined }),
      handler,
      logger: createLogger({ level: 'silent' }),
      ...(opts.backfill ? { outbound: new OutboundClient({ allow: ['127.0.0.1'] }) } : {}),
      ...rest,
    })
    return ingester.start()
  }

  async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms
    for (;;) {
      const value = await check()
      if (value !== undefined && value !== false) return value
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  const records = () => database.db.selectFrom('record').select(['uri', 'subject']).orderBy('uri').execute()
  const savedCursor = async () => Number((await database.db.selectFrom('ingest_cursor').select('cursor').executeTakeFirst())?.cursor ?? 0)
  const deadLetters = () => database.db.selectFrom('dead_letter').select(['seq', 'reason', 'subject']).orderBy('id').execute()

  async function repo(name: string) {
    const r = await TestRepo.create(`did:plc:${name.padEnd(24, 'a')}`)
    source.docs.set(r.did, r.didDoc())
    return r
  }

  /**
   * Four commits for the raw-record rules (which drop what names "dropme"): one kept, one all
   * dropped, one with a dropped and a kept op, one with a dropped op and a delete.
   */
  async function pushDropmeHistory(alice: TestRepo) {
    source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:kept'))]))
    source.push(2, await alice.commit(2, [create(FOLLOW, '3kb', follow('did:plc:dropme'))]))
    source.push(3, await alice.commit(3, [create(FOLLOW, '3kc', follow('did:plc:dropme')), create(FOLLOW, '3kd', follow('did:plc:also'))]))
    source.push(4, await alice.commit(4, [create(FOLLOW, '3ke', follow('did:plc:dropme')), del(FOLLOW, '3ka')]))
  }

  // Every behaviour holds whether the socket is read on the ingesting thread or on an arrival thread of its own.
  let arrivalThread = false
  for (const onThread of [false, true]) {
    describe(onThread ? 'FirehoseIngester, reading the stream on an arrival thread' : 'FirehoseIngester', () => {
      beforeEach(() => {
        arrivalThread = onThread
      })
      it('applies verified creates and deletes in order, with the cursor saved alongside, across the inline and worker verifiers', async () => {
        for (const workers of [0, 1]) {
          const alice = await repo(`alice${workers}`)
          const base = workers * 100
          source.push(base + 1, await alice.commit(base + 1, [create(FOLLOW, '3ka', follow('did:plc:bob'))]))
          source.push(base + 2, await alice.commit(base + 2, [create('app.bsky.feed.like', '3kl', { subject: { uri: 'at://x/y/z', cid: 'bafy' }, createdAt: 'x' })]))
          source.push(base + 3, await alice.commit(base + 3, [create(FOLLOW, '3kb', follow('did:plc:carol')), del(FOLLOW, '3ka')]))
          const { handler } = recordHandler()
          await start(handler, { verifyWorkers: workers })
          await until('the cursor at the last event', async () => (await savedCursor()) === base + 3)
          expect((await records()).filter((r) => r.uri.includes(alice.did))).toEqual([{ uri: `at://${alice.did}/${FOLLOW}/3kb`, subject: 'did:plc:carol' }])
          expect(ingester!.stats.verified).toBe(2) // the like was never verified: not ours
          const state = await database.db.selectFrom('repo_state').selectAll().where('did', '=', alice.did).executeTakeFirstOrThrow()
          expect(state.needsResync).toBe(0)
          await ingester!.destroy()
        }
      })

      it('moves the cursor past a run of frames it drops unread, to the last of them', async () => {
        const alice = await repo('runner')
        const like = (rkey: string) => create('app.bsky.feed.like', rkey, { subject: { uri: 'at://x/y/z', cid: 'bafy' }, createdAt: 'x' })
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:bob'))]))
        for (let seq = 2; seq <= 40; seq++) source.push(seq, await alice.commit(seq, [like(`3kl${seq}`)]))
        await start(recordHandler().handler)
        await until('the cursor at the last dropped frame', async () => (await savedCursor()) === 40)
        source.push(41, await alice.commit(41, [create(FOLLOW, '3kb', follow('did:plc:carol'))]))
        await until('the event after the run', async () => (await savedCursor()) === 41)
        expect(await records()).toHaveLength(2)
      })

      it('drops on the raw record (keepRaw) without decoding, and still applies a delete or a kept op in the same commit', async () => {
        const alice = await repo('rawalice')
        const { handler } = recordHandler()
        const asked: string[] = []
        // Records naming "dropme" are dropped on their bytes, as the appview drops the network's likes.
        handler.keepRaw = (op, record) => {
          asked.push(`${op.action} ${op.rkey}`)
          return !Buffer.from(record).includes('dropme')
        }
        await pushDropmeHistory(alice)
        await start(handler)
        await until('the cursor at 4', async () => (await savedCursor()) === 4)
        expect(await records()).toEqual([{ uri: `at://${alice.did}/${FOLLOW}/3kd`, subject: 'did:plc:also' }])
        // Commit 2 was dropped whole, unverified; 1, 3 and 4 kept something and were verified.
        expect(ingester!.stats.verified).toBe(3)
        expect(asked).toContain('create 3kb')
        expect(await deadLetters()).toEqual([])
      })

      it('drops on arrival (dropOnArrival) what is dropped whatever comes before it: never queued, nor judged again', async () => {
        const alice = await repo('arrivals')
        const { handler, seen } = recordHandler()
        const arrived: string[] = []
        const judged: string[] = []
        handler.dropOnArrival = (op, record) => {
          arrived.push(`${op.action} ${op.rkey}`)
          return Buffer.from(record).includes('dropme')
        }
        handler.keepRaw = (op) => (judged.push(`${op.action} ${op.rkey}`), true)
        await pushDropmeHistory(alice)
        await start(handler)
        await until('the cursor at 4', async () => (await savedCursor()) === 4)
        // Every write of ours was shown to the rule as it arrived, in stream order (a delete has no record to show).
        expect(arrived).toEqual(['create 3ka', 'create 3kb', 'create 3kc', 'create 3kd', 'create 3ke'])
        // Commit 2 went no further; 3 and 4 held something the arrival could not drop, and were judged with their batch.
        expect(judged).not.toContain('create 3kb')
        expect(judged).toEqual(expect.arrayContaining(['create 3kc', 'create 3ke']))
        expect(seen.map((e) => e.seq)).not.toContain(2)
        // The arrival's answer is a first look only: what the batch's rules keep of 3 and 4 is applied.
        expect(await records()).toEqual([
          { uri: `at://${alice.did}/${FOLLOW}/3kc`, subject: 'did:plc:dropme' },
          { uri: `at://${alice.did}/${FOLLOW}/3kd`, subject: 'did:plc:also' },
          { uri: `at://${alice.did}/${FOLLOW}/3ke`, subject: 'did:plc:dropme' },
        ])
        expect(ingester!.stats.verified).toBe(3)
      })

      it('drops by a rule that needs only the record (arrivalDrops) before anything of the service is asked', async () => {
        const alice = await repo('stateless')
        const { handler, seen } = recordHandler()
        const arrived: string[] = []
        await pushDropmeHistory(alice)
        await start({
          ...handler,
          arrivalDrops: [{ collection: FOLLOW, path: ['subject'], keepIf: ['did:plc:kept', 'did:plc:also'] }],
          dropOnArrival: (op) => (arrived.push(`${op.action} ${op.rkey}`), false),
        })
        await until('the cursor at 4', async () => (await savedCursor()) === 4)
        // Commit 2 follows only someone the rule drops: the service's own arrival rule never saw it.
        expect(arrived).toEqual(['create 3ka', 'create 3kc', 'create 3kd', 'create 3ke'])
        expect(seen.map((e) => e.seq)).not.toContain(2)
        // A commit with something the rule keeps, or cannot judge (a delete), goes on whole: its batch's rules decide.
        expect((await records()).map((r) => r.subject)).toEqual(['did:plc:dropme', 'did:plc:also', 'did:plc:dropme'])
        expect(ingester!.stats.verified).toBe(3)
      })

      it('does not drop on arrival while a commit of ours it could not read so waits ahead (the rule has not seen it)', async () => {
        const alice = await repo('unreadahead')
        const { handler } = recordHandler()
        const arrived: string[] = []
        handler.dropOnArrival = (op, record) => (arrived.push(op.rkey), Buffer.from(record).includes('dropme'))
        // On the arrival thread, the same by a set rule (it drops any follow of someone else).
        Object.assign(handler, { arrivalSets: dropFollowsOfOthers() })
        // Its header holds a key the usual one does not ({t, x, op}): read in full, not peeked raw, on arrival.
        const usual = await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:unread'))])
        const header = new Uint8Array([0xa3, 0x61, 0x74, 0x67, ...new TextEncoder().encode('#commit'), 0x61, 0x78, 0x00, 0x62, 0x6f, 0x70, 0x01])
        source.push(1, new Uint8Array([...header, ...usual.subarray(15)]))
        source.push(2, await alice.commit(2, [create(FOLLOW, '3kb', follow('did:plc:dropme-behind'))]))
        await start(handler)
        await until('the cursor at 2', async () => (await savedCursor()) === 2)
        // Once it is judged, the rule's answer counts again.
        source.push(3, await alice.commit(3, [create(FOLLOW, '3kc', follow('did:plc:dropme-after'))]))
        await until('the cursor at 3', async () => (await savedCursor()) === 3)
        expect((await records()).map((r) => r.subject)).toEqual(['did:plc:unread', 'did:plc:dropme-behind'])
        // An arrival thread's set rules count again too: commit 3 went no further than that thread.
        expect(arrived.includes('3kc')).toBe(!arrivalThread)
      })

      it('drops by the service\'s sets (arrivalSets) what its rules would, counting what arrives ahead and what the service adds', async () => {
        const alice = await repo('setrules')
        const carol = await repo('setcarol')
        const bob = await repo('setbob')
        const { handler: follows, seen } = recordHandler()
        // The service's rules: a follow of someone it knows, or someone whose person record arrived ahead
        // of it; a follow's delete by someone a follow of whom it kept.
        const people = new Set(['did:plc:known'])
        const actors = new Set<string>()
        const sets = new ArrivalSets()
          .rule({ collection: FOLLOW, path: ['subject'], keepIfIn: 'people', deletesKeptIfRepoIn: ['actors'], keptRepoJoins: 'actors' })
          .grows({ collection: PERSON, set: 'people', path: 'repo' })
        sets.add('people', 'did:plc:known')
        const arrived: string[] = []
        const asked: string[] = []
        const handler: IngestHandler = {
          ...follows,
          collections: [FOLLOW, PERSON],
          arrivalSets: sets,
          dropOnArrival: (op, record) => {
            arrived.push(op.rkey)
            if (op.collection === FOLLOW) return !people.has((decode(record) as { subject: string }).subject)
            people.add(op.did)
            return false
          },
          keep: (op) => {
            asked.push(`${op.action} ${op.rkey}`)
            // (What dropOnArrival notes is its own: it is not asked of what the arrival thread judged.)
            if (op.collection === PERSON) return people.add(op.did), true
            if (op.action === 'delete') return actors.has(op.did)
            if (!people.has((op.record as { subject: string }).subject)) return false
            actors.add(op.did)
            return true
          },
        }
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:known'))]))
        source.push(2, await alice.commit(2, [create(FOLLOW, '3kb', follow('did:plc:stranger'))]))
        source.push(3, await carol.commit(3, [create(PERSON, 'self', { name: 'carol' })]))
        source.push(4, await alice.commit(4, [create(FOLLOW, '3kc', follow(carol.did))]))
        await start(handler)
        await until('the cursor at 4', async () => (await savedCursor()) === 4)
        // Someone the service learns of on its own (an enrolment): from then on, follows of them are kept.
        people.add('did:plc:late')
        sets.add('people', 'did:plc:late')
        await new Promise((r) => setImmediate(r))
        source.push(5, await alice.commit(5, [create(FOLLOW, '3kd', follow('did:plc:late'))]))
        source.push(6, await alice.commit(6, [create(FOLLOW, '3ke', follow('did:plc:stranger'))]))
        // Alice undoes a follow she made (kept); bob, whose follows were never kept, one of his (dropped).
        source.push(7, await alice.commit(7, [del(FOLLOW, '3ka')]))
        await bob.commit(0, [create(FOLLOW, '3kz', follow('did:plc:stranger'))]) // (made before: not on the stream)
        source.push(8, await bob.commit(8, [del(FOLLOW, '3kz')]))
        await until('the cursor at 8', async () => (await savedCursor()) === 8)
        expect((await records()).map((r) => r.subject)).toEqual([carol.did, 'did:plc:late'])
        expect(seen.map((e) => e.seq)).toEqual([1, 3, 4, 5, 7])
        // On the arrival thread the strangers' follows and bob's delete never reached this one (nor was
        // dropOnArrival asked of what the thread judged); without it, dropOnArrival dropped the follows
        // and the keep rule the delete.
        expect(arrived).toEqual(arrivalThread ? [] : ['3ka', '3kb', 'self', '3kc', '3kd', '3ke'])
        expect(asked.filter((a) => a.startsWith('create'))).toEqual(['create 3ka', 'create self', 'create 3kc', 'create 3kd'])
        expect(asked.includes('delete 3kz')).toBe(!arrivalThread)
        expect(asked).toContain('delete 3ka')
      })

      it.skipIf(!onThread)('holds a restarted arrival thread\'s set rules until what the one that died passed on is judged', async () => {
        const alice = await repo('restarted')
        const { handler: follows } = recordHandler()
        const actors = new Set<string>()
        const sets = new ArrivalSets().rule({ collection: FOLLOW, path: ['subject'], keepIfIn: 'people', deletesKeptIfRepoIn: ['actors'], keptRepoJoins: 'actors' })
        sets.add('people', 'did:plc:known')
        // The first batch is held in its transaction until released: what arrives meanwhile waits, unjudged.
        let release!: () => void
        const gate = new Promise<void>((r) => (release = r))
        let holding = false
        const handler: IngestHandler = {
          ...follows,
          arrivalSets: sets,
          dropOnArrival: () => false,
          keep: (op) => {
            if (op.action === 'delete') return actors.has(op.did)
            if ((op.record as { subject: string }).subject !== 'did:plc:known') return false
            actors.add(op.did)
            return true
          },
          applyBatch: async (batch) => {
            if (batch.events.some((e) => e.seq === 1)) {
              holding = true
              await gate
            }
            await follows.applyBatch(batch)
          },
        }
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:known'))]))
        await start(handler, { maxBatch: 1 })
        onTestFinished(() => release())
        await until('the first batch held', () => holding)
        // Alice's second follow reaches the ingester and waits; the thread that passed it on (noting her
        // as someone whose deletes count) dies, and a new one reads on after it.
        source.push(2, await alice.commit(2, [create(FOLLOW, '3kb', follow('did:plc:known'))]))
        await until('frame 2 received', () => ingester!.stats.headSeq === 2)
        await (ingester as unknown as { arrivalThread: { worker: { terminate(): Promise<number> } } }).arrivalThread.worker.terminate()
        const connects = source.cursors.length
        await until('the new thread connected', () => source.cursors.length > connects)
        expect(source.cursors.at(-1)).toBe(2)
        // Her delete of it: the new thread knows nothing of her yet, and must not drop it.
        source.push(3, await alice.commit(3, [del(FOLLOW, '3kb')]))
        await until('frame 3 received', () => ingester!.stats.headSeq === 3)
        release()
        await until('the cursor at 3', async () => (await savedCursor()) === 3)
        expect((await records()).map((r) => r.uri)).toEqual([`at://${alice.did}/${FOLLOW}/3ka`])
      })

      it('reads no further than the stream\'s first frame while a backfill finds its repos, then everything', async () => {
        const alice = await repo('discovered')
        await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:imported'))])
        source.host(alice)
        source.relay = true
        let release!: () => void
        source.holdDiscovery = new Promise<void>((r) => (release = r))
        const { handler } = recordHandler()
        await start(handler, { backfill: 'always' })
        await until('the live socket', () => source.cursors.length > 0)
        const bob = await repo('livebob')
        for (const seq of [2, 3, 4]) source.push(seq, await bob.commit(seq, [create(FOLLOW, `3k${seq}`, follow(`did:plc:live${seq}`))]))
        await until('the first frame', () => ingester!.stats.headSeq !== undefined)
        // Its position taken, the socket stops reading while the relay is asked for repos (the frame may
        // come before the asking begins: it waits for the connection).
        await until('the relay asked for repos', async () => (await ingester!.status()).backfill.state === 'discovering')
        expect((await ingester!.status()).paused).toBe(true)
        release()
        await until('the cursor at 4', async () => (await savedCursor()) === 4)
        expect((await ingester!.status()).paused).toBe(false)
        expect((await records()).map((r) => r.subject)).toEqual(['did:plc:imported', 'did:plc:live2', 'did:plc:live3', 'did:plc:live4'])
      })

      it('does not drop on arrival while a backfill imports (what arrives then comes after what it imports)', async () => {
        const alice = await repo('backfilled')
        await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:imported'))])
        source.host(alice)
        source.relay = true
        let release!: () => void
        source.holdRepos = new Promise<void>((r) => (release = r))
        const { handler } = recordHandler()
        handler.dropOnArrival = (_op, record) => Buffer.from(record).includes('dropme')
        Object.assign(handler, { arrivalSets: dropFollowsOfOthers() })
        await start(handler, { backfill: 'always' })
        // Sent while alice's import is held (by someone the backfill does not import): the rule would
        // drop it, but not before the import is done.
        const bob = await repo('livebob')
        await until('the live socket', () => source.cursors.length > 0)
        source.push(2, await bob.commit(2, [create(FOLLOW, '3kb', follow('did:plc:dropme-live'))]))
        await until('frame 2 received', () => ingester!.stats.headSeq === 2)
        release()
        await until('the cursor at 2', async () => (await savedCursor()) === 2)
        // After the backfill, the rule's answer counts again.
        source.push(3, await bob.commit(3, [create(FOLLOW, '3kc', follow('did:plc:dropme-later'))]))
        await until('the cursor at 3', async () => (await savedCursor()) === 3)
        expect((await records()).map((r) => r.subject)).toEqual(['did:plc:imported', 'did:plc:dropme-live'])
      })

      it('drops what the source sends again, and resumes after a restart from the saved cursor', async () => {
        const alice = await repo('replay')
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:bob'))]))
        const { handler, seen } = recordHandler()
        await start(handler)
        await until('the first event', async () => (await savedCursor()) === 1)
        source.push(1, source.frames[0]!.bytes) // the PDS re-sending at the head
        source.push(2, await alice.commit(2, [create(FOLLOW, '3kb', follow('did:plc:carol'))]))
        await until('the second event', async () => (await savedCursor()) === 2)
        expect(seen.map((e) => e.seq)).toEqual([1, 2])
        expect(ingester!.stats.replaysDropped).toBe(1)
        await ingester!.destroy()
        source.push(3, await alice.commit(3, [create(FOLLOW, '3kc', follow('did:plc:dave'))]))
        await start(recordHandler().handler)
        await until('the event written while stopped', async () => (await savedCursor()) === 3)
        expect(source.cursors.at(-1)).toBe(2)
        expect(await records()).toHaveLength(3)
      })

      it('keeps the DID documents it verified with: a restart looks no repo up again, except one an #identity event changed', async () => {
        const alice = await repo('keeper')
        const bob = await repo('keeperb')
        const didLookups = () => source.lookups.filter((path) => path.startsWith('did:'))
        const kept = async () => (await database.db.selectFrom('did_document').select('did').orderBy('did').execute()).map((r) => r.did)
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:one'))]))
        source.push(2, await bob.commit(2, [create(FOLLOW, '3kb', follow('did:plc:two'))]))
        await start(recordHandler().handler, { cacheDids: true })
        await until('both commits', async () => (await savedCursor()) === 2)
        expect(didLookups().sort()).toEqual([alice.did, bob.did].sort())
        // Written with a batch: the one after them, or the next one.
        source.push(3, await alice.commit(3, [create(FOLLOW, '3kc', follow('did:plc:three'))]))
        await until('the documents kept', async () => (await kept()).length === 2)
        await ingester!.destroy()

        const before = didLookups().length
        source.push(4, await alice.commit(4, [create(FOLLOW, '3kd', follow('did:plc:four'))]))
        source.push(5, frame('#identity', { seq: 5, did: bob.did, time: '2026-01-01T00:00:00.000Z' }))
        await start(recordHandler().handler, { cacheDids: true })
        await until('the identity event', async () => (await savedCursor()) === 5)
        expect(didLookups().length).toBe(before) // alice's key came from the kept document
        expect(await kept()).toEqual([alice.did]) // bob's went with his #identity event
        source.push(6, await bob.commit(6, [create(FOLLOW, '3ke', follow('did:plc:six'))]))
        await until('the commit after it', async () => (await savedCursor()) === 6)
        expect(didLookups().slice(before)).toEqual([bob.did])
        expect((await ingester!.status()).didDocuments).toEqual({ fetched: 1, kept: 1 })
        expect(await records()).toHaveLength(5)
      })

      it('files a commit signed by the wrong key as a dead letter (after checking the key once more) and goes on', async () => {
        const alice = await repo('forged')
        const mallory = await Secp256k1Keypair.create()
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:forged'))], mallory))
        source.push(2, await alice.commit(2, [create(FOLLOW, '3kb', follow('did:plc:real'))]))
        await start(recordHandler().handler)
        await until('the cursor past both', async () => (await savedCursor()) === 2)
        expect(await records()).toEqual([{ uri: `at://${alice.did}/${FOLLOW}/3kb`, subject: 'did:plc:real' }])
        expect(await deadLetters()).toEqual([{ seq: 1, reason: 'BadSignature', subject: `at://${alice.did}/${FOLLOW}/3ka` }])
      })

      it('follows a rotated key: a commit that fails against the cached key passes against the fresh one', async () => {
        const alice = await repo('rotates')
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:one'))]))
        await start(recordHandler().handler)
        await until('the first event', async () => (await savedCursor()) === 1)
        const rotated = await Secp256k1Keypair.create()
        source.docs.set(alice.did, alice.didDoc(rotated)) // no #identity event: only the retry can notice
        source.push(2, await alice.commit(2, [create(FOLLOW, '3kb', follow('did:plc:two'))], rotated))
        await until('the commit under the new key', async () => (await savedCursor()) === 2)
        expect(await records()).toHaveLength(2)
        expect(await deadLetters()).toEqual([])
      })

      it('verifies what it will surely keep as it arrives; a forged commit, a rotated key or a changed identity is judged by its batch', async () => {
        const alice = await repo('earlybird')
        const mallory = await Secp256k1Keypair.create()
        // Slow batches: commit 5 surely arrives while the #identity event before it is not applied yet
        // (the two may come in separate reads of the socket).
        const { handler } = recordHandler({ slowMs: 200 })
        handler.willKeep = () => true
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:one'))]))
        source.push(2, await alice.commit(2, [create(FOLLOW, '3kb', follow('did:plc:forged'))], mallory))
        await start(handler, { cacheDids: true })
        await until('the cursor past both', async () => (await savedCursor()) === 2)
        expect(ingester!.stats.verifiedEarly).toBe(1)
        // A key rotated with no #identity event: the early check fails against the cached key, the batch's passes against the fresh one.
        const rotated = await Secp256k1Keypair.create()
        source.docs.set(alice.did, alice.didDoc(rotated))
        source.push(3, await alice.commit(3, [create(FOLLOW, '3kc', follow('did:plc:three'))], rotated))
        await until('the commit under the new key', async () => (await savedCursor()) === 3)
        // After an #identity event, the repo's next commit waits for its batch (which sees the event applied first).
        source.push(4, frame('#identity', { seq: 4, did: alice.did, time: '2026-01-01T00:00:00.000Z' }))
        source.push(5, await alice.commit(5, [create(FOLLOW, '3kd', follow('did:plc:five'))], rotated))
        await until('the commit after the identity event', async () => (await savedCursor()) === 5)
        expect((await records()).map((r) => r.subject)).toEqual(['did:plc:one', 'did:plc:three', 'did:plc:five'])
        expect(await deadLetters()).toEqual([{ seq: 2, reason: 'BadSignature', subject: `at://${alice.did}/${FOLLOW}/3kb` }])
        expect(ingester!.stats).toMatchObject({ verified: 4, verifiedEarly: 1 })
      })

      it('waits while the DID directory is down, holding the cursor below the event, and loses nothing', async () => {
        const alice = await repo('patient')
        source.plcDown = true
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:bob'))]))
        await start(recordHandler().handler)
        await new Promise((r) => setTimeout(r, 1500))
        expect(await savedCursor()).toBe(0)
        expect(await records()).toEqual([])
        source.plcDown = false
        await until('the event once the directory is back', async () => (await savedCursor()) === 1, 30_000)
        expect(await records()).toHaveLength(1)
        expect(await deadLetters()).toEqual([])
      })

      it('files an event its handler calls unprocessable, applies the rest of the batch, and retries a failing batch', async () => {
        const alice = await repo('batches')
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:poison'))]))
        source.push(2, await alice.commit(2, [create(FOLLOW, '3kb', follow('did:plc:fine'))]))
        // Broken about a follow, and broken so that nobody can tell what it is about: both set aside.
        source.push(3, frame('#commit', { seq: 3, repo: alice.did, ops: [{ action: 'create', path: `${FOLLOW}/3kc`, cid: 'not a CID' }] }))
        source.push(4, frame('#commit', { seq: 4, repo: alice.did, rev: 'x', time: 't', ops: 'garbage' }))
        // Broken, but plainly about a like (not ours): dropped without being judged, like any like.
        source.push(5, frame('#commit', { seq: 5, repo: alice.did, rev: 'x', time: 't', ops: [{ action: 'create', path: 'app.bsky.feed.like/3kx', cid: 'not a CID' }] }))
        await start(recordHandler({ poison: 'did:plc:poison', failTimes: 2 }).handler)
        await until('the cursor past everything', async () => (await savedCursor()) === 5, 20_000)
        expect(await records()).toEqual([{ uri: `at://${alice.did}/${FOLLOW}/3kb`, subject: 'did:plc:fine' }])
        expect(await deadLetters()).toEqual([
          { seq: 1, reason: 'UnprocessableEventError', subject: `at://${alice.did}/${FOLLOW}/3ka` },
          { seq: 3, reason: 'MalformedFrame', subject: alice.did },
          { seq: 4, reason: 'MalformedFrame', subject: alice.did },
        ])
        const letter = await database.db.selectFrom('dead_letter').select(['frame', 'detail']).where('seq', '=', 1).executeTakeFirstOrThrow()
        expect(Buffer.from(letter.frame!).equals(Buffer.from(source.frames[0]!.bytes))).toBe(true)
        expect(letter.detail).toMatch(/not allowed/)
      })

      it('runs what a batch asked for once it committed, where another connection sees its writes, and never for a batch that rolled back', async () => {
        const alice = await repo('committed')
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:one'))]))
        const seenThen: Promise<number>[] = []
        let attempts = 0
        const { handler } = recordHandler({ failTimes: 2, afterCommit: () => seenThen.push(records().then((r) => r.length)) })
        const counted: IngestHandler = { ...handler, applyBatch: (batch) => (attempts++, handler.applyBatch(batch)) }
        await start(counted)
        await until('the cursor past the follow', async () => (await savedCursor()) === 1, 20_000)
        expect(attempts).toBe(3)
        expect(await Promise.all(seenThen)).toEqual([1])
      })

      it('drops the ops its repo-level keep rule refuses before decoding anything of the commit', async () => {
        const alice = await repo('participant')
        const bob = await repo('bystander')
        const asked: string[] = []
        const { handler } = recordHandler()
        handler.mayKeep = (collection, did) => {
          asked.push(`${collection} ${did}`)
          return did === alice.did
        }
        source.push(1, await bob.commit(1, [create(FOLLOW, '3ka', follow('did:plc:x'))]))
        // Bob's broken commit would be a dead letter if it were decoded: the rule drops it first.
        source.push(2, frame('#commit', { seq: 2, repo: bob.did, rev: 'x', time: 't', ops: [{ action: 'create', path: `${FOLLOW}/3kb`, cid: 'not a CID' }] }))
        source.push(3, await alice.commit(3, [create(FOLLOW, '3kc', follow('did:plc:y'))]))
        await start(handler)
        await until('the cursor past everything', async () => (await savedCursor()) === 3)
        expect(await records()).toEqual([{ uri: `at://${alice.did}/${FOLLOW}/3kc`, subject: 'did:plc:y' }])
        expect(await deadLetters()).toEqual([])
        expect(asked).toEqual([`${FOLLOW} ${bob.did}`, `${FOLLOW} ${bob.did}`, `${FOLLOW} ${alice.did}`])
        expect(ingester!.stats.verified).toBe(1)
      })

      it('looks up the keys of commits it will surely keep as they are queued, and never those of commits its keep rule drops', async () => {
        const alice = await repo('keptearly')
        const bob = await repo('droppedlate')
        const { handler } = recordHandler()
        handler.willKeep = (_collection, did) => did === alice.did
        // Bob's follow is dropped by the record-level rule, after decoding: no directory request for him.
        handler.keep = (op) => op.did !== bob.did
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:x'))]))
        source.push(2, await bob.commit(2, [create(FOLLOW, '3kb', follow('did:plc:y'))]))
        source.push(3, await alice.commit(3, [create(FOLLOW, '3kc', follow('did:plc:z'))]))
        await start(handler)
        await until('the cursor past everything', async () => (await savedCursor()) === 3)
        expect((await records()).map((r) => r.subject)).toEqual(['did:plc:x', 'did:plc:z'])
        // Alice's document once (the early look-up and her batch share it), Bob's never.
        expect(source.lookups.filter((path) => path.startsWith('did:'))).toEqual([alice.did])
      })

      it('does not apply a commit older than the rev it holds for the repo', async () => {
        const alice = await repo('stale')
        const old = await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:old'))])
        await database.db.insertInto('repo_state').values({ did: alice.did, rev: 'zzzzzzzzzzzzz', needsResync: 0, updatedAt: 'x' }).execute()
        source.push(1, old)
        await start(recordHandler().handler)
        await until('the cursor past it', async () => (await savedCursor()) === 1)
        expect(await records()).toEqual([])
        expect(ingester!.stats.staleCommits).toBe(1)
      })

      it('marks a repo for re-sync on a #sync with a newer rev', async () => {
        const alice = await repo('resync')
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:x'))]))
        source.push(2, await alice.sync(2))
        await start(recordHandler().handler)
        await until('the sync applied', async () => (await savedCursor()) === 2)
        // Same rev as the commit we applied: nothing to re-import.
        expect(await database.db.selectFrom('repo_state').select('needsResync').where('did', '=', alice.did).executeTakeFirstOrThrow()).toEqual({ needsResync: 0 })
        const bob = await repo('resyncb')
        await bob.commit(0, [create(FOLLOW, '3kb', follow('did:plc:y'))]) // a commit we never saw
        source.push(3, await bob.sync(3))
        await until('the second sync applied', async () => (await savedCursor()) === 3)
        expect(await database.db.selectFrom('repo_state').select('needsResync').where('did', '=', bob.did).executeTakeFirstOrThrow()).toEqual({ needsResync: 1 })
      })

      it('pauses the socket while its queue is full and still applies everything, in order', async () => {
        const alice = await repo('flood')
        for (let seq = 1; seq <= 60; seq++) source.push(seq, await alice.commit(seq, [create(FOLLOW, `3k${String(seq).padStart(4, '0')}`, follow('did:plc:x'))]))
        const { handler, seen } = recordHandler({ slowMs: 30 })
        await start(handler, { maxQueuedEvents: 6, maxBatch: 3 })
        await until('a paused socket', async () => (await ingester!.status()).paused)
        await until('everything applied', async () => (await savedCursor()) === 60, 30_000)
        expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1))
        expect(await records()).toHaveLength(60)
      })

      it('lets the events its rules drop ride along in a batch: a batch is bounded by the events it applies, not by those it drops', async () => {
        const alice = await repo('ridealong')
        const like = (seq: number) => create('app.bsky.feed.like', `3kl${seq}`, { subject: { uri: 'at://x/y/z', cid: 'bafy' }, createdAt: 'x' })
        // 33 events, 3 of them ours: with at most 2 applied a batch, dropped ones no longer cost a transaction each.
        for (let seq = 1; seq <= 33; seq++) source.push(seq, await alice.commit(seq, [seq % 11 === 0 ? create(FOLLOW, `3kf${seq}`, follow('did:plc:x')) : like(seq)]))
        const { handler, seen } = recordHandler()
        await start(handler, { maxBatch: 2 })
        await until('everything applied', async () => (await savedCursor()) === 33)
        expect(seen.map((e) => e.seq)).toEqual([11, 22, 33])
        expect(ingester!.stats.batches).toBeLessThan(10) // 17 when every event counted against the batch
      })

      it('starts over from seq 0 when the source says the cursor is in its future', async () => {
        const alice = await repo('future')
        await database.db.insertInto('ingest_cursor').values({ stream: 'firehose', cursor: 500, updatedAt: 'x' }).execute()
        source.push(1, await alice.commit(1, [create(FOLLOW, '3ka', follow('did:plc:x'))]))
        await start(recordHandler().handler)
        await until('a subscription', () => source.cursors.length > 0)
        source.broadcast(frame('error', { error: 'FutureCursor', message: 'Cursor in the future.' }))
        await until('the event after the reset', async () => (await records()).length === 1, 15_000)
        expect(source.cursors).toContain(0)
        expect(await savedCursor()).toBe(1)
      })
    })
  }
})
