import { useCallback, useEffect, useState, type DependencyList } from 'react'
import { errorMessage } from '../ui/errors'

export interface Loaded<T> {
  data: T
  loading: boolean
  error?: string
  retry(): void
}

/**
 * Runs `load` when its dependencies change (or on retry), keeping the last result, whether it is
 * loading and the error in words. A result that arrives after the dependencies changed is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList, initial: T): Loaded<T> {
  const [data, setData] = useState<T>(initial)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string>()
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let cancelled = false
    setLoading(true)
    setError(undefined)
    load()
      .then((value) => !cancelled && setData(value))
      .catch((err: unknown) => !cancelled && setError(errorMessage(err)))
      .finally(() => !cancelled && setLoading(false))
    return () => {
      cancelled = true
    }
    // The caller names what load depends on; load itself is a new closure every render.
  }, [...deps, attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return { data, loading, error, retry }
}
