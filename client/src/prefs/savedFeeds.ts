import type { Agent } from '@atproto/api'
import { readJson, writeJson, type KeyValueStore } from '../storage'

/** A feed the viewer saved; pinned ones become tabs. */
export interface SavedFeed {
  id: string
  uri: string
  pinned: boolean
}

/** Where saved feeds are kept: the account's Bluesky preferences, or this browser when logged out. */
export interface SavedFeedsStore {
  load(): Promise<SavedFeed[]>
  /** Saves `uri` (or changes its pin when already saved); returns the new list. */
  add(uri: string, pinned: boolean): Promise<SavedFeed[]>
  setPinned(id: string, pinned: boolean): Promise<SavedFeed[]>
  remove(id: string): Promise<SavedFeed[]>
}

/**
 * Saved feeds in the account's Bluesky preferences (app.bsky.actor.defs#savedFeedsPrefV2), read
 * and written through the user's PDS, so the Bluesky app shows the same list. Items other than
 * feed generators (the Following timeline, lists) are kept as they are and not shown here.
 */
export function accountSavedFeeds(agent: Agent): SavedFeedsStore {
  const feedsOf = (items: { id: string; type: string; value: string; pinned: boolean }[]): SavedFeed[] =>
    items.filter((i) => i.type === 'feed').map((i) => ({ id: i.id, uri: i.value, pinned: i.pinned }))
  const load = async () => feedsOf((await agent.getPreferences()).savedFeeds ?? [])
  return {
    load,
    async add(uri, pinned) {
      const existing = (await load()).find((f) => f.uri === uri)
      if (existing) await agent.updateSavedFeeds([{ id: existing.id, type: 'feed', value: uri, pinned }])
      else await agent.addSavedFeeds([{ type: 'feed', value: uri, pinned }])
      return load()
    },
    async setPinned(id, pinned) {
      const feed = (await load()).find((f) => f.id === id)
      if (feed) await agent.updateSavedFeeds([{ id, type: 'feed', value: feed.uri, pinned }])
      return load()
    },
    async remove(id) {
      await agent.removeSavedFeeds([id])
      return load()
    },
  }
}

const LOCAL_KEY = 'framewright.savedFeeds'

/** Saved feeds in this browser, for someone who is not logged in. */
export function localSavedFeeds(store: KeyValueStore, newId: () => string = () => crypto.randomUUID()): SavedFeedsStore {
  const read = () => readJson<SavedFeed[]>(store, LOCAL_KEY, [], isSavedFeedList)
  const write = (feeds: SavedFeed[]) => {
    // Pinned first, each group in the order saved: as the Bluesky app keeps them.
    const ordered = [...feeds.filter((f) => f.pinned), ...feeds.filter((f) => !f.pinned)]
    writeJson(store, LOCAL_KEY, ordered)
    return ordered
  }
  return {
    load: async () => read(),
    add: async (uri, pinned) => {
      const feeds = read()
      const existing = feeds.find((f) => f.uri === uri)
      return write(existing ? feeds.map((f) => (f === existing ? { ...f, pinned } : f)) : [...feeds, { id: newId(), uri, pinned }])
    },
    setPinned: async (id, pinned) => write(read().map((f) => (f.id === id ? { ...f, pinned } : f))),
    remove: async (id) => write(read().filter((f) => f.id !== id)),
  }
}

function isSavedFeedList(v: unknown): v is SavedFeed[] {
  return Array.isArray(v) && v.every((f) => f && typeof f.id === 'string' && typeof f.uri === 'string' && typeof f.pinned === 'boolean')
}
