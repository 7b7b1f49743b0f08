import { useCallback, useEffect, useState } from 'react'
import { useAnonymousAppview } from '../api/AppviewContext'
import type { GeneratorView } from '../api/types'
import { errorMessage } from '../ui/errors'

export interface SuggestedFeeds {
  feeds: GeneratorView[]
  /** The feed being watched: the one picked, else the first (the configured default). */
  selected?: GeneratorView
  select(uri: string): void
  loading: boolean
  error?: string
  retry(): void
}

/** The video feeds the appview knows of, the configured default first, and which one is being watched. */
export function useSuggestedFeeds(defaultFeed: string | undefined): SuggestedFeeds {
  const appview = useAnonymousAppview()
  const [feeds, setFeeds] = useState<GeneratorView[]>([])
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string>()
  const [attempt, setAttempt] = useState(0)
  const [selectedUri, select] = useState<string>()

  useEffect(() => {
    let cancelled = false
    setLoading(true)
    setError(undefined)
    appview
      .getSuggestedFeeds()
      .then((list) => !cancelled && setFeeds(defaultFirst(list, defaultFeed)))
      .catch((err: unknown) => !cancelled && setError(errorMessage(err)))
      .finally(() => !cancelled && setLoading(false))
    return () => {
      cancelled = true
    }
  }, [appview, defaultFeed, attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  const selected = feeds.find((f) => f.uri === selectedUri) ?? feeds[0]
  return { feeds, selected, select, loading, error, retry }
}

/** Moves the default feed to the front, keeping the appview's order otherwise. */
export function defaultFirst(feeds: readonly GeneratorView[], defaultFeed: string | undefined): GeneratorView[] {
  const first = feeds.filter((f) => f.uri === defaultFeed)
  return [...first, ...feeds.filter((f) => f.uri !== defaultFeed)]
}
