import { afterEach, beforeEach, expect, it } from 'vitest'
import { Database } from '../db/database'
import type { FirehoseEvent } from '../ingest/events'
import { UnprocessableEventError } from '../ingest/ingester'
import { describeEngines } from '../testing'
import { GraphWrites } from './graph-writes'
import { VideoGraphIndexer } from './indexer'
import { videoGraphMigration } from './migration'
import { Participants, participantsMigration } from './participants'
import type { VideoGraphSchema } from './schema'

const ALICE = 'did:plc:aliceaaaaaaaaaaaaaaaaaaa'
const uri = (rkey: string) => `at://${ALICE}/app.bsky.graph.follow/${rkey}`

/** `+rkey>subject` follows someone, `-rkey` deletes the follow. */
function follow(step: string): FirehoseEvent {
  const rkey = step.slice(1).split('>')[0]!
  const base = { seq: 1, time: '', did: ALICE, rev: '3k', collection: 'app.bsky.graph.follow', rkey, uri: uri(rkey) }
  if (step.startsWith('-')) return { ...base, event: 'delete' }
  const subject = step.split('>')[1]!
  return { ...base, event: 'create', cid: 'bafyreifollow', record: { $type: 'app.bsky.graph.follow', subject, createdAt: '2026-01-01T00:00:00.000Z' } }
}

/** Held before the batch, the batch's events (one transaction), what is held after and what each event reported changed. */
const cases: { name: string; held: string[]; batch: string[]; after: string[]; changed: (string | undefined)[] }[] = [
  { name: 'created then deleted in one batch ends deleted', held: [], batch: ['+a>did:plc:bob', '-a'], after: [], changed: ['did:plc:bob', 'did:plc:bob'] },
  { name: 'deleted then made again ends present, as made again', held: ['+a>did:plc:bob'], batch: ['-a', '+a>did:plc:carol'], after: ['a did:plc:carol'], changed: ['did:plc:bob', 'did:plc:carol'] },
  { name: 'the same follow written twice ends as the second write', held: [], batch: ['+a>did:plc:bob', '+a>did:plc:carol'], after: ['a did:plc:carol'], changed: ['did:plc:bob', 'did:plc:carol'] },
  { name: 'a held follow deleted names its subject', held: ['+a>did:plc:bob', '+b>did:plc:carol'], batch: ['-a'], after: ['b did:plc:carol'], changed: ['did:plc:bob'] },
  { name: 'a delete of a follow never held changes nothing', held: ['+b>did:plc:carol'], batch: ['-a'], after: ['b did:plc:carol'], changed: [undefined] },
  { name: 'deleted twice reports once', held: ['+a>did:plc:bob'], batch: ['-a', '-a'], after: [], changed: ['did:plc:bob', undefined] },
  { name: 'a held follow written again is replaced', held: ['+a>did:plc:bob'], batch: ['+a>did:plc:carol'], after: ['a did:plc:carol'], changed: ['did:plc:carol'] },
  { name: 'made, deleted and made again', held: [], batch: ['+a>did:plc:bob', '-a', '+a>did:plc:dan', '+b>did:plc:bob'], after: ['a did:plc:dan', 'b did:plc:bob'], changed: ['did:plc:bob', 'did:plc:bob', 'did:plc:dan', 'did:plc:bob'] },
]

describeEngines('FollowBatch: a batch of follow events written together', (engine) => {
  let database: Database<VideoGraphSchema>
  let indexer: VideoGraphIndexer
  beforeEach(async () => {
    database = engine.open<VideoGraphSchema>({ '1': videoGraphMigration, '2': participantsMigration })
    await database.migrateToLatest()
    indexer = new VideoGraphIndexer(new Participants())
  })
  afterEach(() => database.close())

  const held = async () => (await database.db.selectFrom('follow').select(['uri', 'subject']).orderBy('uri').execute()).map((f) => `${f.uri.split('/').pop()} ${f.subject}`)

  for (const preloaded of [true, false]) {
    for (const c of cases) {
      it(`${c.name}${preloaded ? '' : ' (not preloaded)'}`, async () => {
        for (const step of c.held) await indexer.handle(database.db, follow(step))
        const events = c.batch.map(follow)
        const changed = await database.db.transaction().execute(async (tx) => {
          const writes = new GraphWrites()
          if (preloaded) await writes.preload(tx, events)
          const out: (string | undefined)[] = []
          for (const evt of events) {
            const change = await indexer.handle(tx, evt, writes)
            out.push(change?.kind === 'follow' ? change.subject : undefined)
          }
          // Nothing lands before the flush: the table is as it was.
          expect((await tx.selectFrom('follow').select('uri').execute()).length).toBe(c.held.length)
          await writes.flush(tx)
          return out
        })
        expect(changed).toEqual(c.changed)
        expect(await held()).toEqual(c.after)
      })
    }
  }

  it.each([
    ['a subject that is not a DID', { subject: 'bob.example', createdAt: '2026-01-01T00:00:00.000Z' }, /subject must be a valid did/],
    ['no date', { subject: 'did:plc:bob' }, /createdAt/],
  ])('a follow with %s is refused by its lexicon (a dead letter), never held', async (_name, record, why) => {
    const evt = { ...follow('+a>did:plc:bob'), record: { $type: 'app.bsky.graph.follow', ...record } } as FirehoseEvent
    const writes = new GraphWrites()
    const err = await indexer.handle(database.db, evt, writes).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UnprocessableEventError)
    expect((err as Error).message).toMatch(why)
    await writes.flush(database.db)
    expect(await held()).toEqual([])
  })

  it('a batch flushed twice writes only what changed since', async () => {
    const writes = new GraphWrites()
    await indexer.handle(database.db, follow('+a>did:plc:bob'), writes)
    await writes.flush(database.db)
    expect(await indexer.handle(database.db, follow('-a'), writes)).toMatchObject({ subject: 'did:plc:bob' })
    await writes.flush(database.db)
    expect(await held()).toEqual([])
    expect(await indexer.handle(database.db, follow('-a'), writes)).toBeUndefined()
  })
})
