import { afterEach, beforeEach, expect, it } from 'vitest'
import { Database } from '../db/database'
import { describeEngines } from '../testing'
import type { GraphChange } from './indexer'
import { videoGraphMigration } from './migration'
import { participantsMigration } from './participants'
import { videosAffectedBy, videosAffectedByAll } from './queries'
import type { VideoGraphSchema } from './schema'

const [a, b, c, d] = ['did:plc:a', 'did:plc:b', 'did:plc:c', 'did:plc:d']
/** Videos as creator → subject pairs (one depiction each, two for the last). */
const depictions = [
  ['v1', a, b],
  ['v2', b, a],
  ['v3', a, c],
  ['v4', c, d],
  ['v5', d, d],
  ['v6', b, c],
  ['v6', b, d],
] as const

describeEngines('videosAffectedByAll', (engine) => {
  let database: Database<VideoGraphSchema>
  beforeEach(async () => {
    database = engine.open<VideoGraphSchema>({ '1': videoGraphMigration, '2': participantsMigration })
    await database.migrateToLatest()
    await database.db.insertInto('depiction').values(depictions.map(([v, creator, subject]) => ({ videoUri: v, creator, subject, grantUri: null }))).execute()
  })
  afterEach(() => database.close())

  it.each<[string, GraphChange[]]>([
    ['nothing', []],
    ['follows either way between a pair, and none between strangers to each other', [
      { kind: 'follow', creator: a, subject: b },
      { kind: 'follow', creator: d, subject: c },
      { kind: 'follow', creator: a, subject: d },
      { kind: 'follow', creator: b, subject: b },
    ]],
    ['people of several pairs among each other, not paired', [
      { kind: 'follow', creator: a, subject: d },
      { kind: 'follow', creator: c, subject: b },
    ]],
    ['grants, videos, reviews and the rest, repeated', [
      { kind: 'grant', subject: d },
      { kind: 'grant', subject: d },
      { kind: 'video', uri: 'v9', creator: a, deleted: false, subjects: [], remixOf: [] },
      { kind: 'review', videoUri: 'v1', reviewer: b },
      { kind: 'account', did: a, active: false },
      { kind: 'identity', did: a },
      { kind: 'follow', creator: b, subject: c },
    ]],
  ])('finds for %s the videos asking change by change finds', async (_name, changes) => {
    const one = new Set<string>()
    for (const change of changes) for (const uri of await videosAffectedBy(database.db, change)) one.add(uri)
    expect((await videosAffectedByAll(database.db, changes)).sort()).toEqual([...one].sort())
  })
})
