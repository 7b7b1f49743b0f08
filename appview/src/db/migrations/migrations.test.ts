import { expect, it } from 'vitest'
import { appliedMigrations, describeEngines, sqliteSchema, tableNames } from '@framewright/service-kit/testing'
import { migrations } from './index'

/** Tables this service reads and writes (each engine adds its own search tables, see search/). */
const TABLES = ['feed_generator', 'labeler_service', 'label', 'actor_handle', 'generation_job', 'grant_holder_name', 'comment', 'post_like', 'notification', 'notification_seen', 'video_media', 'video', 'depiction', 'likeness_grant', 'follow', 'actor', 'participant', 'dead_letter', 'repo_state', 'ingest_cursor']

describeEngines('appview migrations', (engine) => {
  it('run forward from an empty database, every one of them, and a second run changes nothing', async () => {
    const database = engine.open(migrations)
    await database.migrateToLatest()
    const tables = await tableNames(database)
    expect(await appliedMigrations(database)).toEqual(Object.keys(migrations).sort())
    expect(tables).toEqual(expect.arrayContaining(TABLES))
    await database.migrateToLatest()
    expect(await tableNames(database)).toEqual(tables)
  })

  // Shipped migrations may gain a Postgres branch, never a different SQLite schema: existing files
  // were made by them. The snapshot was taken from the migrations as they shipped.
  it.runIf(engine.name === 'sqlite')('create the SQLite schema exactly as shipped', async () => {
    const database = engine.open(migrations)
    await database.migrateToLatest()
    expect(await sqliteSchema(database)).toMatchSnapshot()
  })
})
