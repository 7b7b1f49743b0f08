import { expect, it } from 'vitest'
import { appliedMigrations, describeEngines, tableNames } from '@framewright/service-kit/testing'
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
})
