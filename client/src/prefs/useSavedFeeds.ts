import { useCallback, useEffect, useMemo, useState } from 'react'
import type { GeneratorView } from '../api/types'
import { useSession } from '../session/SessionContext'
import type { KeyValueStore } from '../storage'
import { errorMessage } from '../ui/errors'
import { FeedLinkError, parseFeedInput } from './feedLinks'
import { loadFeedGenerator, type IdentityServices } from './resolve'
import { accountSavedFeeds, localSavedFeeds, type SavedFeed } from './savedFeeds'

export interface SavedFeeds {
  saved: SavedFeed[]
  /** What each saved feed is (name, publisher), once read; missing while loading or when it could not be read. */
  views: ReadonlyMap<string, GeneratorView>
  /** Pinned feeds, in order, that could be read: the extra tabs. */
  pinnedViews: GeneratorView[]
  /** 'account' when kept in the Bluesky preferences of the signed-in account. */
  keptIn: 'account' | 'browser'
  loading: boolean
  error?: string
  /** Adds a feed from a link or at:// URI (pinned); resolves with a sentence when it cannot. */
  add(input: string): Promise<string | undefined>
  setPinned(feed: SavedFeed, pinned: boolean): Promise<void>
  remove(feed: SavedFeed): Promise<void>
}

/** The viewer's saved feeds: the account's Bluesky preferences when signed in, this browser's otherwise. */
export function useSavedFeeds(store: KeyValueStore, services: IdentityServices): SavedFeeds {
  const { account } = useSession()
  const backing = useMemo(() => (account ? accountSavedFeeds(account.agent) : localSavedFeeds(store)), [account, store])
  const [saved, setSaved] = useState<SavedFeed[]>([])
  const [views, setViews] = useState<ReadonlyMap<string, GeneratorView>>(new Map())
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string>()

  useEffect(() => {
    let cancelled = false
    setLoading(true)
    setError(undefined)
    backing
      .load()
      .then((list) => !cancelled && setSaved(list))
      .catch((err: unknown) => !cancelled && setError(`Could not read your saved feeds: ${errorMessage(err)}`))
      .finally(() => !cancelled && setLoading(false))
    return () => {
      cancelled = true
    }
  }, [backing])

  // Read each saved feed's record once; the list itself holds only URIs.
  useEffect(() => {
    const missing = saved.filter((f) => !views.has(f.uri))
    if (missing.length === 0) return
    let cancelled = false
    void Promise.all(
      missing.map(async (f) => {
        try {
          const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.generator\/([^/]+)$/.exec(f.uri)
          return m ? await loadFeedGenerator(services, { actor: m[1]!, rkey: m[2]! }) : undefined
        } catch {
          return undefined
        }
      }),
    ).then((loaded) => {
      if (cancelled) return
      setViews((current) => {
        const next = new Map(current)
        for (const v of loaded) if (v) next.set(v.uri, v)
        return next
      })
    })
    return () => {
      cancelled = true
    }
  }, [saved, views, services])

  const add = useCallback(
    async (input: string) => {
      try {
        const view = await loadFeedGenerator(services, parseFeedInput(input))
        setViews((current) => new Map(current).set(view.uri, view))
        setSaved(await backing.add(view.uri, true))
        return undefined
      } catch (err) {
        return err instanceof FeedLinkError ? err.message : `Could not save the feed: ${errorMessage(err)}`
      }
    },
    [backing, services],
  )
  const setPinned = useCallback(async (feed: SavedFeed, pinned: boolean) => setSaved(await backing.setPinned(feed.id, pinned)), [backing])
  const remove = useCallback(async (feed: SavedFeed) => setSaved(await backing.remove(feed.id)), [backing])

  const pinnedViews = useMemo(() => saved.filter((f) => f.pinned).flatMap((f) => views.get(f.uri) ?? []), [saved, views])
  return { saved, views, pinnedViews, keptIn: account ? 'account' : 'browser', loading, error, add, setPinned, remove }
}
