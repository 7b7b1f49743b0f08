import { useMemo, useState } from 'react'
import { useAnonymousAppview } from '../api/AppviewContext'
import type { GeneratorView } from '../api/types'
import { useLoad } from '../api/useLoad'

const NONE: GeneratorView[] = []

export interface SuggestedFeeds {
  feeds: GeneratorView[]
  /** The feed being watched: the one picked, else the first (the configured default). */
  selected?: GeneratorView
  select(uri: string): void
  loading: boolean
  error?: string
  retry(): void
}

/**
 * The video feeds the appview knows of, the configured default first, then the viewer's pinned
 * feeds it does not list (`pinned`), and which one is being watched.
 */
export function useSuggestedFeeds(defaultFeed: string | undefined, pinned: readonly GeneratorView[] = NONE): SuggestedFeeds {
  const appview = useAnonymousAppview()
  const [selectedUri, select] = useState<string>()
  const { data: suggested, loading, error, retry } = useLoad(
    async () => defaultFirst(await appview.getSuggestedFeeds(), defaultFeed),
    [appview, defaultFeed],
    NONE,
  )
  const feeds = useMemo(() => [...suggested, ...pinned.filter((p) => !suggested.some((f) => f.uri === p.uri))], [suggested, pinned])
  const selected = feeds.find((f) => f.uri === selectedUri) ?? feeds[0]
  return { feeds, selected, select, loading, error, retry }
}

/** Moves the default feed to the front, keeping the appview's order otherwise. */
export function defaultFirst(feeds: readonly GeneratorView[], defaultFeed: string | undefined): GeneratorView[] {
  const first = feeds.filter((f) => f.uri === defaultFeed)
  return [...first, ...feeds.filter((f) => f.uri !== defaultFeed)]
}
