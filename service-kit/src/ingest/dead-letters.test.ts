import { describe, expect, it } from 'vitest'
import { ingestCursorMigration } from '../db/cursor-store'
import { Database } from '../db/database'
import { deadLetterSummary, fileDeadLetters } from './dead-letters'
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
        await fileDeadLetters(db.db, [{ ...letter, seq: null }]) // met first by a backfill import
        await fileDeadLetters(db.db, [{ ...letter, seq: 41 }]) // then on the stream
        await fileDeadLetters(db.db, [{ ...letter, seq: null }]) // and by a re-sync
        await fileDeadLetters(db.db, [{ ...letter, seq: 50, detail: 'another failure' }])
        const { count, recent } = await deadLetterSummary(db.db)
        expect(count).toBe(2)
        expect(recent.map((l) => [l.seq, l.detail])).toEqual([[50, 'another failure'], [41, 'rkey must be "self"']])
        const rows = await db.db.selectFrom('dead_letter').select(['attempts']).orderBy('id').execute()
        expect(rows.map((r) => r.attempts)).toEqual([3, 1])
      } finally {
        await db.close()
      }
    })
  })
})
