import { useCallback, useEffect, useRef, useState } from 'react'
import { useAppview } from '../api/AppviewContext'
import type { FeedEnd, FeedItem, GeneratorView } from '../api/types'
import { useSession } from '../session/SessionContext'
import { errorMessage } from '../ui/errors'
import { appendPage, applyFreshViews, PREFS_RELOAD_DELAYS_MS } from './pages'

const PAGE_SIZE = 10

export interface FeedState {
  items: FeedItem[]
  cursor?: string
  /** True once a page came back without a cursor: the feed has nothing more for now. */
  ended: boolean
  /** Why it ended, when the feed generator said (the daily limit, or a personal feed that needs a sign-in). */
  end?: FeedEnd
  /** The CID of the viewer's feed.prefs the generator ranked the first page by, when it said. */
  viewerPrefs?: string
  loading: boolean
  /** Why the last load failed: the first page (nothing to show) or the next one (shown after the items). */
  error?: string
}

export interface Feed extends FeedState {
  /** Loads the next page, unless one is loading, the feed ended, or the last load failed. */
  loadMore(): void
  /** Repeats the load that failed. */
  retry(): void
  /** Reloads from the first page, keeping the old items on screen until it arrives; resolves with them. */
  refresh(): Promise<FeedItem[]>
  /** Reloads from the first page for a viewer who asked to; a failure is shown in place. */
  retryFromStart(): void
  /** Puts a video at the top until the next reload (one just published that the feed does not list yet). */
  pin(item: FeedItem): void
  /**
   * Reloads from the first page once the feed generator ranks by the viewer's prefs record `cid`
   * (just saved): it indexes them from the firehose, so for a moment it may still use the old ones.
   */
  reloadForPrefs(cid: string): void
  /** Replaces the loaded views of `asked` with `fresh` ones, dropping those the appview no longer returns. */
  applyFresh(asked: readonly string[], fresh: ReadonlyMap<string, FeedItem['video']>): void
}

const EMPTY: FeedState = { items: [], ended: false, loading: false }

/**
 * Pages through one feed generator's feed; starts over when the feed or the viewer changes.
 * Waits for a saved session to be resumed, so that the first page is already the personal one.
 */
export function useFeed(generator: Pick<GeneratorView, 'uri' | 'did'> | undefined): Feed {
  const appview = useAppview()
  const { status } = useSession()
  const ready = status === 'ready'
  // The feed's identity, not the object: a refetched list of feeds must not reload the feed.
  const feedUri = generator?.uri
  const feedDid = generator?.did
  const [state, setState] = useState<FeedState>(EMPTY)
  // Each load gets a number; answers to loads that were superseded are dropped.
  const latestLoad = useRef(0)
  const stateRef = useRef(state)
  stateRef.current = state
  // Set as each first page arrives (state lags a render behind), for reloadForPrefs to compare.
  const firstPagePrefs = useRef<string | undefined>(undefined)

  const load = useCallback(
    async (mode: 'first' | 'next'): Promise<FeedItem[]> => {
      if (!feedUri || !feedDid || !ready) return []
      const id = ++latestLoad.current
      const before = mode === 'next' ? stateRef.current.items : []
      const cursor = mode === 'next' ? stateRef.current.cursor : undefined
      setState((s) => ({ ...s, loading: true, error: undefined }))
      try {
        const page = await appview.getFeed({ uri: feedUri, did: feedDid }, { cursor, limit: PAGE_SIZE })
        const items = appendPage(before, page.feed)
        if (mode === 'first' && id === latestLoad.current) firstPagePrefs.current = page.viewerPrefs
        if (id === latestLoad.current) setState((s) => ({
            items,
            cursor: page.cursor,
            ended: !page.cursor,
            end: page.end,
            viewerPrefs: mode === 'first' ? page.viewerPrefs : s.viewerPrefs,
            loading: false,
          }))
        return items
      } catch (err) {
        if (id === latestLoad.current) setState((s) => ({ ...s, loading: false, error: errorMessage(err) }))
        throw err
      }
    },
    [appview, feedUri, feedDid, ready],
  )

  useEffect(() => {
    setState(EMPTY)
    // A failure is kept in state and shown in place by the feed.
    load('first').catch(() => undefined)
  }, [load])

  const loadMore = useCallback(() => {
    const s = stateRef.current
    if (s.loading || s.ended || !s.cursor || s.error) return
    load('next').catch(() => undefined)
  }, [load])

  const retry = useCallback(() => {
    load(stateRef.current.items.length > 0 && stateRef.current.cursor ? 'next' : 'first').catch(() => undefined)
  }, [load])

  const refresh = useCallback(() => load('first'), [load])
  const retryFromStart = useCallback(() => {
    load('first').catch(() => undefined)
  }, [load])

  const pin = useCallback((item: FeedItem) => setState((s) => ({ ...s, items: appendPage([item], s.items) })), [])

  const reloadForPrefs = useCallback(
    (cid: string) => {
      void (async () => {
        for (const delay of [0, ...PREFS_RELOAD_DELAYS_MS]) {
          if (delay) await new Promise((r) => setTimeout(r, delay))
          const page = await load('first').catch(() => undefined)
          // Another generator may not say which prefs it used: then one reload is all we can do.
          if (!page || firstPagePrefs.current === undefined || firstPagePrefs.current === cid) return
        }
      })()
    },
    [load],
  )

  const applyFresh = useCallback(
    (asked: readonly string[], fresh: ReadonlyMap<string, FeedItem['video']>) => setState((s) => ({ ...s, items: applyFreshViews(s.items, asked, fresh) })),
    [],
  )

  return { ...state, loadMore, retry, refresh, retryFromStart, pin, applyFresh, reloadForPrefs }
}
