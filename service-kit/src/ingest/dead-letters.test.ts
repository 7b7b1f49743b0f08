import { describe, expect, it } from 'vitest'
import { ingestCursorMigration } from '../db/cursor-store'
import { Database } from '../db/database'
import { deadLetterSummary, fileDeadLetters, replayDeadLetters } from './dead-letters'
import { ingestPipelineMigration } from './migration'
import type { IngestSchema } from './schema'
import { describeEngines } from '../testing'

const letter = { did: 'did:plc:x', subject: 'at://did:plc:x/app.framewright.likeness.grant/not-self', reason: 'UnprocessableEventError', detail: 'rkey must be "self"', frame: null }

describeEngines('dead letters', (engine) => {
  describe('fileDeadLetters', () => {
    it('files the same failure of the same record once, however often a re-import meets it, keeping the stream\'s seq', async () => {
      const db = engine.open<IngestSchema>({ '001': ingestCursorMigration, '002': ingestPipelineMigration })
      await db.migrateToLatest()
      try {
        expect(await deadLetterSummary(db.db)).toEqual({ count: 0, recent: [] })
        await fileDeadLetters(db.db, [{ ...letter, seq: null }]) // met first by a backfill import
        await fileDeadLetters(db.db, [{ ...letter, seq: 41 }]) // then on the stream
        await fileDeadLetters(db.db, [{ ...letter, seq: null }]) // and by a re-sync
        await fileDeadLetters(db.db, [{ ...letter, seq: 50, detail: 'another failure' }])
        const { count, recent } = await deadLetterSummary(db.db)
        expect(count).toBe(2)
        expect(recent.map((l) => [l.seq, l.detail])).toEqual([[50, 'another failure'], [41, 'rkey must be "self"']])
        // The count is of the whole table, not of the letters listed.
        expect((await deadLetterSummary(db.db, 1)).count).toBe(2)
        const rows = await db.db.selectFrom('dead_letter').select(['attempts']).orderBy('id').execute()
        expect(rows.map((r) => r.attempts)).toEqual([3, 1])
      } finally {
        await db.close()
      }
    })
  })

  describe('replayDeadLetters', () => {
    it('marks the chosen letters\' repos for re-import and takes them off, in one go; letters naming no repo stay', async () => {
      const db = engine.open<IngestSchema>({ '001': ingestCursorMigration, '002': ingestPipelineMigration })
      await db.migrateToLatest()
      try {
        await db.db.insertInto('repo_state').values({ did: 'did:plc:x', rev: '3kheld', needsResync: 0, updatedAt: 't' }).execute()
        await fileDeadLetters(db.db, [
          { ...letter, seq: 1 },
          { ...letter, seq: 2, subject: 'at://did:plc:x/app.framewright.video.post/1', detail: 'another' },
          { ...letter, seq: 3, did: 'did:plc:y', subject: 'at://did:plc:y/app.framewright.video.post/1' },
          { ...letter, seq: 4, did: 'did:plc:z', subject: 'at://did:plc:z/app.framewright.video.post/1' },
          { seq: 5, did: null, subject: null, reason: 'BadFrame', detail: 'not DAG-CBOR', frame: new Uint8Array([1]) },
        ])
        const ids = (await db.db.selectFrom('dead_letter').select(['id', 'seq']).orderBy('id').execute()).map((l) => l.id)
        // Not z's: only the ids asked for.
        expect(await replayDeadLetters(db.db, { ids: [ids[0]!, ids[1]!, ids[2]!, ids[4]!] })).toEqual({ replayed: 3, repos: ['did:plc:x', 'did:plc:y'], kept: 1 })
        const left = await db.db.selectFrom('dead_letter').select(['seq']).orderBy('seq').execute()
        expect(left.map((l) => Number(l.seq))).toEqual([4, 5])
        const marks = await db.db.selectFrom('repo_state').select(['did', 'rev', 'needsResync']).orderBy('did').execute()
        // A held rev is kept (the import compares against it); a repo never imported starts below every rev.
        expect(marks).toEqual([
          { did: 'did:plc:x', rev: '3kheld', needsResync: 1 },
          { did: 'did:plc:y', rev: '', needsResync: 1 },
        ])
        expect(await replayDeadLetters(db.db)).toEqual({ replayed: 1, repos: ['did:plc:z'], kept: 1 })
        expect(await replayDeadLetters(db.db, { ids: [] })).toEqual({ replayed: 0, repos: [], kept: 0 })
      } finally {
        await db.close()
      }
    })
  })
})
