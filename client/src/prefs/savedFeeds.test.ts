import { describe, expect, it } from 'vitest'
import { memoryStore } from '../storage'
import { localSavedFeeds } from './savedFeeds'

const A = 'at://did:plc:a/app.bsky.feed.generator/one'
const B = 'at://did:plc:b/app.bsky.feed.generator/two'

describe('saved feeds kept in this browser', () => {
  it('adds, pins first, unpins, removes, and survives a reload', async () => {
    let n = 0
    const store = memoryStore()
    const feeds = localSavedFeeds(store, () => `id${++n}`)
    expect(await feeds.load()).toEqual([])
    await feeds.add(A, false)
    expect(await feeds.add(B, true)).toEqual([
      { id: 'id2', uri: B, pinned: true },
      { id: 'id1', uri: A, pinned: false },
    ])
    // Adding again changes the pin, never duplicates.
    expect(await feeds.add(A, true)).toHaveLength(2)
    expect((await feeds.setPinned('id2', false)).map((f) => [f.uri, f.pinned])).toEqual([
      [A, true],
      [B, false],
    ])
    await feeds.remove('id1')
    expect(await localSavedFeeds(store).load()).toEqual([{ id: 'id2', uri: B, pinned: false }])
  })

  it('ignores a stored value it cannot read', async () => {
    expect(await localSavedFeeds(memoryStore({ 'framewright.savedFeeds': '{"not":"a list"}' })).load()).toEqual([])
  })
})
