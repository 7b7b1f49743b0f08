import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Database } from '../db/database'
import { videoGraphMigration } from './migration'
import { participantsMigration, Participants } from './participants'
import { VideoGraphIndexer } from './indexer'
import type { VideoGraphSchema } from './schema'
import { GraphWrites } from './graph-writes'
import type { FirehoseEvent } from '../ingest/events'
import { jsonToLex } from '@atproto/lexicon'
import { describeEngines } from '../testing'

const CREATOR = 'did:plc:creatoraaaaaaaaaaaaaaaaa'
const URI = `at://${CREATOR}/app.framewright.video.post/3kvideo`
const blob = { $type: 'blob', ref: { $link: 'bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy' }, mimeType: 'video/mp4', size: 1000 }

function video(kind: 'create' | 'update' | 'delete', depicts: string[] = [], extra: Record<string, unknown> = {}): FirehoseEvent {
  const base = { seq: 1, time: '', did: CREATOR, rev: '3k', collection: 'app.framewright.video.post', rkey: '3kvideo', uri: URI }
  if (kind === 'delete') return { ...base, event: 'delete' }
  const record = {
    $type: 'app.framewright.video.post',
    video: blob,
    generation: { provider: 'procedural', model: 'm', prompt: 'p', generatedAt: '2026-01-01T00:00:00.000Z', sourceType: 'ai-generated' },
    depicts: depicts.map((subject) => ({ subject })),
    createdAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  }
  return { ...base, event: kind, cid: 'bafyreivideo', record: jsonToLex(record) }
}

describeEngines('video graph', (engine) => {
  let database: Database<VideoGraphSchema>
  let indexer: VideoGraphIndexer
  beforeEach(async () => {
    database = engine.open<VideoGraphSchema>({ '1': videoGraphMigration, '2': participantsMigration })
    await database.migrateToLatest()
    indexer = new VideoGraphIndexer(new Participants())
  })
  afterEach(() => database.close())

  const rows = async () => ({
    videos: (await database.db.selectFrom('video').select(['uri', 'text']).execute()).map((v) => `${v.uri} ${v.text}`),
    depictions: (await database.db.selectFrom('depiction').select('subject').orderBy('subject').execute()).map((d) => d.subject),
  })

  describe('VideoBatch: a batch of video events written together', () => {
    it('writes nothing until flushed, then the last state of each video; events in between see each other', async () => {
      const batch = new GraphWrites()
      await batch.videos.preload(database.db, [URI])
      const created = await indexer.handle(database.db, video('create', ['did:plc:a']), batch)
      expect(created).toMatchObject({ kind: 'video', deleted: false, subjects: ['did:plc:a'] })
      expect((await rows()).videos).toEqual([])
      expect(batch.videos.hasVideoBy(CREATOR)).toBe(true)
      // An update in the same batch sees the create as its "before".
      const updated = await indexer.handle(database.db, video('update', ['did:plc:b'], { text: 'edited' }), batch)
      expect(updated).toMatchObject({ subjects: ['did:plc:a', 'did:plc:b'] })
      await batch.flush(database.db)
      expect(await rows()).toEqual({ videos: [`${URI} edited`], depictions: ['did:plc:b'] })
    })

    it('replaces what the database held, and deletes what a later event deletes', async () => {
      await indexer.handle(database.db, video('create', ['did:plc:a', 'did:plc:c']))
      expect((await rows()).depictions).toEqual(['did:plc:a', 'did:plc:c'])
      const batch = new GraphWrites()
      await batch.videos.preload(database.db, [URI])
      expect(await indexer.handle(database.db, video('update', ['did:plc:b']), batch)).toMatchObject({ subjects: ['did:plc:a', 'did:plc:c', 'did:plc:b'] })
      await batch.flush(database.db)
      expect((await rows()).depictions).toEqual(['did:plc:b'])

      const again = new GraphWrites()
      await indexer.handle(database.db, video('delete'), again)
      await again.flush(database.db)
      expect(await rows()).toEqual({ videos: [], depictions: [] })
    })

    it('an invalid update removes the video, and says so', async () => {
      await indexer.handle(database.db, video('create', ['did:plc:a']))
      const batch = new GraphWrites()
      await expect(indexer.handle(database.db, video('update', [], { generation: 'not an object' }), batch)).rejects.toMatchObject({
        name: 'InvalidGraphRecord',
        change: { deleted: true, subjects: ['did:plc:a'] },
      })
      await batch.flush(database.db)
      expect(await rows()).toEqual({ videos: [], depictions: [] })
    })

    it('tells, once flushed, what the database holds of each video it touched, without reading it back', async () => {
      const held = async () => {
        const row = await database.db.selectFrom('video').selectAll().where('uri', '=', URI).executeTakeFirst()
        const subjects = (await database.db.selectFrom('depiction').select('subject').where('videoUri', '=', URI).orderBy('subject').execute()).map((d) => d.subject)
        return { row, subjects: row ? subjects : [] }
      }
      const steps: [FirehoseEvent[], boolean][] = [
        [[video('create', ['did:plc:a', 'did:plc:a', 'did:plc:c'])], false],
        // A rewrite keeps the indexedAt first held, whatever the batch's own row said.
        [[video('update', ['did:plc:b'], { text: 'edited' })], true],
        [[video('delete'), video('create', ['did:plc:d'])], true],
        [[video('delete')], true],
        [[video('create'), video('update', [], { generation: 'not an object' })], false],
      ]
      for (const [events, heldBefore] of steps) {
        await new Promise((r) => setTimeout(r, 2)) // a later indexedAt than the row held
        const batch = new GraphWrites()
        await batch.preload(database.db, events)
        expect(batch.videos.after(URI)).toBeUndefined() // not touched yet
        for (const evt of events) await indexer.handle(database.db, evt, batch).catch((err) => expect(err.name).toBe('InvalidGraphRecord'))
        expect(batch.videos.after(URI)).toBeUndefined() // not written yet
        await batch.flush(database.db)
        const after = batch.videos.after(URI)!
        const { row, subjects } = await held()
        expect({ row: after.row, subjects: [...after.subjects].sort() }).toEqual({ row, subjects })
        expect(after.heldBefore).toBe(heldBefore)
      }
    })
  })
})
