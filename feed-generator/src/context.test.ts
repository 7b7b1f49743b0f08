import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '@framewright/service-kit'
import { describeEngines } from '@framewright/service-kit/testing'
import { envToConfig } from './config/config'
import { readEnv } from './config/env'
import { AppContext } from './context'
import { FEED_ITEMS_TOPIC } from './ranking/feed-items'

const contextAt = (location: string) =>
  AppContext.fromConfig(envToConfig(readEnv({ FRAMEWRIGHT_FEEDGEN_PUBLISHER_DID: 'did:plc:publisher', FRAMEWRIGHT_FEEDGEN_DB: location })), {
    logger: createLogger({ level: 'silent' }),
  })
const add = (ctx: AppContext, n: number) =>
  ctx.db.db
    .insertInto('feed_item')
    .values({ uri: `at://did:plc:c/app.framewright.video.post/v${n}`, post: `at://did:plc:c/app.bsky.feed.post/p${n}`, creator: 'did:plc:c', rank: n, madeAt: n, consented: 1, context: 'Recent.', words: ' ' })
    .execute()
/** The window as the next steered page reads it once the cached one is stale. */
const windowOf = (ctx: AppContext) => {
  ctx.candidates.invalidate()
  return ctx.candidates.get()
}

describe('the candidate window of a SQLite file shared by processes', () => {
  let dir: string
  let reader: AppContext
  let writer: AppContext
  const open = () => contextAt(join(dir, 'feed.sqlite'))

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fw-feedgen-window-'))
    // Two connections to one file: another process (the ingester, another replica) and this one.
    writer = open()
    await writer.db.migrateToLatest()
    reader = open()
    await add(writer, 1)
  })
  afterEach(async () => {
    await reader.db.close()
    await writer.db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('is read again only when another process wrote to the file, or this one changed feed items', async () => {
    const first = await windowOf(reader)
    expect(first.items.map((i) => i.uri)).toEqual(['at://did:plc:c/app.framewright.video.post/v1'])
    expect(await windowOf(reader)).toBe(first)
    await add(writer, 2)
    const second = await windowOf(reader)
    expect(second.items).toHaveLength(2)
    expect(await windowOf(reader)).toBe(second)
    // Its own write does not change the file's version: the ingester says so instead.
    await add(reader, 3)
    reader.itemsChanged()
    expect((await reader.candidates.get()).items).toHaveLength(3)
  })
})

describeEngines('the candidate window of replicas on one Postgres schema', (engine) => {
  it.runIf(engine.name === 'postgres')('is kept until a process notes that feed items changed', async () => {
    const location = engine.location()
    const writer = contextAt(location)
    await writer.db.migrateToLatest()
    const reader = contextAt(location)
    let heard = 0
    const itemsChanged = reader.itemsChanged.bind(reader)
    reader.itemsChanged = () => (heard++, itemsChanged())
    const stop = reader.watchItemChanges()
    try {
      // Once its LISTEN begins the reader looks again (a note sent before then was missed).
      for (let i = 0; i < 100 && heard === 0; i++) await new Promise((r) => setTimeout(r, 50))
      expect(heard).toBe(1)
      await add(writer, 1)
      const first = await windowOf(reader)
      await add(writer, 2)
      expect(await windowOf(reader)).toBe(first)
      // The ingester notes its batch.
      await writer.db.notify(FEED_ITEMS_TOPIC)
      let seen = 0
      for (let i = 0; i < 50 && seen < 2; i++) {
        await new Promise((r) => setTimeout(r, 100))
        seen = (await reader.candidates.get()).items.length
      }
      expect(seen).toBe(2)
    } finally {
      await stop()
      await reader.db.close()
      await writer.db.close()
    }
  })
})
